package io.mmguard.canary.plan;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The next change the plan makes from a position, and how long the position must be held clean first.
 *
 * @param kind        a fraction promotion or an inventory-skew step
 * @param from        the value in force (fraction, or k_inv)
 * @param to          the value the change sets
 * @param hold        the clean hold required before it (unscaled)
 * @param targetIndex the fraction index (PROMOTE) or k_inv step index (K_INV) after the change
 */
public record Step(Kind kind, BigDecimal from, BigDecimal to, Duration hold, int targetIndex) {

    /** What a step changes. */
    public enum Kind {
        /** {@code SET_FRACTION}: a higher canary fraction. */
        PROMOTE,
        /** {@code SET_PARAM k_inv}: the next inventory-skew step. */
        K_INV
    }
}
