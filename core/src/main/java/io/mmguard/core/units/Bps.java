package io.mmguard.core.units;

import java.math.BigDecimal;

/**
 * The one place where basis points and fractions meet: {@code 1 bp = 1e-4}.
 *
 * <p>The seed's incident was a bp-to-fraction bug (an ask at mid x 1.5). Every conversion in main
 * code goes through this class; a build rule refuses hand-written {@code / 10_000}, {@code * 1e-4}
 * and similar elsewhere. Conversions are exact: they move the decimal point, they never round.
 */
public final class Bps {

    /** Decimal places between a basis point and a fraction: 1 bp = 10^-4. Fixed-point code scales by this, nothing else. */
    public static final int BP_DECIMAL_PLACES = 4;

    /**
     * Denominator of the half-spread fraction for a spread given in whole bp:
     * {@code half = bps * 0.5 * 1e-4 = bps / 20_000}. The fast path multiplies it by {@code 10^scale}
     * of its bp representation.
     */
    public static final long HALF_SPREAD_DENOMINATOR = 2 * tenToThe(BP_DECIMAL_PLACES);

    private Bps() {
    }

    /** {@code bps} basis points as a fraction of one (5 bp -> 0.0005). Exact. */
    public static BigDecimal toFraction(BigDecimal bps) {
        return bps.movePointLeft(BP_DECIMAL_PLACES);
    }

    /** A fraction of one in basis points (0.0005 -> 5 bp). Exact. */
    public static BigDecimal fromFraction(BigDecimal fraction) {
        return fraction.movePointRight(BP_DECIMAL_PLACES);
    }

    /** 10^n for 0 <= n <= 18, exact. */
    public static long tenToThe(int n) {
        if (n < 0 || n > 18) {
            throw new IllegalArgumentException("10^" + n + " does not fit in a long (0..18)");
        }
        long value = 1;
        for (int i = 0; i < n; i++) {
            value *= 10;
        }
        return value;
    }

    /** Half of a total spread, as a fraction: {@code total_bps * 0.5 * 1e-4} (the seed's {@code half_spread_frac}). */
    public static BigDecimal halfSpreadFraction(BigDecimal totalBps) {
        return toFraction(totalBps).multiply(new BigDecimal("0.5"));
    }
}
