package io.mmguard.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One demo per machine: an OS file lock (released by the OS if the process dies) whose file says
 * who holds it, so a second {@code bin/mm demo} can tell the operator where the first one is.
 */
final class DemoLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DemoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or throws {@link DemoAlreadyRunningException} naming the holder. */
    static DemoLock acquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            channel.close();
            throw new DemoAlreadyRunningException("another bin/mm demo is already running on this machine ("
                    + (holder.isEmpty() ? "starting up" : holder) + "); stop it with Ctrl-C in its terminal, then try again");
        }
        return new DemoLock(channel, lock);
    }

    /** Records who holds the lock (pid, bootstrap) for a second demo's error message. */
    void describe(String holder) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.truncate(0);
        lock.release();
        channel.close();
    }

    /** A demo is already running. */
    static final class DemoAlreadyRunningException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoAlreadyRunningException(String message) {
            super(message);
        }
    }
}
