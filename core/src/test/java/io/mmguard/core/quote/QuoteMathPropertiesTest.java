package io.mmguard.core.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.units.Bps;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the quote math over wide random inputs: prices from 0.0001 to 10^8, mids on and
 * between ticks, ticks from 0.0001 to 10, spreads from 0 to 500 bp with up to two decimals.
 */
class QuoteMathPropertiesTest {

    private static final BigDecimal[] TICKS = {new BigDecimal("0.0001"), new BigDecimal("0.001"), new BigDecimal("0.01"),
        new BigDecimal("0.05"), new BigDecimal("0.1"), new BigDecimal("0.5"), BigDecimal.ONE, new BigDecimal("5"), BigDecimal.TEN};

    record Input(BigDecimal mid, BigDecimal tick, BigDecimal bps) {
    }

    @Provide
    Arbitrary<Input> inputs() {
        Arbitrary<BigDecimal> tick = Arbitraries.of(TICKS);
        Arbitrary<Long> ticksInMid = Arbitraries.longs().between(1, 1_000_000_000_000L);
        Arbitrary<Boolean> halfTick = Arbitraries.of(true, false);
        Arbitrary<BigDecimal> bps = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("500")).ofScale(2);
        return Combinators.combine(tick, ticksInMid, halfTick, bps).as((t, n, half, b) -> {
            BigDecimal mid = t.multiply(BigDecimal.valueOf(n));
            if (half) {
                mid = mid.add(t.multiply(new BigDecimal("0.5")));
            }
            return new Input(mid, t, b);
        }).filter(input -> input.mid().compareTo(new BigDecimal("0.0001")) >= 0
                && input.mid().compareTo(new BigDecimal("100000000")) <= 0);
    }

    @Property(tries = 3000)
    void bidIsTheLargestTickAtOrBelowTheExactBidPrice(@ForAll("inputs") Input in) {
        BigDecimal exactBid = in.mid().multiply(BigDecimal.ONE.subtract(Bps.halfSpreadFraction(in.bps())));
        BigDecimal bid = QuoteMath.quote(in.mid(), in.bps(), in.tick()).bid();

        assertThat(bid).isLessThanOrEqualTo(exactBid);
        assertThat(bid.add(in.tick())).isGreaterThan(exactBid);
        assertThat(bid.remainder(in.tick()).signum()).isZero();
    }

    @Property(tries = 3000)
    void askIsTheSmallestTickAtOrAboveTheExactAskPrice(@ForAll("inputs") Input in) {
        BigDecimal exactAsk = in.mid().multiply(BigDecimal.ONE.add(Bps.halfSpreadFraction(in.bps())));
        BigDecimal ask = QuoteMath.quote(in.mid(), in.bps(), in.tick()).ask();

        assertThat(ask).isGreaterThanOrEqualTo(exactAsk);
        assertThat(ask.subtract(in.tick())).isLessThan(exactAsk);
        assertThat(ask.remainder(in.tick()).signum()).isZero();
    }

    @Property(tries = 3000)
    void bidIsBelowAskWheneverTheSpreadIsPositive(@ForAll("inputs") Input in) {
        QuoteMath.Prices prices = QuoteMath.quote(in.mid(), in.bps().max(new BigDecimal("0.01")), in.tick());

        assertThat(prices.bid()).isLessThan(prices.ask());
    }

    @Property(tries = 5000)
    void fastPathEqualsReferencePathExactly(@ForAll("inputs") Input in) {
        QuoteMath.Prices reference = QuoteMath.quote(in.mid(), in.bps(), in.tick());
        QuoteMath.Prices fast = QuoteCalculator.fast(in.mid(), in.bps(), in.tick(), BigDecimal.ONE);

        assertThat(fast).as("the fast path covers prices up to 10^8 with ticks down to 0.0001").isNotNull();
        assertThat(fast.bid()).isEqualByComparingTo(reference.bid());
        assertThat(fast.ask()).isEqualByComparingTo(reference.ask());
    }

    @Property(tries = 2000)
    void fastPathEqualsReferencePathWithInventorySkew(@ForAll("inputs") Input in,
                                                      @ForAll("skews") BigDecimal skewFactor) {
        QuoteMath.Prices reference = QuoteMath.quote(in.mid(), in.bps(), in.tick(), skewFactor);
        QuoteMath.Prices fast = QuoteCalculator.fast(in.mid(), in.bps(), in.tick(), skewFactor);

        assertThat(fast).isNotNull();
        assertThat(fast.bid()).isEqualByComparingTo(reference.bid());
        assertThat(fast.ask()).isEqualByComparingTo(reference.ask());
        assertThat(QuoteCalculator.compute(in.mid(), in.bps(), in.tick(), skewFactor, QuotePath.BOTH).disagreement()).isNull();
    }

    @Property(tries = 3000)
    void fastPathEqualsReferencePathWithPerSideSkew(@ForAll("inputs") Input in, @ForAll("kInvs") BigDecimal kInv,
                                                    @ForAll("inventories") BigDecimal inv) {
        QuoteMath.Skew skew = QuoteMath.skew(kInv, inv);
        QuoteMath.Prices reference = QuoteMath.quote(in.mid(), in.bps(), in.tick(), skew.bid(), skew.ask());
        QuoteMath.Prices fast = QuoteCalculator.fast(in.mid(), in.bps(), in.tick(), skew);

        assertThat(fast).isNotNull();
        assertThat(fast.bid()).isEqualByComparingTo(reference.bid());
        assertThat(fast.ask()).isEqualByComparingTo(reference.ask());
        assertThat(QuoteCalculator.compute(in.mid(), in.bps(), in.tick(), skew, QuotePath.BOTH).disagreement()).isNull();
    }

    @Property(tries = 3000)
    void aLongerPositionNeverRaisesEitherPriceAndAShorterOneNeverLowersIt(@ForAll("inputs") Input in,
                                                                          @ForAll("kInvs") BigDecimal kInv,
                                                                          @ForAll("inventories") BigDecimal inv,
                                                                          @ForAll("inventories") BigDecimal other) {
        BigDecimal lower = inv.min(other);
        BigDecimal higher = inv.max(other);
        QuoteMath.Skew shortSide = QuoteMath.skew(kInv, lower);
        QuoteMath.Skew longSide = QuoteMath.skew(kInv, higher);
        QuoteMath.Prices shortQuote = QuoteMath.quote(in.mid(), in.bps(), in.tick(), shortSide.bid(), shortSide.ask());
        QuoteMath.Prices longQuote = QuoteMath.quote(in.mid(), in.bps(), in.tick(), longSide.bid(), longSide.ask());

        // the side distances move against the inventory: longer -> bid further below mid, ask closer above it
        assertThat(longQuote.bid()).isLessThanOrEqualTo(shortQuote.bid());
        assertThat(longQuote.ask()).isLessThanOrEqualTo(shortQuote.ask());
        BigDecimal half = Bps.halfSpreadFraction(in.bps());
        assertThat(in.mid().multiply(half).multiply(longSide.bid())).isGreaterThanOrEqualTo(
                in.mid().multiply(half).multiply(shortSide.bid()));
        assertThat(in.mid().multiply(half).multiply(longSide.ask())).isLessThanOrEqualTo(
                in.mid().multiply(half).multiply(shortSide.ask()));
    }

    @Property(tries = 3000)
    void bidStaysAtOrBelowMidAndAskAtOrAboveItForEveryInventoryAndKInvInRange(@ForAll("inputs") Input in,
                                                                               @ForAll("kInvs") BigDecimal kInv,
                                                                               @ForAll("inventories") BigDecimal inv) {
        QuoteMath.Skew skew = QuoteMath.skew(kInv, inv);
        QuoteMath.Prices prices = QuoteMath.quote(in.mid(), in.bps(), in.tick(), skew.bid(), skew.ask());

        assertThat(skew.bid()).isGreaterThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(skew.ask()).isGreaterThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(prices.bid()).isLessThanOrEqualTo(in.mid());
        assertThat(prices.ask()).isGreaterThanOrEqualTo(in.mid());
        if (in.bps().signum() > 0) {
            assertThat(prices.bid()).isLessThan(prices.ask());
        }
    }

    @Provide
    Arbitrary<BigDecimal> kInvs() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.5")).ofScale(4);
    }

    @Provide
    Arbitrary<BigDecimal> inventories() {
        return Arbitraries.bigDecimals().between(BigDecimal.ONE.negate(), BigDecimal.ONE).ofScale(6);
    }

    @Provide
    Arbitrary<BigDecimal> skews() {
        return Arbitraries.bigDecimals().between(new BigDecimal("0.5"), new BigDecimal("1.5")).ofScale(4);
    }
}
