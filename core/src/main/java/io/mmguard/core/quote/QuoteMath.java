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
     * As {@link #quote(BigDecimal, BigDecimal, BigDecimal)} with the same factor on both half spreads (> 0).
     */
    public static Prices quote(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, BigDecimal skewFactor) {
        return quote(mid, totalBps, tick, skewFactor, skewFactor);
    }

    /**
     * As {@link #quote(BigDecimal, BigDecimal, BigDecimal)} with inventory skew per side: the bid's half spread is
     * multiplied by {@code bidFactor}, the ask's by {@code askFactor} (both > 0, so bid <= mid <= ask); see
     * {@link #skew(BigDecimal, BigDecimal)}.
     */
    public static Prices quote(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, BigDecimal bidFactor, BigDecimal askFactor) {
        requirePositive("mid", mid);
        requirePositive("tick", tick);
        if (totalBps.signum() < 0) {
            throw new IllegalArgumentException("total_bps must be >= 0, got " + Decimals.plain(totalBps));
        }
        requirePositive("bid skew factor (1 + k_inv * inv)", bidFactor);
        requirePositive("ask skew factor (1 - k_inv * inv)", askFactor);
        BigDecimal half = Bps.halfSpreadFraction(totalBps);
        BigDecimal rawBid = mid.multiply(BigDecimal.ONE.subtract(half.multiply(bidFactor)));
        BigDecimal rawAsk = mid.multiply(BigDecimal.ONE.add(half.multiply(askFactor)));
        return new Prices(floorToTick(rawBid, tick), ceilToTick(rawAsk, tick));
    }

    /**
     * The per-side skew factors for inventory {@code inv} in [-1, 1] (positive = long) and {@code kInv} >= 0, exact:
     * {@code bid = 1 + k inv}, {@code ask = 1 - k inv}. A long position widens the bid's distance and narrows the ask's,
     * so both prices move down (it sells more readily than it buys); a short one the opposite. With {@code k <= 0.5}
     * both factors are at least 0.5.
     */
    public static Skew skew(BigDecimal kInv, BigDecimal inv) {
        if (kInv.signum() < 0) {
            throw new IllegalArgumentException("k_inv must be >= 0, got " + Decimals.plain(kInv));
        }
        if (inv.abs().compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("inventory must be in [-1, 1] (position / cap, clamped), got " + Decimals.plain(inv));
        }
        BigDecimal shift = kInv.multiply(inv);
        return new Skew(BigDecimal.ONE.add(shift), BigDecimal.ONE.subtract(shift));
    }

    /** Decimal places of the normalised inventory: 1e-6 of the cap is far below one order, and keeps the fast path exact. */
    public static final int INVENTORY_SCALE = 6;

    /**
     * The normalised inventory: {@code netQty x mid / capJpy} (positive = long), rounded half-even to
     * {@link #INVENTORY_SCALE} places and clamped to [-1, 1] (beyond the cap the skew stays at its full k_inv).
     */
    public static BigDecimal inventory(BigDecimal netQty, BigDecimal mid, BigDecimal capJpy) {
        requirePositive("inventory cap (JPY)", capJpy);
        BigDecimal inv = netQty.multiply(mid).divide(capJpy, INVENTORY_SCALE, RoundingMode.HALF_EVEN);
        if (inv.compareTo(BigDecimal.ONE) > 0) {
            return BigDecimal.ONE.setScale(INVENTORY_SCALE);
        }
        if (inv.compareTo(BigDecimal.ONE.negate()) < 0) {
            return BigDecimal.ONE.negate().setScale(INVENTORY_SCALE);
        }
        return inv;
    }

    /** Factors on the bid's and the ask's half spread. */
    public record Skew(BigDecimal bid, BigDecimal ask) {

        /** No skew: 1 on both sides. */
        public static final Skew NONE = new Skew(BigDecimal.ONE, BigDecimal.ONE);
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
