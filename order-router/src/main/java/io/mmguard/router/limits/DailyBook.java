package io.mmguard.router.limits;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portfolio's daily PnL: each symbol's latest daily PnL for {@code day}.
 *
 * @param day    PnL day (epoch day)
 * @param pnl    symbol -> daily PnL
 * @param killed true once the loss limit fired the kill for this day
 */
public record DailyBook(long day, Map<String, BigDecimal> pnl, boolean killed) {

    public DailyBook {
        pnl = Map.copyOf(pnl);
    }

    /** An empty book for {@code day}. */
    public static DailyBook of(long day) {
        return new DailyBook(day, Map.of(), false);
    }

    /** The sum over symbols. */
    public BigDecimal total() {
        return pnl.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** With {@code update} applied; an update from a later day starts a new book, one from an earlier day is ignored. */
    public DailyBook with(PnlUpdate update) {
        if (update.day() < day) {
            return this;
        }
        DailyBook base = update.day() > day ? of(update.day()) : this;
        Map<String, BigDecimal> next = new TreeMap<>(base.pnl);
        next.put(update.symbol(), update.dailyPnl());
        return new DailyBook(base.day, next, base.killed);
    }

    /** The same book, marked as having fired the kill. */
    public DailyBook markedKilled() {
        return new DailyBook(day, pnl, true);
    }
}
