package io.mmguard.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the data directory in process, like
 * {@code kafka-storage format -t <random id> --standalone --release-version <latest production>}:
 * a single-node dynamic (KIP-853) quorum whose only voter is this node, with production features only.
 */
final class StorageFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormatter.class);

    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormatter() {
    }

    /**
     * Formats {@code logDir} unless it already holds a formatted node (a caller-supplied directory is reused as is).
     */
    static void formatIfNeeded(Path logDir, int controllerPort) {
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            LOG.debug("{} is already formatted; reusing it", logDir);
            return;
        }
        MetadataVersion release = MetadataVersion.latestProduction();
        String standaloneVoter = BrokerProperties.NODE_ID + "@" + LoopbackPorts.HOST + ":" + controllerPort
                + ":" + Uuid.randomUuid();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(release)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setHasDynamicQuorum(true)
                    .setInitialControllers(DynamicVoters.parse(standaloneVoter))
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("cannot format the log directory " + logDir + ": " + e.getMessage(), e);
        }
        LOG.debug("Formatted {} with metadata.version {}: {}", logDir, release,
                output.toString(StandardCharsets.UTF_8).trim().replace(System.lineSeparator(), " | "));
    }
}
