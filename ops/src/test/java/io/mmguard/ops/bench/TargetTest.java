package io.mmguard.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void anUpperBoundIsMetAtOrBelowItsLimit() {
        assertThat(new Target("kill_p99_ms", "", 50, true, 50, "ms").met()).isTrue();
        assertThat(new Target("kill_p99_ms", "", 50.1, true, 50, "ms").met()).isFalse();
    }

    @Test
    void aLowerBoundIsMetAtOrAboveItsLimit() {
        assertThat(new Target("throughput_ratio", "", 0.25, false, 0.25, "").met()).isTrue();
        assertThat(new Target("throughput_ratio", "", 0.2, false, 0.25, "").met()).isFalse();
    }

    @Test
    void aFigureThatWasNotMeasuredIsNeverMet() {
        Target target = new Target("e2e_p99_ms_eos", "", Double.NaN, true, 50, "ms");

        assertThat(target.met()).isFalse();
        assertThat(target.asMap()).containsEntry("value", null).containsEntry("met", false).containsEntry("max", 50.0);
    }
}
