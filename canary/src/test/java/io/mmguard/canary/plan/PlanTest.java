package io.mmguard.canary.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final Plan SEED = new Plan(
            List.of(new Stage(new BigDecimal("0.01"), Duration.ofMinutes(15)), new Stage(new BigDecimal("0.05"), Duration.ofMinutes(45)),
                    new Stage(new BigDecimal("0.10"), Duration.ofMinutes(30))),
            List.of(new BigDecimal("0.25"), new BigDecimal("0.50"), BigDecimal.ONE), Duration.ofHours(6),
            List.of(new BigDecimal("0.05"), new BigDecimal("0.10")), Duration.ofHours(1));

    @Test
    void theSeedsPlanIsWalkedOneChangeAtATimeCanaryThenSkewThenExpansion() {
        List<String> walk = new ArrayList<>();
        int fraction = 0;
        int kInv = -1;
        for (Optional<Step> next = SEED.next(fraction, kInv); next.isPresent(); next = SEED.next(fraction, kInv)) {
            Step step = next.get();
            walk.add(step.kind() + " " + step.to().stripTrailingZeros().toPlainString() + " after " + DurationText.format(step.hold()));
            if (step.kind() == Step.Kind.PROMOTE) {
                fraction = step.targetIndex();
            } else {
                kInv = step.targetIndex();
            }
        }

        assertThat(walk).containsExactly("PROMOTE 0.05 after 15m", "PROMOTE 0.1 after 45m", "K_INV 0.05 after 30m", "K_INV 0.1 after 1h",
                "PROMOTE 0.25 after 6h", "PROMOTE 0.5 after 6h", "PROMOTE 1 after 6h");
    }

    @Test
    void aFractionBetweenStagesBelongsToTheStageBelowIt() {
        assertThat(SEED.fractionIndexAtOrBelow(new BigDecimal("0.07"))).isEqualTo(1);
        assertThat(SEED.fractionIndexAtOrBelow(new BigDecimal("0.005"))).isEqualTo(-1);
        assertThat(SEED.next(-1, -1)).map(Step::to).contains(new BigDecimal("0.01"));
        assertThat(SEED.kInvIndexAtOrBelow(null)).isEqualTo(-1);
        assertThat(SEED.kInvIndexAtOrBelow(new BigDecimal("0.1"))).isEqualTo(1);
    }

    @Test
    void aRunThatStartsInsideTheCanaryStartsWithSkewOff() {
        assertThat(SEED.inCanary(2)).isTrue();
        assertThat(SEED.inCanary(3)).isFalse();
    }

    @Test
    void durationsReadAndPrintAsOperatorsWriteThem() {
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.format(Duration.ofMillis(5_400_000))).isEqualTo("1h30m");
        assertThat(DurationText.format(Duration.ofMillis(833))).isEqualTo("833ms");
        assertThatThrownBy(() -> DurationText.parse("15 minutes")).hasMessageContaining("write e.g. 250ms, 90s, 15m, 6h or 1h30m");
    }
}
