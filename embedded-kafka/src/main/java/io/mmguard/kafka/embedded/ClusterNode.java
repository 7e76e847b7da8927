package io.mmguard.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of one broker process of a {@link LocalCluster}: a combined KRaft broker and controller started
 * from a {@code server.properties} file on an already formatted data directory, as {@code kafka-server-start.sh}
 * would (same fault handling: a failed start exits 1, SIGTERM/SIGINT shut the server down cleanly).
 *
 * <pre>{@code java -cp <classpath> io.mmguard.kafka.embedded.ClusterNode <server.properties> [--exit-with-parent]}</pre>
 *
 * <p>With {@code --exit-with-parent} the node also shuts down when its standard input reaches end of file, which is
 * what happens when the parent process that holds the other end of the pipe dies (even by {@code kill -9}): no broker
 * outlives the {@code bin/mm cluster} that started it, holding its ports and its data directory's lock.
 */
public final class ClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    static final String EXIT_WITH_PARENT = "--exit-with-parent";

    private ClusterNode() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !EXIT_WITH_PARENT.equals(args[1]))) {
            System.err.println("usage: ClusterNode <server.properties> [" + EXIT_WITH_PARENT + "]");
            Exit.exit(2);
            return;
        }
        Path propertiesFile = Path.of(args[0]);
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(load(propertiesFile), false), Time.SYSTEM);
        } catch (RuntimeException | IOException e) {
            LOG.error("Cannot configure the broker from {}: {}", propertiesFile, e.toString(), e);
            Exit.exit(1);
            return;
        }
        Exit.addShutdownHook("cluster-node-shutdown", () -> {
            try {
                server.shutdown();
            } catch (Throwable t) {
                LOG.error("Broker shutdown failed; halting", t);
                Exit.halt(1);
            }
        });
        try {
            server.startup();
        } catch (Throwable t) {
            LOG.error("Broker start failed: {}", t.toString(), t);
            Exit.exit(1);
            return;
        }
        if (args.length == 2) {
            watchParent(System.in);
        }
        server.awaitShutdown();
        Exit.exit(0);
    }

    /** Exits (running the shutdown hook) when {@code stdin} closes: the parent holding the pipe is gone. */
    private static void watchParent(InputStream stdin) {
        Thread watcher = new Thread(() -> {
            try {
                while (stdin.read() >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same thing as end of file
            }
            LOG.warn("The process that started this broker is gone (its pipe closed); shutting down");
            Exit.exit(0);
        }, "cluster-node-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
