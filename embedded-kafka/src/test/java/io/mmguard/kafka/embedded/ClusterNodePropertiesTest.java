package io.mmguard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-node configuration of a {@link LocalCluster}: the deployed replication settings and a static quorum of every node. */
class ClusterNodePropertiesTest {

    private static final List<ClusterNodeProperties.Layout> THREE = List.of(
            new ClusterNodeProperties.Layout(1, 9092, 9095),
            new ClusterNodeProperties.Layout(2, 9093, 9096),
            new ClusterNodeProperties.Layout(3, 9094, 9097));

    @Test
    void threeBrokersGetTheDeployedReplicationAndEveryNodeIsAVoter() {
        Map<String, String> props = ClusterNodeProperties.build(THREE.get(1), THREE, Path.of("/data/node-2/data"));

        assertThat(props).containsEntry("node.id", "2")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:9096")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9095,2@127.0.0.1:9096,3@127.0.0.1:9097")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                .containsEntry("share.coordinator.state.topic.min.isr", "2")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.dirs", "/data/node-2/data");
        assertThat(props).doesNotContainKey("controller.quorum.bootstrap.servers");
    }

    @Test
    void fewerBrokersScaleReplicationDownAndStillSurviveOneLossWhenThereAreTwo() {
        assertThat(ClusterNodeProperties.replicationFactor(1)).isEqualTo(1);
        assertThat(ClusterNodeProperties.minInsyncReplicas(1)).isEqualTo(1);
        assertThat(ClusterNodeProperties.replicationFactor(2)).isEqualTo(2);
        assertThat(ClusterNodeProperties.minInsyncReplicas(2)).isEqualTo(1);
        assertThat(ClusterNodeProperties.replicationFactor(5)).isEqualTo(3);
        assertThat(ClusterNodeProperties.minInsyncReplicas(5)).isEqualTo(2);
    }

    @Test
    void optionsRefuseAClusterThatWouldRunPastThePortRange() {
        assertThatThrownBy(() -> LocalCluster.Options.builder().brokers(3).port(65_531).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65531..65536");
        assertThat(LocalCluster.Options.builder().brokers(3).port(65_530).build().port()).isEqualTo(65_530);
        assertThatThrownBy(() -> LocalCluster.Options.builder().brokers(LocalCluster.MAX_BROKERS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exitCodesOfSignalledProcessesNameTheSignal() {
        assertThat(LocalCluster.describeExit(137)).isEqualTo("exit code 137 (killed by signal 9, SIGKILL)");
        assertThat(LocalCluster.describeExit(143)).isEqualTo("exit code 143 (killed by signal 15, SIGTERM)");
        assertThat(LocalCluster.describeExit(1)).isEqualTo("exit code 1");
    }
}
