package io.mmguard.canary.plan;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One stage of the seed's 90-minute plan.
 *
 * @param fraction the canary fraction of the stage (a fraction of one: 0.05 is 5%)
 * @param hold     how long the stage is held with every SLO met before the next change (unscaled)
 */
public record Stage(BigDecimal fraction, Duration hold) {
}
