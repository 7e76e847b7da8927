package io.mmguard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void withNoSampleEveryPercentileIsNotMeasuredRatherThanZeroMilliseconds() {
        LatencyHistogram.Snapshot empty = new LatencyHistogram().snapshot();

        assertThat(empty.asMap()).containsEntry("count", 0L).containsEntry("p50", null).containsEntry("p99", null)
                .containsEntry("p99_9", null).containsEntry("max", null);
        assertThat(empty.p99OrNull()).isNull();
        assertThat(empty.text()).isEqualTo("-/-/-");
    }

    @Test
    void percentilesAreNearestRankInWholeMilliseconds() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms);
        }

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.asMap()).containsEntry("count", 100L).containsEntry("p50", 50L).containsEntry("p99", 99L)
                .containsEntry("p99_9", 100L).containsEntry("max", 100L);
        assertThat(snapshot.p99OrNull()).isEqualTo(99L);
        assertThat(snapshot.text()).isEqualTo("50/99/100");
    }
}
