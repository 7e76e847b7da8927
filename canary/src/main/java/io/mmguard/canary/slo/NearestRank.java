package io.mmguard.canary.slo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The nearest rank {@code max(1, ceil(q * n))} of a quantile {@code q} in [0, 1], in exact long arithmetic ({@code q} is
 * kept as {@code unscaled / 10^scale}); the same value as the {@link BigDecimal} formula, without allocating per call.
 */
final class NearestRank {

    private final BigDecimal q;
    private final long unscaled;
    private final long divisor;

    NearestRank(BigDecimal q) {
        if (q.signum() < 0 || q.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a quantile is in [0, 1], got " + q);
        }
        this.q = q;
        BigDecimal exact = q.scale() < 0 ? q.setScale(0) : q;
        boolean fits = exact.scale() <= 18 && exact.unscaledValue().bitLength() < 63;
        this.unscaled = fits ? exact.unscaledValue().longValue() : -1;
        this.divisor = fits ? BigDecimal.ONE.scaleByPowerOfTen(exact.scale()).longValueExact() : -1;
    }

    BigDecimal quantile() {
        return q;
    }

    /** The rank of the q-quantile among {@code n > 0} samples. */
    long of(long n) {
        if (unscaled >= 0 && n <= Long.MAX_VALUE / Math.max(1, unscaled)) {
            long product = unscaled * n;
            long rank = product / divisor + (product % divisor == 0 ? 0 : 1);
            return Math.max(1, rank);
        }
        return Math.max(1, q.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).longValueExact());
    }
}
