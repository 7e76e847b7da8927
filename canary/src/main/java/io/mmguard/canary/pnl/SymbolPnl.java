package io.mmguard.canary.pnl;

import io.mmguard.schemas.Side;
import java.math.BigDecimal;

/**
 * One symbol's live position and PnL in exact decimals: {@code value = cash + position x mark}; today's PnL is
 * {@code value - dayStartValue} (realised and marked to mid together, the seed's {@code daily_pnl_jpy}).
 *
 * @param position      signed base quantity (long &gt; 0)
 * @param cash          quote currency received minus paid
 * @param mark          the latest mid
 * @param dayStartValue the value when the day began
 */
public record SymbolPnl(BigDecimal position, BigDecimal cash, BigDecimal mark, BigDecimal dayStartValue) {

    /** Flat, marked at {@code mark}. */
    public static SymbolPnl flat(BigDecimal mark) {
        return new SymbolPnl(BigDecimal.ZERO, BigDecimal.ZERO, mark, BigDecimal.ZERO);
    }

    public BigDecimal value() {
        return cash.add(position.multiply(mark));
    }

    public BigDecimal dailyPnl() {
        return value().subtract(dayStartValue);
    }

    /** After a fill of {@code quantity} at {@code price}. */
    public SymbolPnl filled(Side side, BigDecimal quantity, BigDecimal price) {
        BigDecimal signed = side == Side.BUY ? quantity : quantity.negate();
        return new SymbolPnl(position.add(signed), cash.subtract(signed.multiply(price)), mark, dayStartValue);
    }

    /** Marked to {@code mid}. */
    public SymbolPnl markedAt(BigDecimal mid) {
        return new SymbolPnl(position, cash, mid, dayStartValue);
    }

    /** The same position on a new day: the day starts at the current value. */
    public SymbolPnl newDay() {
        return new SymbolPnl(position, cash, mark, value());
    }
}
