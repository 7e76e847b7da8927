package io.mmguard.router.limits;

import io.mmguard.schemas.Side;
import java.math.BigDecimal;

/**
 * One symbol's position and PnL from live fills, in exact decimals (JPY for the quote currency).
 * {@code value = cash + position x mark}; the day's PnL is {@code value - dayStartValue}, where
 * {@code dayStartValue} is the value at the last mark before the day began (realised and marked-to-mid
 * together, as the seed's {@code daily_pnl_jpy}).
 *
 * @param position      signed base quantity (long > 0)
 * @param cash          quote currency received minus paid
 * @param mark          the latest mid (null until the first decision or fill)
 * @param day           the PnL day (epoch day in the configured zone) these figures belong to
 * @param dayStartValue the value when {@code day} began
 * @param lastSentPnl   the daily PnL last sent to the daily-loss total
 * @param fills         fills applied so far: the version of the position published on {@code mm.positions} (0 in state
 *                      written before it was counted)
 */
public record SymbolPosition(BigDecimal position, BigDecimal cash, BigDecimal mark, long day, BigDecimal dayStartValue,
                             BigDecimal lastSentPnl, long fills) {

    /** No position, no cash, for {@code day}. */
    public static SymbolPosition flat(long day) {
        return new SymbolPosition(BigDecimal.ZERO, BigDecimal.ZERO, null, day, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    /** {@code cash + position x mark} (the mark counts 0 while unknown). */
    public BigDecimal value() {
        return mark == null ? cash : cash.add(position.multiply(mark));
    }

    /** Realised plus marked-to-mid PnL since the day began. */
    public BigDecimal dailyPnl() {
        return value().subtract(dayStartValue);
    }

    /** The same figures carried into {@code newDay}: the day starts at the current value. */
    public SymbolPosition rolledTo(long newDay) {
        return newDay <= day ? this : new SymbolPosition(position, cash, mark, newDay, value(), BigDecimal.ZERO, fills);
    }

    /** Marked to {@code mid}. */
    public SymbolPosition markedAt(BigDecimal mid) {
        return new SymbolPosition(position, cash, mid, day, dayStartValue, lastSentPnl, fills);
    }

    /** After a fill of {@code quantity} at {@code price}; an unknown mark starts at the fill price. */
    public SymbolPosition filled(Side side, BigDecimal quantity, BigDecimal price) {
        BigDecimal signed = side == Side.BUY ? quantity : quantity.negate();
        return new SymbolPosition(position.add(signed), cash.subtract(signed.multiply(price)), mark == null ? price : mark, day,
                dayStartValue, lastSentPnl, fills + 1);
    }

    /** {@code position x mark}: the net notional in the quote currency (0 while the mark is unknown). */
    public BigDecimal netNotional() {
        return mark == null ? BigDecimal.ZERO : position.multiply(mark);
    }

    /** After the daily PnL {@code pnl} was sent to the total. */
    public SymbolPosition sent(BigDecimal pnl) {
        return new SymbolPosition(position, cash, mark, day, dayStartValue, pnl, fills);
    }

    /** True when the daily PnL moved by at least {@code step} since it was last sent. */
    public boolean movedSinceSent(BigDecimal step) {
        BigDecimal pnl = dailyPnl();
        return pnl.subtract(lastSentPnl).abs().compareTo(step) >= 0 && pnl.compareTo(lastSentPnl) != 0;
    }
}
