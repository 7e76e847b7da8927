package io.mmguard.core.quote;

import io.mmguard.core.units.Bps;
import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The seed's quote formula, computed exactly with {@link BigDecimal} (the reference path):
 *
 * <pre>
 *   half = total_bps × 0.5 × 1e-4
 *   bid  = floor(mid * (1 - half) / tick) * tick
 *   ask  = ceil (mid * (1 + half) / tick) * tick
 * </pre>
 *
 * <p>{@code mid * (1 +- half)} is exact (a product of finite decimals); the division by the tick is
 * done as an exact integer division with remainder, so a price that lands exactly on a tick stays
 * there and nothing is off by one tick the way the seed's float formula can be.
 */
public final class QuoteMath {

    private static final BigDecimal HALF = new BigDecimal("0.5");

    private QuoteMath() {
    }

    /** Bid and ask for {@code mid}, a total spread in bp and a tick; all inputs must be positive. */
    public static Prices quote(BigDecimal mid, BigDecimal totalBps, BigDecimal tick) {
        return quote(mid, totalBps, tick, BigDecimal.ONE);
    }

    /**
     * As {@link #quote(BigDecimal, BigDecimal, BigDecimal)} with inventory skew: the half spread is
     * multiplied by {@code skewFactor = 1 + k_inv * inv}, which must be > 0 (so bid <= mid <= ask).
     */
    public static Prices quote(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, BigDecimal skewFactor) {
        requirePositive("mid", mid);
        requirePositive("tick", tick);
        if (totalBps.signum() < 0) {
            throw new IllegalArgumentException("total_bps must be >= 0, got " + Decimals.plain(totalBps));
        }
        requirePositive("skew factor (1 + k_inv * inv)", skewFactor);
        BigDecimal half = Bps.halfSpreadFraction(totalBps).multiply(skewFactor);
        BigDecimal rawBid = mid.multiply(BigDecimal.ONE.subtract(half));
        BigDecimal rawAsk = mid.multiply(BigDecimal.ONE.add(half));
        return new Prices(floorToTick(rawBid, tick), ceilToTick(rawAsk, tick));
    }

    /** Largest multiple of {@code tick} that is <= {@code price}: the quotient to scale 0, rounded toward minus infinity, exact. */
    public static BigDecimal floorToTick(BigDecimal price, BigDecimal tick) {
        return price.divide(tick, 0, RoundingMode.FLOOR).multiply(tick);
    }

    /** Smallest multiple of {@code tick} that is >= {@code price}: the quotient to scale 0, rounded toward plus infinity, exact. */
    public static BigDecimal ceilToTick(BigDecimal price, BigDecimal tick) {
        return price.divide(tick, 0, RoundingMode.CEILING).multiply(tick);
    }

    /** {@code (ask - bid) / mid} in bp, rounded half-even to the wire scale (a measurement). */
    public static BigDecimal impliedBps(BigDecimal bid, BigDecimal ask, BigDecimal mid) {
        BigDecimal fraction = ask.subtract(bid).divide(mid, Decimals.MEASUREMENT);
        return Decimals.measurement(Bps.fromFraction(fraction));
    }

    /** One tick in bp of {@code mid}, rounded half-even to the wire scale. */
    public static BigDecimal tickBps(BigDecimal tick, BigDecimal mid) {
        return Decimals.measurement(Bps.fromFraction(tick.divide(mid, Decimals.MEASUREMENT)));
    }

    /** {@code (bid + ask) / 2}, exact. */
    public static BigDecimal mid(BigDecimal bid, BigDecimal ask) {
        return bid.add(ask).multiply(HALF);
    }

    private static void requirePositive(String name, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + Decimals.plain(value));
        }
    }

    /** A bid and an ask, both on the tick grid. */
    public record Prices(BigDecimal bid, BigDecimal ask) {
    }
}
