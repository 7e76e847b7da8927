package io.mmguard.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats data directories in process, with production features only:
 * <ul>
 *   <li>{@link #formatIfNeeded} like {@code kafka-storage format -t <random id> --standalone --release-version
 *       <latest production>}: a single-node dynamic (KIP-853) quorum whose only voter is this node;</li>
 *   <li>{@link #formatClusterNodeIfNeeded} like {@code kafka-storage format -t <cluster id> -c server.properties}
 *       for a node of a static quorum ({@code controller.quorum.voters}, {@code kraft.version} 0), the layout the
 *       deployed cluster uses; every node of one cluster gets the same cluster id.</li>
 * </ul>
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

    /**
     * Formats {@code logDir} for node {@code nodeId} of the static-quorum cluster {@code clusterId}, unless it is
     * already formatted (then it is reused as is, after checking it belongs to that cluster and node).
     *
     * @return true if it was formatted now, false if it was reused
     * @throws BrokerStartException if the directory was formatted for another cluster or node, or cannot be formatted
     */
    static boolean formatClusterNodeIfNeeded(Path logDir, int nodeId, String clusterId) {
        Path metaProperties = logDir.resolve(META_PROPERTIES);
        if (Files.exists(metaProperties)) {
            Properties existing = new Properties();
            try (Reader reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
                existing.load(reader);
            } catch (IOException e) {
                throw BrokerStartException.cluster("cannot read " + metaProperties + ": " + e.getMessage(), e);
            }
            if (!clusterId.equals(existing.getProperty("cluster.id"))
                    || !Integer.toString(nodeId).equals(existing.getProperty("node.id"))) {
                throw BrokerStartException.cluster(logDir + " holds node " + existing.getProperty("node.id") + " of cluster "
                        + existing.getProperty("cluster.id") + ", not node " + nodeId + " of cluster " + clusterId
                        + "; use another --data directory or delete this one");
            }
            LOG.debug("{} is already formatted for node {} of cluster {}; reusing it", logDir, nodeId, clusterId);
            return false;
        }
        MetadataVersion release = MetadataVersion.latestProduction();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setReleaseVersion(release)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setHasDynamicQuorum(false) // static voters: kraft.version 0, as with controller.quorum.voters
                    .run();
        } catch (Exception e) {
            throw BrokerStartException.cluster("cannot format the log directory " + logDir + " for node " + nodeId + ": "
                    + e.getMessage(), e);
        }
        LOG.debug("Formatted {} for node {} of cluster {} with metadata.version {}: {}", logDir, nodeId, clusterId, release,
                output.toString(StandardCharsets.UTF_8).trim().replace(System.lineSeparator(), " | "));
        return true;
    }
}
