package io.mmguard.canary.pnl;

import io.mmguard.canary.store.StateWrites;
import io.mmguard.canary.store.Wire;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Today's PnL over every symbol from live fills, marked to the latest quote mid. The day is the record time's date in the
 * configured zone; when it changes, every symbol's day starts at its current value. Symbols without a fill are not
 * tracked (a quote only re-marks a position that exists). Every change is written to the store as it happens.
 */
public final class DailyPnl {

    /** Store key of the current day (epoch day). */
    public static final String DAY_KEY = "pnl/day";
    /** Store key prefix of a symbol's figures: {@code pnl/s/<symbol>}. */
    public static final String SYMBOL_PREFIX = "pnl/s/";

    private final ZoneId zone;
    private final StateWrites store;
    private final TreeMap<String, SymbolPnl> symbols = new TreeMap<>();
    private long day = Long.MIN_VALUE;
    /** The first instant (ms) of the day after {@link #day}: no record before it starts a new day. */
    private long nextDayAt = Long.MIN_VALUE;
    /** {@link #total()}, or null after a change. */
    private BigDecimal total;
    /** {@link #largestNet()}, or null after a change. */
    private Net largest;

    public DailyPnl(ZoneId zone, StateWrites store) {
        this.zone = zone;
        this.store = store;
    }

    /** A live fill at record time {@code ts}; an untracked symbol starts marked at the fill's mid (or its price). */
    public void fill(long ts, String symbol, Side side, BigDecimal quantity, BigDecimal price, BigDecimal midRef) {
        rollTo(ts);
        SymbolPnl current = symbols.get(symbol);
        if (current == null) {
            current = SymbolPnl.flat(midRef != null && midRef.signum() > 0 ? midRef : price);
        }
        put(symbol, current.filled(side, quantity, price));
    }

    /** A quote's mid at record time {@code ts}. */
    public void mark(long ts, String symbol, BigDecimal mid) {
        rollTo(ts);
        SymbolPnl current = symbols.get(symbol);
        if (current != null && mid != null && mid.signum() > 0 && current.mark().compareTo(mid) != 0) {
            put(symbol, current.markedAt(mid));
        }
    }

    /** Today's PnL over every symbol. */
    public BigDecimal total() {
        if (total == null) {
            BigDecimal sum = BigDecimal.ZERO;
            for (SymbolPnl pnl : symbols.values()) {
                sum = sum.add(pnl.dailyPnl());
            }
            total = sum;
        }
        return total;
    }

    /** Each symbol's PnL today. */
    public Map<String, BigDecimal> bySymbol() {
        Map<String, BigDecimal> out = new TreeMap<>();
        symbols.forEach((symbol, pnl) -> out.put(symbol, pnl.dailyPnl()));
        return out;
    }

    /** Restores one stored key. */
    public void load(String key, byte[] value) {
        if (DAY_KEY.equals(key)) {
            day = ByteBuffer.wrap(value).getLong();
            nextDayAt = Long.MIN_VALUE;
        } else if (key.startsWith(SYMBOL_PREFIX)) {
            symbols.put(key.substring(SYMBOL_PREFIX.length()), decode(value));
            total = null;
            largest = null;
        }
    }

    private void rollTo(long ts) {
        if (ts < nextDayAt) {
            return;
        }
        long today = Instant.ofEpochMilli(ts).atZone(zone).toLocalDate().toEpochDay();
        if (today > day) {
            day = today;
            store.put(DAY_KEY, ByteBuffer.allocate(Long.BYTES).putLong(today).array());
            for (String symbol : List.copyOf(symbols.keySet())) {
                put(symbol, symbols.get(symbol).newDay());
            }
        }
        nextDayAt = LocalDate.ofEpochDay(day + 1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The symbol with the largest {@code |position x mark|} (JPY), or null with no position; worked out once per change. */
    public Net largestNet() {
        if (largest == null && !symbols.isEmpty()) {
            Net best = null;
            for (Map.Entry<String, SymbolPnl> entry : symbols.entrySet()) {
                BigDecimal abs = entry.getValue().position().multiply(entry.getValue().mark()).abs();
                if (best == null || abs.compareTo(best.absJpy()) > 0) {
                    best = new Net(entry.getKey(), abs);
                }
            }
            largest = best;
        }
        return largest;
    }

    /** A symbol's net notional, absolute, in the quote currency. */
    public record Net(String symbol, BigDecimal absJpy) {
    }

    private void put(String symbol, SymbolPnl pnl) {
        symbols.put(symbol, pnl);
        total = null;
        largest = null;
        store.put(SYMBOL_PREFIX + symbol, encode(pnl));
    }

    private static byte[] encode(SymbolPnl pnl) {
        return Wire.write(out -> {
            Wire.decimal(out, pnl.position());
            Wire.decimal(out, pnl.cash());
            Wire.decimal(out, pnl.mark());
            Wire.decimal(out, pnl.dayStartValue());
        });
    }

    private static SymbolPnl decode(byte[] bytes) {
        return Wire.read(bytes, in -> new SymbolPnl(Wire.decimal(in), Wire.decimal(in), Wire.decimal(in), Wire.decimal(in)));
    }
}
