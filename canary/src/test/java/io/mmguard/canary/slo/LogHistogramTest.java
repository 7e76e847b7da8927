package io.mmguard.canary.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

    private static final BigDecimal P99 = new BigDecimal("0.99");
    private static final BigDecimal P95 = new BigDecimal("0.95");

    @ParameterizedTest(name = "{0}, P{1}")
    @CsvSource({"uniform 1..1000 ms, 0.99", "uniform 1..1000 ms, 0.95", "exponential mean 40 ms, 0.99", "lognormal err_bp, 0.99",
        "lognormal err_bp, 0.5"})
    void aPercentileIsAccurateToOneBucketOnAKnownDistribution(String distribution, String q) {
        SplittableRandom random = new SplittableRandom(42);
        DoubleSupplier draw = switch (distribution) {
            case "uniform 1..1000 ms" -> () -> 1 + random.nextDouble() * 999;
            case "exponential mean 40 ms" -> () -> -40 * Math.log(1 - random.nextDouble());
            default -> () -> Math.exp(-4 + random.nextDouble() * 3);
        };
        for (boolean upperInclusive : new boolean[] {true, false}) {
            LogHistogram histogram = new LogHistogram(new BucketLayout(0.1, upperInclusive));
            double[] samples = new double[20_000];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = draw.getAsDouble();
                histogram.record(samples[i]);
            }
            Arrays.sort(samples);
            BigDecimal quantile = new BigDecimal(q);
            int rank = quantile.multiply(BigDecimal.valueOf(samples.length)).setScale(0, java.math.RoundingMode.CEILING).intValueExact();
            double exact = samples[rank - 1];
            double reported = histogram.quantile(quantile);

            if (upperInclusive) {
                assertThat(reported).as("upper edge of the bucket: at least the exact value, at most one bucket above")
                        .isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact * BucketLayout.GROWTH);
            } else {
                assertThat(reported).as("lower edge of the bucket: at most the exact value, at most one bucket below")
                        .isLessThanOrEqualTo(exact).isGreaterThanOrEqualTo(exact / BucketLayout.GROWTH);
            }
        }
    }

    @Test
    void theThresholdIsABucketEdgeSoAValueExactlyAtItPassesALessOrEqualSlo() {
        BucketLayout errBp = new BucketLayout(0.10, true);

        assertThat(errBp.passes(errBp.index(0.10))).as("0.10 <= 0.10").isTrue();
        assertThat(errBp.passes(errBp.index(Math.nextUp(0.10)))).as("just above 0.10").isFalse();
        assertThat(errBp.passes(errBp.index(0.0))).as("an exact quote").isTrue();
        assertThat(errBp.representative(errBp.index(0.10))).isEqualTo(0.10);
    }

    @Test
    void aLatencyExactlyAtTheThresholdFailsALessThanSlo() {
        BucketLayout cancel = new BucketLayout(250, false);

        assertThat(cancel.passes(cancel.index(250))).as("250 ms is not < 250 ms").isFalse();
        assertThat(cancel.passes(cancel.index(249.999))).isTrue();
        assertThat(cancel.representative(cancel.index(250))).isEqualTo(250.0);
    }

    @Test
    void theP99OfAHundredSamplesIsTheNinetyNinthSmallest() {
        LogHistogram histogram = new LogHistogram(new BucketLayout(250, false));
        for (int i = 1; i <= 98; i++) {
            histogram.record(40);
        }
        histogram.record(260);
        histogram.record(5_000);

        assertThat(histogram.quantile(P99)).isBetween(260 / BucketLayout.GROWTH, 260.0);
        assertThat(histogram.layout().passes(histogram.quantileBucket(P99))).isFalse();
        assertThat(histogram.layout().passes(histogram.quantileBucket(P95))).isTrue();
    }

    @Test
    void valuesBeyondTheRangeLandInTheOverflowBucketAndFail() {
        BucketLayout slippage = new BucketLayout(0.5, true);
        LogHistogram histogram = new LogHistogram(slippage);
        histogram.record(1e12);

        assertThat(histogram.quantile(P95)).isInfinite();
        assertThat(slippage.passes(histogram.quantileBucket(P95))).isFalse();
    }

    @Test
    void anEncodedHistogramDecodesToTheSameCountsAndIsDroppedUnderAnotherLayout() {
        BucketLayout layout = new BucketLayout(0.1, true);
        LogHistogram histogram = new LogHistogram(layout);
        for (double v : new double[] {0, 0.01, 0.01, 0.1, 0.2, 3}) {
            histogram.record(v);
        }

        LogHistogram same = LogHistogram.decode(histogram.encode(), layout);
        LogHistogram other = LogHistogram.decode(histogram.encode(), new BucketLayout(0.2, true));

        assertThat(same).isEqualTo(histogram);
        assertThat(same.count()).isEqualTo(6);
        assertThat(other.count()).as("a changed threshold makes old windows incomparable").isZero();
    }

    @Test
    void subtractingAnAddedHistogramLeavesTheOtherCounts() {
        BucketLayout layout = new BucketLayout(0.1, true);
        LogHistogram window = new LogHistogram(layout);
        LogHistogram slot = new LogHistogram(layout);
        slot.record(5);
        window.record(0.01);
        window.add(slot);

        window.subtract(slot);

        assertThat(window.count()).isEqualTo(1);
        assertThat(window.quantile(P99)).isBetween(0.01, 0.01 * BucketLayout.GROWTH);
    }
}
