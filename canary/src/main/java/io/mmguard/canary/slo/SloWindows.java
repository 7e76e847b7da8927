package io.mmguard.canary.slo;

import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed's 5-minute rolling windows in event time: {@value #SLOTS} slots of {@code window / SLOTS} each; the window is
 * the slot holding the current stream time and the {@code SLOTS - 1} before it, so it always covers between
 * {@code window - slot} and {@code window} of event time (4m50s to 5m at the seed's scale). Each slot keeps a log-bucket
 * histogram per percentile SLO and the new-order counts; the window total is kept incrementally (add on a sample,
 * subtract a slot when it leaves the window), so a reading scans one histogram, never raw samples.
 *
 * <p>A sample older than the window when it arrives is counted as late and dropped. Every slot part a sample touched, and
 * every slot that left the window, is reported by {@link #drainWrites()} for the changelogged store.
 */
public final class SloWindows {

    /** Slots per window. */
    public static final int SLOTS = 30;
    /** The seed's window: 直近5分ローリング. */
    public static final Duration SEED_WINDOW = Duration.ofMinutes(5);
    /** Store key prefix of slot parts: {@code w/<slot>/<part>}. */
    public static final String KEY_PREFIX = "w/";

    private static final BigDecimal P99 = new BigDecimal("0.99");
    private static final BigDecimal P95 = new BigDecimal("0.95");

    private final long slotMs;
    private final SloThresholds thresholds;
    private final MinSamples minSamples;
    private final BucketLayout errLayout;
    private final BucketLayout cancelLayout;
    private final BucketLayout slipLayout;
    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private final Slot window;
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private final EnumMap<SloKind, SloReading> readings = new EnumMap<>(SloKind.class);
    private long current = Long.MIN_VALUE;
    private long late;

    /**
     * @param window     the (scaled) window length
     * @param thresholds the SLO thresholds (each percentile threshold is its histogram's anchor)
     * @param minSamples samples needed before a window can pass or fail
     */
    public SloWindows(Duration window, SloThresholds thresholds, MinSamples minSamples) {
        this.slotMs = Math.max(1, window.toMillis() / SLOTS);
        this.thresholds = thresholds;
        this.minSamples = minSamples;
        this.errLayout = new BucketLayout(thresholds.errBpP99Max().doubleValue(), true);
        this.cancelLayout = new BucketLayout(thresholds.cancelP99MaxMs().doubleValue(), false);
        this.slipLayout = new BucketLayout(thresholds.slippageP95MaxBp().doubleValue(), true);
        this.window = newSlot();
    }

    /** Length of one slot in ms. */
    public long slotMs() {
        return slotMs;
    }

    /** The window length actually covered: {@code SLOTS * slotMs}. */
    public Duration window() {
        return Duration.ofMillis(slotMs * SLOTS);
    }

    /** Samples that arrived after their slot had left the window. */
    public long late() {
        return late;
    }

    /**
     * Moves the window to stream time {@code now}: slots that fall out of it are subtracted and deleted.
     *
     * @return true when {@code now} is in a later slot than before
     */
    public boolean advanceTo(long now) {
        long slot = Math.floorDiv(now, slotMs);
        if (slot <= current) {
            return false;
        }
        current = slot;
        Iterator<Map.Entry<Long, Slot>> old = slots.headMap(current - SLOTS, true).entrySet().iterator();
        while (old.hasNext()) {
            Map.Entry<Long, Slot> expired = old.next();
            window.subtract(expired.getValue());
            for (Slot.Part part : Slot.Part.values()) {
                writes.put(key(expired.getKey(), part), null);
            }
            old.remove();
        }
        readings.clear();
        return true;
    }

    /** One quote's err_bp. */
    public void recordErrBp(long ts, BigDecimal errBp) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            double value = errBp.doubleValue();
            slot.errBp.record(value);
            window.errBp.record(value);
            touched(ts, Slot.Part.ERR, slot);
            readings.remove(SloKind.ERR_BP_P99);
        }
    }

    /** One new order's outcome: ACK (2xx) or REJECT with its exchange code. */
    public void recordNewOrder(long ts, boolean accepted, Integer code) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            slot.orders.record(accepted, code);
            window.orders.record(accepted, code);
            touched(ts, Slot.Part.ORDERS, slot);
            readings.remove(SloKind.NEW_ORDER_2XX);
        }
    }

    /** One cancel's ack latency. */
    public void recordCancel(long ts, long latencyMs) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            slot.cancelMs.record(latencyMs);
            window.cancelMs.record(latencyMs);
            touched(ts, Slot.Part.CANCEL, slot);
            readings.remove(SloKind.CANCEL_P99);
        }
    }

    /** One fill's slippage in bp, by side. */
    public void recordSlippage(long ts, Side side, double bp) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            boolean sell = side == Side.SELL;
            (sell ? slot.slipSell : slot.slipBuy).record(bp);
            (sell ? window.slipSell : window.slipBuy).record(bp);
            touched(ts, sell ? Slot.Part.SLIP_SELL : Slot.Part.SLIP_BUY, slot);
            readings.remove(SloKind.SLIPPAGE_P95);
        }
    }

    /** The window's reading of a windowed SLO (not {@link SloKind#DAILY_PNL}). */
    public SloReading reading(SloKind kind) {
        return readings.computeIfAbsent(kind, this::read);
    }

    /** The windowed SLOs' readings, in {@link SloKind} order. */
    public List<SloReading> readings() {
        List<SloReading> all = new ArrayList<>();
        for (SloKind kind : SloKind.values()) {
            if (kind != SloKind.DAILY_PNL) {
                all.add(reading(kind));
            }
        }
        return all;
    }

    /** Rejects in the window by exchange code (0 = no code). */
    public Map<Integer, Long> rejectsByCode() {
        return window.orders.byCode();
    }

    /** Slippage P95 of one side (NaN without fills), for diagnosis. */
    public double slippageP95(Side side) {
        return (side == Side.SELL ? window.slipSell : window.slipBuy).quantile(P95);
    }

    /** Slot parts to write ({@code null} = delete) since the last call. */
    public Map<String, byte[]> drainWrites() {
        Map<String, byte[]> out = new LinkedHashMap<>(writes);
        writes.clear();
        return out;
    }

    /** Restores one stored slot part ({@code w/<slot>/<part>}); unknown keys are ignored. */
    public void load(String key, byte[] value) {
        String[] parts = key.substring(KEY_PREFIX.length()).split("/", 2);
        Slot.Part part = parts.length == 2 ? Slot.Part.ofKey(parts[1]) : null;
        if (part == null || value == null) {
            return;
        }
        long index = Long.parseLong(parts[0]);
        Slot slot = slots.computeIfAbsent(index, i -> newSlot());
        Slot loaded = newSlot();
        loaded.load(part, value);
        slot.add(loaded);
        window.add(loaded);
        current = Math.max(current, index);
        readings.clear();
    }

    private SloReading read(SloKind kind) {
        return switch (kind) {
            case ERR_BP_P99 -> percentile(kind, window.errBp, P99, thresholds.errBpP99Max(), minSamples.errBp(), false);
            case CANCEL_P99 -> percentile(kind, window.cancelMs, P99, thresholds.cancelP99MaxMs(), minSamples.cancels(), true);
            case SLIPPAGE_P95 -> slippage();
            case NEW_ORDER_2XX -> newOrders();
            case DAILY_PNL -> throw new IllegalArgumentException("daily PnL has no window");
        };
    }

    private SloReading percentile(SloKind kind, LogHistogram histogram, BigDecimal q, BigDecimal threshold, int min, boolean ms) {
        long n = histogram.count();
        int bucket = histogram.quantileBucket(q);
        double value = bucket < 0 ? Double.NaN : histogram.layout().representative(bucket);
        String shown = bucket < 0 ? "n/a" : ms ? Formats.ms(value) + "ms" : Formats.bp(value);
        Verdict verdict = n < min ? Verdict.INSUFFICIENT : histogram.layout().passes(bucket) ? Verdict.PASS : Verdict.FAIL;
        return new SloReading(kind, value, shown, threshold, n, min, verdict);
    }

    /** Slippage P95 over both sides, or the worse side's when a side alone has enough fills and reads worse (the seed's by-side P95). */
    private SloReading slippage() {
        LogHistogram both = new LogHistogram(slipLayout);
        both.add(window.slipBuy);
        both.add(window.slipSell);
        SloReading worst = percentile(SloKind.SLIPPAGE_P95, both, P95, thresholds.slippageP95MaxBp(), minSamples.slippage(), false);
        if (worst.verdict() == Verdict.INSUFFICIENT) {
            return worst;
        }
        for (LogHistogram side : List.of(window.slipBuy, window.slipSell)) {
            if (side.count() < minSamples.slippage()) {
                continue;
            }
            SloReading one = percentile(SloKind.SLIPPAGE_P95, side, P95, thresholds.slippageP95MaxBp(), minSamples.slippage(), false);
            boolean worse = one.verdict() == Verdict.FAIL && worst.verdict() != Verdict.FAIL
                    || one.verdict() == worst.verdict() && one.value() > worst.value();
            if (worse) {
                worst = new SloReading(SloKind.SLIPPAGE_P95, one.value(), one.shown(), one.threshold(), both.count(),
                        minSamples.slippage(), one.verdict());
            }
        }
        return worst;
    }

    private SloReading newOrders() {
        long ok = window.orders.ok();
        long n = window.orders.total();
        BigDecimal min = thresholds.newOrder2xxMin();
        Verdict verdict;
        if (n < minSamples.newOrders()) {
            verdict = Verdict.INSUFFICIENT;
        } else {
            verdict = BigDecimal.valueOf(ok).compareTo(min.multiply(BigDecimal.valueOf(n))) > 0 ? Verdict.PASS : Verdict.FAIL;
        }
        double value = n == 0 ? Double.NaN : (double) ok / n;
        return new SloReading(SloKind.NEW_ORDER_2XX, value, Formats.share(ok, n), min, n, minSamples.newOrders(), verdict);
    }

    private Slot slotFor(long ts) {
        long index = Math.floorDiv(ts, slotMs);
        if (current != Long.MIN_VALUE && index <= current - SLOTS) {
            late++;
            return null;
        }
        return slots.computeIfAbsent(index, i -> newSlot());
    }

    private void touched(long ts, Slot.Part part, Slot slot) {
        writes.put(key(Math.floorDiv(ts, slotMs), part), slot.encode(part));
    }

    private Slot newSlot() {
        return new Slot(errLayout, cancelLayout, slipLayout);
    }

    private static String key(long slot, Slot.Part part) {
        return KEY_PREFIX + slot + "/" + part.key();
    }
}
