package io.mmguard.canary.slo;

import java.math.BigDecimal;

/**
 * The seed's Go/No-Go thresholds.
 *
 * @param errBpP99Max        err_bp P99 must be at most this (bp)
 * @param newOrder2xxMin     the newOrder 2xx share must be above this (a fraction of one: 0.995 is 99.5%)
 * @param cancelP99MaxMs     cancel ack P99 must be below this (ms)
 * @param slippageP95MaxBp   slippage P95 must be at most this (bp)
 * @param maxDailyLossJpy    daily PnL must stay above minus this (JPY)
 * @param maxOpenNotionalJpy the seed's {@code MAX_OPEN_NOTIONAL_JPY}: a k_inv step holds only while every symbol's
 *                           {@code |net_pos_jpy| <= this / 3} (the seed's inventory gate)
 */
public record SloThresholds(BigDecimal errBpP99Max, BigDecimal newOrder2xxMin, BigDecimal cancelP99MaxMs,
                            BigDecimal slippageP95MaxBp, BigDecimal maxDailyLossJpy, BigDecimal maxOpenNotionalJpy) {

    private static final BigDecimal THREE = BigDecimal.valueOf(3);

    /** True when {@code absNetJpy} is above the inventory gate {@code maxOpenNotionalJpy / 3} (compared exactly: x 3). */
    public boolean inventoryOver(BigDecimal absNetJpy) {
        return absNetJpy.multiply(THREE).compareTo(maxOpenNotionalJpy) > 0;
    }
}
