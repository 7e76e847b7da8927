package io.mmguard.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesOfOneToOneThousandMillisecondsAreTheirRanks() {
        Histogram micros = new Histogram(LatencyRecorder.MAX_MICROS, 3);
        for (int ms = 1; ms <= 1_000; ms++) {
            micros.recordValue(ms * 1_000L);
        }

        LatencyStats stats = LatencyStats.ofMicros(micros);

        assertThat(stats.count()).isEqualTo(1_000);
        assertThat(stats.p50Ms()).isCloseTo(500, within(0.5));
        assertThat(stats.p99Ms()).isCloseTo(990, within(1.0));
        assertThat(stats.p999Ms()).isCloseTo(999, within(1.0));
        assertThat(stats.maxMs()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void anEmptyHistogramHasNoFiguresAndRendersNulls() {
        LatencyStats stats = LatencyStats.ofMicros(new Histogram(LatencyRecorder.MAX_MICROS, 3));

        assertThat(stats.isEmpty()).isTrue();
        assertThat(stats.asMap()).containsEntry("count", 0L).containsEntry("p99_ms", null).containsEntry("max_ms", null);
    }

    @Test
    void aRecorderWindowForgetsWhatCameBeforeItAndClampsNegativeLatencies() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordMicros(900_000);
        recorder.startWindow();
        recorder.recordMicros(2_000);
        recorder.recordMicros(-5);

        LatencyStats window = recorder.endWindow();

        assertThat(window.count()).isEqualTo(2);
        assertThat(window.maxMs()).isCloseTo(2.0, within(0.01));
        assertThat(window.p50Ms()).isEqualTo(0.0);
    }
}
