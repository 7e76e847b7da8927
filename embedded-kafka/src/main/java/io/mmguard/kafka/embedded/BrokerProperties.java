package io.mmguard.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds the configuration of a single-node KRaft server (combined broker and controller) that listens on
 * {@link LoopbackPorts#HOST} only. Single-node defaults (replication factors 1, min.insync 1, no initial
 * rebalance delay) can be overridden by the caller; the keys that define the listeners, the node identity,
 * the storage layout and the feature stability cannot.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Keys this library owns; overriding them would break the loopback binding or the storage format. */
    static final Set<String> RESERVED = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "inter.broker.listener.name",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "log.dirs",
            "log.dir",
            "metadata.log.dir",
            "unstable.api.versions.enable",
            "unstable.feature.versions.enable");

    private BrokerProperties() {
    }

    /**
     * @param brokerPort     the resolved (non-zero) client port
     * @param controllerPort the resolved (non-zero) controller port
     * @param logDir         the formatted data directory
     * @param startTimeout   also used as Kafka's own startup deadline, so a stuck start fails instead of hanging
     * @param overrides      extra broker properties (the options builder rejects {@link #RESERVED} keys)
     */
    static Properties build(int brokerPort, int controllerPort, Path logDir, Duration startTimeout,
                            Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("listeners", BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + LoopbackPorts.HOST + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("controller.quorum.bootstrap.servers", LoopbackPorts.HOST + ":" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        // Single node: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("server.max.startup.time.ms", Long.toString(startTimeout.toMillis()));

        props.putAll(overrides);
        return props;
    }
}
