package io.mmguard.core.quote;

import io.mmguard.core.units.Bps;

/**
 * The fast quote path: the seed's formula in fixed-point integers, exact and allocation-free.
 *
 * <p>Prices are longs in units of {@code 10^-priceScale}, the spread is a long in units of
 * {@code 10^-bpsScale} bp. With {@code D = 20_000 * 10^bpsScale} (from {@link Bps}):
 *
 * <pre>
 *   bid_ticks = floor(M * (D - B) / (T * D))      bid = bid_ticks * T
 *   ask_ticks = ceil (M * (D + B) / (T * D))      ask = ask_ticks * T
 * </pre>
 *
 * which is the reference formula with every term multiplied out, so the results are identical
 * (not "close"). Products that overflow 63 bits are carried in 128 bits. Inputs outside the
 * representable range are reported by {@link #UNREPRESENTABLE}; the caller then uses the
 * reference path and records that it did.
 */
public final class FastQuoteMath {

    /** Returned when the inputs do not fit the fixed-point representation. */
    public static final long UNREPRESENTABLE = Long.MIN_VALUE;

    private FastQuoteMath() {
    }

    /** The bid in price units, or {@link #UNREPRESENTABLE}. {@code skewNum/skewDen} scales the half spread (1/1 = no skew). */
    public static long bidUnits(long mid, long tick, long bps, int bpsScale, long skewNum, long skewDen) {
        long denominator = denominator(bpsScale, skewDen);
        long halfNumerator = multiplyOrFail(bps, skewNum);
        if (denominator <= 0 || halfNumerator == UNREPRESENTABLE || mid <= 0 || tick <= 0 || halfNumerator < 0) {
            return UNREPRESENTABLE;
        }
        long factor = denominator - halfNumerator; // D * (1 - half'), may be <= 0 for absurd spreads
        if (factor <= 0) {
            return factor == 0 ? 0 : UNREPRESENTABLE;
        }
        long divisor = multiplyOrFail(tick, denominator);
        if (divisor == UNREPRESENTABLE) {
            return UNREPRESENTABLE;
        }
        long ticks = floorDivProduct(mid, factor, divisor);
        return ticks == UNREPRESENTABLE ? UNREPRESENTABLE : multiplyOrFail(ticks, tick);
    }

    /** The ask in price units, or {@link #UNREPRESENTABLE}. */
    public static long askUnits(long mid, long tick, long bps, int bpsScale, long skewNum, long skewDen) {
        long denominator = denominator(bpsScale, skewDen);
        long halfNumerator = multiplyOrFail(bps, skewNum);
        if (denominator <= 0 || halfNumerator == UNREPRESENTABLE || mid <= 0 || tick <= 0 || halfNumerator < 0) {
            return UNREPRESENTABLE;
        }
        long factor = denominator + halfNumerator; // D * (1 + half')
        if (factor < 0) {
            return UNREPRESENTABLE;
        }
        long divisor = multiplyOrFail(tick, denominator);
        if (divisor == UNREPRESENTABLE) {
            return UNREPRESENTABLE;
        }
        long ticks = ceilDivProduct(mid, factor, divisor);
        return ticks == UNREPRESENTABLE ? UNREPRESENTABLE : multiplyOrFail(ticks, tick);
    }

    private static long denominator(int bpsScale, long skewDen) {
        if (bpsScale < 0 || bpsScale > 12 || skewDen <= 0) {
            return -1;
        }
        long d = multiplyOrFail(Bps.HALF_SPREAD_DENOMINATOR, Bps.tenToThe(bpsScale));
        return d == UNREPRESENTABLE ? -1 : multiplyOrFail(d, skewDen);
    }

    /** floor(a * b / d) for positive a, b, d, exact over 128 bits; UNREPRESENTABLE if the quotient overflows. */
    static long floorDivProduct(long a, long b, long d) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return lo / d;
        }
        return divide128(hi, lo, d, false);
    }

    /** ceil(a * b / d) for positive a, b, d, exact over 128 bits; UNREPRESENTABLE if the quotient overflows. */
    static long ceilDivProduct(long a, long b, long d) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            long q = lo / d;
            return q * d == lo ? q : q + 1;
        }
        return divide128(hi, lo, d, true);
    }

    /** Unsigned 128-by-64 division by shift and subtract (rare path: only when the product exceeds 63 bits). */
    private static long divide128(long hi, long lo, long d, boolean roundUp) {
        if (Long.compareUnsigned(hi, d) >= 0) {
            return UNREPRESENTABLE;
        }
        long remainder = hi;
        long quotient = 0;
        for (int i = 63; i >= 0; i--) {
            boolean carry = remainder < 0; // top bit set: the shifted remainder exceeds 64 bits
            remainder = (remainder << 1) | ((lo >>> i) & 1);
            quotient <<= 1;
            if (carry || Long.compareUnsigned(remainder, d) >= 0) {
                remainder -= d;
                quotient |= 1;
            }
        }
        if (quotient < 0) {
            return UNREPRESENTABLE;
        }
        if (roundUp && remainder != 0) {
            return quotient == Long.MAX_VALUE ? UNREPRESENTABLE : quotient + 1;
        }
        return quotient;
    }

    private static long multiplyOrFail(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo == UNREPRESENTABLE ? UNREPRESENTABLE : lo;
        }
        return UNREPRESENTABLE;
    }
}
