package io.mmguard.router.limits;

import java.math.BigDecimal;

/**
 * One symbol's daily PnL, sent (re-keyed to {@code "*"}, one partition) to the task that keeps the
 * portfolio's daily total.
 *
 * @param symbol   the symbol
 * @param day      PnL day (epoch day in the configured zone)
 * @param dailyPnl realised + marked-to-mid PnL since the day began
 * @param position signed position
 * @param mark     the mid it is marked at (null when unknown)
 * @param cause    what moved it: {@code fill <report id>} or {@code mark <decision id>}
 */
public record PnlUpdate(String symbol, long day, BigDecimal dailyPnl, BigDecimal position, BigDecimal mark, String cause) {
}
