package io.mmguard.core.quote;

import io.mmguard.core.units.Bps;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;

/**
 * Runs the fast path, the reference path, or both (and compares them), as configured. The result
 * says which path produced the prices; with {@link QuotePath#BOTH} a disagreement is reported,
 * never resolved (the caller turns it into a sanity failure).
 */
public final class QuoteCalculator {

    private static final int MAX_SCALE = 18;

    private QuoteCalculator() {
    }

    /** Prices for the inputs on the chosen path, with the same skew factor on both sides. */
    public static Result compute(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, BigDecimal skewFactor, QuotePath path) {
        return compute(mid, totalBps, tick, new QuoteMath.Skew(skewFactor, skewFactor), path);
    }

    /** Prices for the inputs on the chosen path, with per-side skew factors ({@link QuoteMath#skew}). */
    public static Result compute(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, QuoteMath.Skew skew, QuotePath path) {
        switch (path) {
            case REFERENCE:
                return reference(mid, totalBps, tick, skew);
            case FAST: {
                QuoteMath.Prices fast = fast(mid, totalBps, tick, skew);
                // Outside the fast path's fixed-point range the reference path answers, and the quote says so.
                return fast == null ? reference(mid, totalBps, tick, skew) : new Result(fast, QuotePath.FAST, null);
            }
            default: {
                QuoteMath.Prices reference = QuoteMath.quote(mid, totalBps, tick, skew.bid(), skew.ask());
                QuoteMath.Prices fast = fast(mid, totalBps, tick, skew);
                if (fast == null) {
                    return new Result(reference, QuotePath.REFERENCE, null);
                }
                if (fast.bid().compareTo(reference.bid()) != 0 || fast.ask().compareTo(reference.ask()) != 0) {
                    return new Result(reference, QuotePath.BOTH, "fast path bid=" + fast.bid().toPlainString() + " ask="
                            + fast.ask().toPlainString() + " but reference path bid=" + reference.bid().toPlainString()
                            + " ask=" + reference.ask().toPlainString());
                }
                return new Result(reference, QuotePath.BOTH, null);
            }
        }
    }

    private static Result reference(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, QuoteMath.Skew skew) {
        return new Result(QuoteMath.quote(mid, totalBps, tick, skew.bid(), skew.ask()), QuotePath.REFERENCE, null);
    }

    /** The fast path with one skew factor on both sides, or null when the inputs do not fit its fixed-point range. */
    static QuoteMath.Prices fast(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, BigDecimal skewFactor) {
        return fast(mid, totalBps, tick, new QuoteMath.Skew(skewFactor, skewFactor));
    }

    /** The fast path, or null when the inputs do not fit its fixed-point range. */
    static QuoteMath.Prices fast(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, QuoteMath.Skew skew) {
        if (mid.signum() <= 0 || tick.signum() <= 0 || totalBps.signum() < 0 || skew.bid().signum() <= 0
                || skew.ask().signum() <= 0) {
            return null;
        }
        int priceScale = Math.max(0, Math.max(scaleOf(mid), scaleOf(tick)));
        int bpsScale = Math.max(0, scaleOf(totalBps));
        int bidSkewScale = Math.max(0, scaleOf(skew.bid()));
        int askSkewScale = Math.max(0, scaleOf(skew.ask()));
        if (priceScale > MAX_SCALE || bpsScale > 12 || bidSkewScale > MAX_SCALE || askSkewScale > MAX_SCALE) {
            return null;
        }
        try {
            long m = mid.movePointRight(priceScale).longValueExact();
            long t = tick.movePointRight(priceScale).longValueExact();
            long b = totalBps.movePointRight(bpsScale).longValueExact();
            long bid = FastQuoteMath.bidUnits(m, t, b, bpsScale, skew.bid().movePointRight(bidSkewScale).longValueExact(),
                    Bps.tenToThe(bidSkewScale));
            long ask = FastQuoteMath.askUnits(m, t, b, bpsScale, skew.ask().movePointRight(askSkewScale).longValueExact(),
                    Bps.tenToThe(askSkewScale));
            if (bid == FastQuoteMath.UNREPRESENTABLE || ask == FastQuoteMath.UNREPRESENTABLE) {
                return null;
            }
            return new QuoteMath.Prices(BigDecimal.valueOf(bid, priceScale), BigDecimal.valueOf(ask, priceScale));
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    private static int scaleOf(BigDecimal value) {
        return value.stripTrailingZeros().scale();
    }

    /**
     * Prices and the path that produced them.
     *
     * @param prices       bid and ask
     * @param path         FAST, REFERENCE or BOTH (both computed and compared)
     * @param disagreement null when the paths agreed (or only one ran); otherwise what differed
     */
    public record Result(QuoteMath.Prices prices, QuotePath path, String disagreement) {
    }
}
