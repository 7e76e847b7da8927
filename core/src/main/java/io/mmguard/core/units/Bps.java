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

    /** Decimal places between a basis point and a fraction: 1 bp = 10^-4. */
    private static final int BP_DECIMAL_PLACES = 4;

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

    /** Half of a total spread, as a fraction: {@code total_bps * 0.5 * 1e-4} (the seed's {@code half_spread_frac}). */
    public static BigDecimal halfSpreadFraction(BigDecimal totalBps) {
        return toFraction(totalBps).multiply(new BigDecimal("0.5"));
    }
}
