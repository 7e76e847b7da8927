package io.mmguard.core.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.units.Bps;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The seed's seven test cases (tests/test_quotes.py), on both paths. */
class SeedQuoteCasesTest {

    private static final BigDecimal MID = new BigDecimal("17159268");
    private static final BigDecimal FIVE = new BigDecimal("5");

    @Test
    void bpsToFracOfFiveIsFiveTenThousandths() {
        assertThat(Bps.toFraction(FIVE)).isEqualByComparingTo("0.0005");
    }

    @ParameterizedTest(name = "tick {0}")
    @ValueSource(strings = {"1", "5", "10"})
    void fiveBasisPointsAtTheSeedMidStayWithinATenthOfABasisPointOnExactTicks(String tickText) {
        BigDecimal tick = new BigDecimal(tickText);
        for (QuotePath path : QuotePath.values()) {
            QuoteCalculator.Result result = QuoteCalculator.compute(MID, FIVE, tick, BigDecimal.ONE, path);
            BigDecimal implied = QuoteMath.impliedBps(result.prices().bid(), result.prices().ask(), MID);

            assertThat(result.disagreement()).isNull();
            assertThat(implied.subtract(FIVE).abs()).isLessThanOrEqualTo(new BigDecimal("0.1"));
            assertThat(result.prices().bid().remainder(tick)).isZero();
            assertThat(result.prices().ask().remainder(tick)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(QuotePath.class)
    void theOverspreadGuardFires(QuotePath path) {
        // the seed: quote_sanity_check(100, 50, 200, cfg_bps=5) must raise
        assertThat(QuoteSanity.check(new BigDecimal("100"), new BigDecimal("50"), new BigDecimal("200"), FIVE,
                QuoteSanity.DEFAULT_MAX_BP)).isPresent();
    }
}
