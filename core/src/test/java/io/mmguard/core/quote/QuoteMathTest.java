package io.mmguard.core.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuoteMathTest {

    @Test
    void seedExampleQuotesAboutFourThousandTwoHundredNinetyYenEachSide() {
        QuoteMath.Prices prices = QuoteMath.quote(new BigDecimal("17159268"), new BigDecimal("5"), BigDecimal.ONE);

        // half = 0.00025; mid*(1-half) = 17154978.183, mid*(1+half) = 17163557.817
        assertThat(prices.bid()).isEqualByComparingTo("17154978");
        assertThat(prices.ask()).isEqualByComparingTo("17163558");
        BigDecimal implied = QuoteMath.impliedBps(prices.bid(), prices.ask(), new BigDecimal("17159268"));
        assertThat(implied.subtract(new BigDecimal("5")).abs()).isLessThanOrEqualTo(new BigDecimal("0.1"));
    }

    @ParameterizedTest(name = "mid {0}, {1} bp, tick {2} -> bid {3}, ask {4}")
    @CsvSource({
        // exact tick hits stay on the tick: 100 * (1 -+ 0.0005) = 99.95 / 100.05
        "100, 10, 0.01, 99.95, 100.05",
        // float arithmetic gets 0.1*3 wrong; decimals do not
        "0.3, 0, 0.1, 0.3, 0.3",
        "1000, 20, 0.5, 999, 1001",
        "17159268, 5, 10, 17154970, 17163560",
        "0.0001, 10000, 0.0001, 0.0000, 0.0002",
    })
    void roundsBidDownAndAskUpToTheTickExactly(String mid, String bps, String tick, String bid, String ask) {
        QuoteMath.Prices prices = QuoteMath.quote(new BigDecimal(mid), new BigDecimal(bps), new BigDecimal(tick));

        assertThat(prices.bid()).isEqualByComparingTo(bid);
        assertThat(prices.ask()).isEqualByComparingTo(ask);
    }

    @Test
    void refusesNonPositiveTick() {
        assertThatThrownBy(() -> QuoteMath.quote(BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ZERO))
                .hasMessage("tick must be > 0, got 0");
    }

    @Test
    void sanityRejectsAskNotAboveBidFirst() {
        assertThat(QuoteSanity.check(new BigDecimal("100"), new BigDecimal("100"), new BigDecimal("100"), BigDecimal.TEN,
                QuoteSanity.DEFAULT_MAX_BP)).get()
                .extracting(QuoteSanity.Violation::failure).isEqualTo(QuoteSanity.Failure.ASK_NOT_ABOVE_BID);
    }

    @Test
    void sanityRejectsTheSeedIncidentQuote() {
        // the incident: ask at mid x 1.5 with 5 bp configured
        var violation = QuoteSanity.check(new BigDecimal("17159268"), new BigDecimal("17152327"),
                new BigDecimal("25738901"), new BigDecimal("5"), QuoteSanity.DEFAULT_MAX_BP);

        assertThat(violation).get().extracting(QuoteSanity.Violation::failure)
                .isEqualTo(QuoteSanity.Failure.IMPLIED_BP_TOO_WIDE);
        assertThat(violation.get().message()).startsWith("[QUOTE_SANITY_FAIL] implied_bp=").contains("limit=100");
    }

    @Test
    void sanityPassesAQuoteWithinLimits() {
        assertThat(QuoteSanity.check(new BigDecimal("17159268"), new BigDecimal("17154978"), new BigDecimal("17163558"),
                new BigDecimal("5"), QuoteSanity.DEFAULT_MAX_BP)).isEmpty();
    }
}
