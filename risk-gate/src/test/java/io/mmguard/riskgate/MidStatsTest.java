package io.mmguard.riskgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The EMA / sigma / z arithmetic, on its own. */
class MidStatsTest {

    private static final double ALPHA_20 = MidStats.alphaForHalfLife(20);

    @Test
    void theFirstSampleIsTheMeanWithZeroVariance() {
        MidStats stats = MidStats.EMPTY.fold(17159268, ALPHA_20);

        assertThat(stats).isEqualTo(new MidStats(1, 17159268, 0));
    }

    @Test
    void aSampleLosesHalfItsWeightAfterOneHalfLife() {
        double alpha = MidStats.alphaForHalfLife(20);

        assertThat(Math.pow(1 - alpha, 20)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void afterAStepTheEmaHasCoveredHalfTheStepAfterOneHalfLife() {
        MidStats stats = MidStats.EMPTY.fold(100, ALPHA_20);
        for (int i = 0; i < 20; i++) {
            stats = stats.fold(200, ALPHA_20);
        }

        assertThat(stats.ema()).isCloseTo(150, within(1e-9));
        assertThat(stats.samples()).isEqualTo(21);
    }

    @Test
    void aFlatMarketHasNoSigmaSoTheFloorInBpOfMidDecides() {
        MidStats stats = MidStats.EMPTY;
        for (int i = 0; i < 30; i++) {
            stats = stats.fold(17159268, ALPHA_20);
        }
        double oneBp = 0.0001;

        assertThat(stats.sigma()).isZero();
        assertThat(stats.effectiveSigma(17159268, oneBp)).isCloseTo(1715.9268, within(1e-6));
        double jumped = 17159268 + 8579.634;
        assertThat(stats.z(jumped, oneBp)).isCloseTo(8579.634 / (oneBp * jumped), within(1e-12));
    }

    @Test
    void theVarianceOfAnAlternatingSeriesApproachesItsSquaredAmplitude() {
        MidStats stats = MidStats.EMPTY.fold(0, 0.01);
        for (int i = 0; i < 5000; i++) {
            stats = stats.fold(i % 2 == 0 ? 1 : -1, 0.01);
        }

        assertThat(stats.ema()).isCloseTo(0, within(0.02));
        assertThat(stats.sigma()).isCloseTo(1, within(0.02));
    }

    @Test
    void theSameInputsGiveTheSameBits() {
        MidStats a = MidStats.EMPTY;
        MidStats b = MidStats.EMPTY;
        for (int i = 0; i < 1000; i++) {
            double mid = 17159268 + StrictMath.sin(i) * 1000;
            a = a.fold(mid, ALPHA_20);
            b = b.fold(mid, ALPHA_20);
        }

        assertThat(Double.doubleToRawLongBits(a.ema())).isEqualTo(Double.doubleToRawLongBits(b.ema()));
        assertThat(Double.doubleToRawLongBits(a.variance())).isEqualTo(Double.doubleToRawLongBits(b.variance()));
        assertThat(Measurements.of(a.sigma())).isEqualTo(Measurements.of(b.sigma()));
    }

    @Test
    void aMeasurementIsRecordedAsTheShortestDecimalAtTheWireScale() {
        assertThat(Measurements.of(0.1)).hasToString("0.100000000000");
        assertThat(Measurements.of(11.641456372)).hasToString("11.641456372000");
        assertThat(Measurements.of(1e300)).isEqualByComparingTo("1e24");
    }

    @Property(tries = 200)
    void theEmaStaysWithinTheSamplesAndTheVarianceIsNeverNegative(
            @ForAll @Size(min = 1, max = 200) java.util.List<@DoubleRange(min = 1, max = 1e9) Double> mids,
            @ForAll @IntRange(min = 1, max = 1000) int halfLife) {
        double alpha = MidStats.alphaForHalfLife(halfLife);
        MidStats stats = MidStats.EMPTY;
        for (double mid : mids) {
            stats = stats.fold(mid, alpha);
        }
        double min = mids.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = mids.stream().mapToDouble(Double::doubleValue).max().orElseThrow();

        assertThat(stats.ema()).isBetween(min * (1 - 1e-12), max * (1 + 1e-12));
        assertThat(stats.variance()).isGreaterThanOrEqualTo(0);
        assertThat(stats.samples()).isEqualTo(mids.size());
    }
}
