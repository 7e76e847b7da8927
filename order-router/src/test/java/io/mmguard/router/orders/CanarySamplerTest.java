package io.mmguard.router.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CanarySamplerTest {

    private final CanarySampler sampler = new CanarySampler();

    @Test
    void theSampleIsTheDocumentedFunctionOfTheIdentityAlone() {
        // python3: h = int.from_bytes(sha256(b"d-1").digest()[:8], "big"); (h * 10**12) >> 64 -> 28345294505
        assertThat(sampler.sample("d-1")).isEqualTo(new BigDecimal("0.028345294505"));
        assertThat(sampler.sample("d-q-mm.md.book.sim-0-0")).isEqualTo(new BigDecimal("0.686402402915"));
        assertThat(new CanarySampler().sample("d-1")).isEqualTo(sampler.sample("d-1"));
    }

    @ParameterizedTest(name = "fraction {0}")
    @ValueSource(strings = {"0.01", "0.05", "0.1", "0.25", "0.5", "1"})
    void theLiveShareOverManyDecisionsMatchesTheFractionWithinFiveSigma(String fractionText) {
        BigDecimal fraction = new BigDecimal(fractionText);
        int decisions = 20_000;
        int live = 0;
        for (int i = 0; i < decisions; i++) {
            if (CanarySampler.isLive(sampler.sample("d-q-mm.md.book.sim-" + (i % 3) + "-" + i), fraction)) {
                live++;
            }
        }
        double p = fraction.doubleValue();
        double sigma = Math.sqrt(decisions * p * (1 - p));
        assertThat((double) live).isBetween(decisions * p - 5 * sigma, decisions * p + 5 * sigma);
    }

    @Test
    void samplesAreUniformOverTenBuckets() {
        int decisions = 20_000;
        int[] buckets = new int[10];
        for (int i = 0; i < decisions; i++) {
            buckets[sampler.sample("d-" + i).movePointRight(1).intValue()]++;
        }
        double expected = decisions / 10.0;
        double chiSquare = 0;
        for (int count : buckets) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 33.72) = 0.0001
        assertThat(chiSquare).isLessThan(33.72);
    }

    @Test
    void aSampleIsAlwaysInTheUnitIntervalWithTwelvePlaces() {
        for (int i = 0; i < 1_000; i++) {
            BigDecimal sample = sampler.sample("id-" + i);
            assertThat(sample.scale()).isEqualTo(12);
            assertThat(sample).isGreaterThanOrEqualTo(BigDecimal.ZERO).isLessThan(BigDecimal.ONE);
        }
        assertThat(CanarySampler.isLive(new BigDecimal("0.999999999999"), BigDecimal.ONE)).isTrue();
        assertThat(CanarySampler.isLive(BigDecimal.ZERO.setScale(12), BigDecimal.ZERO)).isFalse();
    }
}
