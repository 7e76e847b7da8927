package io.mmguard.riskgate;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;

/** Turns a statistic computed in double (EMA, sigma, z) into the wire decimal a decision records. */
final class Measurements {

    /** Larger magnitudes do not fit {@code decimal(38, 12)}; they are recorded as this bound. */
    static final double MAX_MAGNITUDE = 1e24;

    private Measurements() {
    }

    /**
     * The shortest decimal that reads back as {@code value} ({@link BigDecimal#valueOf(double)}),
     * rounded half-even to the wire scale; deterministic for the same bits.
     */
    static BigDecimal of(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalStateException("a risk measurement is NaN; the statistics are corrupt");
        }
        double bounded = Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, value));
        return Decimals.measurement(BigDecimal.valueOf(bounded));
    }
}
