package io.mmguard.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/**
 * The broker's data directory (log.dirs and metadata.log.dir). A directory this class created is temporary
 * and is deleted by {@link #release()}; a directory the caller supplied is kept.
 */
final class LogDirectory {

    private final Path path;
    private final boolean temporary;

    private LogDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** Uses {@code requested} (created if missing, kept on release) or, when null, a fresh temporary directory. */
    static LogDirectory of(Path requested) {
        try {
            if (requested == null) {
                return new LogDirectory(Files.createTempDirectory("embedded-kafka-"), true);
            }
            return new LogDirectory(Files.createDirectories(requested).toAbsolutePath(), false);
        } catch (IOException e) {
            throw new BrokerStartException("cannot create the log directory "
                    + (requested == null ? "in " + System.getProperty("java.io.tmpdir") : requested)
                    + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    boolean temporary() {
        return temporary;
    }

    /** Deletes the directory if it is temporary. */
    void release() {
        if (!temporary) {
            return;
        }
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the embedded Kafka log directory " + path, e);
        }
    }
}
