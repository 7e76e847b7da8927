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

    @ParameterizedTest(name = "price {0}, tick {1} -> floor {2}, ceil {3}")
    @CsvSource({
        "99.95, 0.01, 99.95, 99.95",           // on the grid: both stay
        "99.951, 0.01, 99.95, 99.96",          // one digit below the tick's scale
        "99.9499999999999999, 0.01, 99.94, 99.95",
        "0.3, 0.1, 0.3, 0.3",
        "17163557.817, 10, 17163550, 17163560", // tick coarser than one unit
        "17163557.817, 0.5, 17163557.5, 17163558.0",
        "1E+3, 7, 994, 1001",                   // negative scale of the price
        "0.0000001, 0.001, 0.000, 0.001",       // below one tick
        "-0.005, 0.01, -0.01, 0.00",            // below zero floor goes down, ceil goes up
        "123456789012345678901234.5, 0.1, 123456789012345678901234.5, 123456789012345678901234.5",
    })
    void floorAndCeilToTheTickAreExact(String price, String tick, String floor, String ceil) {
        assertThat(QuoteMath.floorToTick(new BigDecimal(price), new BigDecimal(tick))).isEqualByComparingTo(floor);
        assertThat(QuoteMath.ceilToTick(new BigDecimal(price), new BigDecimal(tick))).isEqualByComparingTo(ceil);
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
    @Test
    void aLongPositionSkewsBothPricesDownPerSide() {
        // k_inv 0.1, inventory +0.5 (long half the cap): the bid's half spread x1.05, the ask's x0.95
        QuoteMath.Skew skew = QuoteMath.skew(new BigDecimal("0.1"), new BigDecimal("0.5"));
        QuoteMath.Prices skewed = QuoteMath.quote(new BigDecimal("17159268"), new BigDecimal("5"), BigDecimal.ONE, skew.bid(),
                skew.ask());
        QuoteMath.Prices flat = QuoteMath.quote(new BigDecimal("17159268"), new BigDecimal("5"), BigDecimal.ONE);

        assertThat(skew.bid()).isEqualByComparingTo("1.05");
        assertThat(skew.ask()).isEqualByComparingTo("0.95");
        assertThat(skewed.bid()).isEqualByComparingTo("17154763");
        assertThat(skewed.ask()).isEqualByComparingTo("17163344");
        assertThat(flat.bid()).isEqualByComparingTo("17154978");
        assertThat(flat.ask()).isEqualByComparingTo("17163558");
    }

    @Test
    void skewRefusesAnInventoryOutsideTheCapAndANegativeK() {
        assertThatThrownBy(() -> QuoteMath.skew(new BigDecimal("0.1"), new BigDecimal("1.01")))
                .hasMessageContaining("inventory must be in [-1, 1]");
        assertThatThrownBy(() -> QuoteMath.skew(new BigDecimal("-0.1"), BigDecimal.ZERO)).hasMessageContaining("k_inv must be >= 0");
    }
}
