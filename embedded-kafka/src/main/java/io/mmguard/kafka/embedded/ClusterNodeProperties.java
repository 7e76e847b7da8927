package io.mmguard.kafka.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one node of a {@link LocalCluster}: a combined broker and controller on
 * {@link LoopbackPorts#HOST}, a voter of a static quorum ({@code controller.quorum.voters}) made of every node, with
 * the replication settings of the deployed cluster (docker-compose.yml) scaled down when there are fewer than three
 * brokers. The keys match the deployed brokers' {@code KAFKA_*} environment one for one.
 */
final class ClusterNodeProperties {

    /** A node's identity and ports. */
    record Layout(int nodeId, int port, int controllerPort) {
    }

    private ClusterNodeProperties() {
    }

    /** The replication factor of every topic: 3 as deployed, or the broker count when there are fewer brokers. */
    static int replicationFactor(int brokers) {
        return Math.min(3, brokers);
    }

    /**
     * The min.insync.replicas of every topic: one less than the replication factor (2 as deployed), at least 1, so
     * that {@code acks=all} writes survive the loss of any one broker whenever there is more than one.
     */
    static int minInsyncReplicas(int brokers) {
        return Math.max(1, replicationFactor(brokers) - 1);
    }

    static Map<String, String> build(Layout node, List<Layout> all, Path logDir) {
        int brokers = all.size();
        String rf = Integer.toString(replicationFactor(brokers));
        String minIsr = Integer.toString(minInsyncReplicas(brokers));
        Map<String, String> props = new TreeMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(node.nodeId()));
        props.put("listeners", BrokerProperties.BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + node.port()
                + "," + BrokerProperties.CONTROLLER_LISTENER + "://" + LoopbackPorts.HOST + ":" + node.controllerPort());
        props.put("advertised.listeners", BrokerProperties.BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + node.port());
        props.put("listener.security.protocol.map",
                BrokerProperties.BROKER_LISTENER + ":PLAINTEXT," + BrokerProperties.CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BrokerProperties.BROKER_LISTENER);
        props.put("controller.listener.names", BrokerProperties.CONTROLLER_LISTENER);
        props.put("controller.quorum.voters", all.stream()
                .map(voter -> voter.nodeId() + "@" + LoopbackPorts.HOST + ":" + voter.controllerPort())
                .collect(Collectors.joining(",")));
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        props.put("default.replication.factor", rf);
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", rf);
        props.put("transaction.state.log.replication.factor", rf);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", rf);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        // A process killed mid-transaction leaves it open, and read_committed readers of its partitions wait behind it until
        // the coordinator aborts it: after the producer's transaction.timeout.ms, checked every this many ms (Kafka's
        // default 10000 added up to 10 s to every failover of an exactly-once service).
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        return props;
    }

    /** The file text: one {@code key=value} a line, keys sorted, backslashes escaped for {@link java.util.Properties}. */
    static String render(Map<String, String> props, String header) {
        StringBuilder text = new StringBuilder("# ").append(header).append(System.lineSeparator());
        props.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\"))
                .append(System.lineSeparator()));
        return text.toString();
    }
}
