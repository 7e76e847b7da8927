package io.mmguard.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUsageTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void threadsAreGroupedByTheApplicationIdOrNameTheyCarry() {
        assertThat(CpuGroups.of("mmguard-quoter-3f2a9c1e-8d7b-4c1a-9e0f-1234567890ab-StreamThread-1")).isEqualTo(CpuGroups.QUOTER);
        assertThat(CpuGroups.of("kafka-producer-network-thread | mmguard-risk-gate-3f2a-StreamThread-1-producer"))
                .isEqualTo(CpuGroups.RISK_GATE);
        assertThat(CpuGroups.of("mmguard-order-router-3f2a-GlobalStreamThread")).isEqualTo(CpuGroups.ORDER_ROUTER);
        assertThat(CpuGroups.of("mmguard-canary-controller-3f2a-StreamThread-1")).isEqualTo(CpuGroups.CANARY);
        assertThat(CpuGroups.of("canary-controller-ops-http")).isEqualTo(CpuGroups.CANARY);
        assertThat(CpuGroups.of("mm-notifier-slack")).isEqualTo(CpuGroups.NOTIFIER);
        assertThat(CpuGroups.of("kafka-producer-network-thread | mm-sim-book")).isEqualTo(CpuGroups.FEED);
        assertThat(CpuGroups.of("mm-sim-feed")).isEqualTo(CpuGroups.FEED);
        assertThat(CpuGroups.of("kafka-producer-network-thread | mm-paper-exchange")).isEqualTo(CpuGroups.EXCHANGE);
        assertThat(CpuGroups.of("mm-bench-onehop-eos-1a2b3c4d-5e6f-StreamThread-1")).isEqualTo(CpuGroups.BASELINE);
        assertThat(CpuGroups.of("mm-bench-watch-eos")).isEqualTo(CpuGroups.HARNESS);
        assertThat(CpuGroups.of("data-plane-kafka-request-handler-0")).isEqualTo(CpuGroups.BROKER);
        assertThat(CpuGroups.of("main")).isEqualTo(CpuGroups.HARNESS);
        assertThat(CpuGroups.of("kafka-scheduler-3")).isEqualTo(CpuGroups.BROKER);
    }

    @Test
    void aThreadAliveAtBothEndsCountsItsDifferenceAndANewThreadAllOfItsTime() {
        CpuSnapshot start = new CpuSnapshot(Map.of(
                1L, new CpuSnapshot.ThreadCpu("mmguard-quoter-x-StreamThread-1", 2 * SECOND),
                2L, new CpuSnapshot.ThreadCpu("data-plane-kafka-request-handler-0", SECOND)), 10 * SECOND);
        CpuSnapshot end = new CpuSnapshot(Map.of(
                1L, new CpuSnapshot.ThreadCpu("mmguard-quoter-x-StreamThread-1", 5 * SECOND),
                2L, new CpuSnapshot.ThreadCpu("data-plane-kafka-request-handler-0", 2 * SECOND),
                3L, new CpuSnapshot.ThreadCpu("mmguard-risk-gate-x-StreamThread-1", SECOND / 2)), 16 * SECOND);

        CpuUsage usage = CpuUsage.between(start, end);

        assertThat(usage.seconds()).containsEntry(CpuGroups.QUOTER, 3.0).containsEntry(CpuGroups.RISK_GATE, 0.5)
                .containsEntry(CpuGroups.BROKER, 1.0).containsEntry(CpuGroups.ORDER_ROUTER, 0.0);
        assertThat(usage.seconds().keySet()).containsExactlyElementsOf(CpuGroups.ALL);
        assertThat(usage.threadsLost()).isZero();
        assertThat(usage.processSeconds()).isEqualTo(6.0);
        assertThat(usage.unattributedSeconds()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aThreadThatDiedInTheWindowIsLostAndCounted() {
        CpuSnapshot start = new CpuSnapshot(Map.of(7L, new CpuSnapshot.ThreadCpu("mm-sim-feed", SECOND)), -1);
        CpuSnapshot end = new CpuSnapshot(Map.of(), -1);

        CpuUsage usage = CpuUsage.between(start, end);

        assertThat(usage.threadsLost()).isEqualTo(1);
        assertThat(usage.seconds()).containsEntry(CpuGroups.FEED, 0.0);
        assertThat(usage.processSeconds()).isNaN();
    }

    @Test
    void perThousandUpdatesDividesByTheUpdatesInThousands() {
        CpuUsage usage = new CpuUsage(Map.of(CpuGroups.QUOTER, 2.0), 0, 4.0, 1.0);

        assertThat(usage.perThousand(40_000)).containsEntry(CpuGroups.QUOTER, 0.05);
        assertThat(usage.perThousand(0).get(CpuGroups.QUOTER)).isNaN();
    }
}
