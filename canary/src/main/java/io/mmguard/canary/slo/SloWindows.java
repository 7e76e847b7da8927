package io.mmguard.canary.slo;

import io.mmguard.canary.store.StateWrites;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The seed's 5-minute rolling windows in event time: {@value #SLOTS} slots of {@code window / SLOTS} each; the window is
 * the slot holding the current stream time and the {@code SLOTS - 1} before it, so it always covers between
 * {@code window - slot} and {@code window} of event time (4m50s to 5m at the seed's scale). Each slot keeps a log-bucket
 * histogram per percentile SLO and the new-order counts; the window total is kept incrementally (add on a sample,
 * subtract a slot when it leaves the window), so a reading scans one histogram, never raw samples, and a verdict
 * ({@link #verdict}) scans nothing.
 *
 * <p>A sample older than the window when it arrives is counted as late and dropped. Every change is written to the store
 * as it happens, in constant time: a histogram sample rewrites only its bucket's count ({@code w/<slot>/<part>/<bucket>}),
 * a new order its slot's counts ({@code w/<slot>/orders}); a slot leaving the window deletes its keys. Whole-histogram
 * values of the earlier format ({@code w/<slot>/<part>}) are still read, and rewritten as bucket keys on the first change.
 */
public final class SloWindows {

    /** Slots per window. */
    public static final int SLOTS = 30;
    /** The seed's window: 直近5分ローリング. */
    public static final Duration SEED_WINDOW = Duration.ofMinutes(5);
    /** Store key prefix of slot parts: {@code w/<slot>/<part>[/<bucket>]}. */
    public static final String KEY_PREFIX = "w/";
    /** Store key of the late-sample count. */
    static final String LATE_KEY = KEY_PREFIX + "late";

    private static final NearestRank P99 = new NearestRank(new BigDecimal("0.99"));
    private static final NearestRank P95 = new NearestRank(new BigDecimal("0.95"));

    private final long slotMs;
    private final SloThresholds thresholds;
    private final MinSamples minSamples;
    private final StateWrites store;
    private final BucketLayout errLayout;
    private final BucketLayout cancelLayout;
    private final BucketLayout slipLayout;
    private final long minShareUnscaled;
    private final long minShareDivisor;
    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private final Slot window;
    private final EnumMap<SloKind, SloReading> readings = new EnumMap<>(SloKind.class);
    /** Restored whole-histogram values not (yet) superseded by bucket keys: rewritten as bucket keys on the first change. */
    private final Map<String, Restored> restoredWhole = new LinkedHashMap<>();
    /** Restored keys to delete on the first change: whole histograms, and buckets written under another layout. */
    private final Set<String> obsolete = new HashSet<>();
    private long current = Long.MIN_VALUE;
    private long late;
    private long lastIndex = Long.MIN_VALUE;
    private Slot lastSlot;

    /**
     * @param window     the (scaled) window length
     * @param thresholds the SLO thresholds (each percentile threshold is its histogram's anchor)
     * @param minSamples samples needed before a window can pass or fail
     * @param store      where every change is written
     */
    public SloWindows(Duration window, SloThresholds thresholds, MinSamples minSamples, StateWrites store) {
        this.slotMs = Math.max(1, window.toMillis() / SLOTS);
        this.thresholds = thresholds;
        this.minSamples = minSamples;
        this.store = store;
        this.errLayout = new BucketLayout(thresholds.errBpP99Max().doubleValue(), true);
        this.cancelLayout = new BucketLayout(thresholds.cancelP99MaxMs().doubleValue(), false);
        this.slipLayout = new BucketLayout(thresholds.slippageP95MaxBp().doubleValue(), true);
        this.window = new Slot(errLayout, cancelLayout, slipLayout);
        BigDecimal min = thresholds.newOrder2xxMin().scale() < 0 ? thresholds.newOrder2xxMin().setScale(0) : thresholds.newOrder2xxMin();
        boolean fits = min.signum() >= 0 && min.scale() <= 18 && min.unscaledValue().bitLength() < 63;
        this.minShareUnscaled = fits ? min.unscaledValue().longValue() : -1;
        this.minShareDivisor = fits ? BigDecimal.ONE.scaleByPowerOfTen(min.scale()).longValueExact() : -1;
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
     * Moves the window to stream time {@code now}: slots that fall out of it are subtracted and their keys deleted.
     *
     * @return true when {@code now} is in a later slot than before
     */
    public boolean advanceTo(long now) {
        rewriteRestored();
        long slot = Math.floorDiv(now, slotMs);
        if (slot <= current) {
            return false;
        }
        current = slot;
        Iterator<Map.Entry<Long, Slot>> old = slots.headMap(current - SLOTS, true).entrySet().iterator();
        while (old.hasNext()) {
            Slot expired = old.next().getValue();
            window.subtract(expired);
            for (Slot.Part part : Slot.HISTOGRAMS) {
                expired.histogram(part).forEachNonEmpty(bucket -> store.delete(expired.key(part, bucket)));
            }
            store.delete(expired.key(Slot.Part.ORDERS));
            old.remove();
        }
        lastIndex = Long.MIN_VALUE;
        lastSlot = null;
        readings.clear();
        return true;
    }

    /** One quote's err_bp. */
    public void recordErrBp(long ts, BigDecimal errBp) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            double value = errBp.doubleValue();
            int bucket = slot.errBp.record(value);
            window.errBp.record(value);
            store.put(slot.key(Slot.Part.ERR, bucket), slot.errBp.encodeBucket(bucket));
            readings.remove(SloKind.ERR_BP_P99);
        }
    }

    /** One new order's outcome: ACK (2xx) or REJECT with its exchange code. */
    public void recordNewOrder(long ts, boolean accepted, Integer code) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            slot.orders.record(accepted, code);
            window.orders.record(accepted, code);
            store.put(slot.key(Slot.Part.ORDERS), slot.orders.encode());
            readings.remove(SloKind.NEW_ORDER_2XX);
        }
    }

    /** One cancel's ack latency. */
    public void recordCancel(long ts, long latencyMs) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            int bucket = slot.cancelMs.record(latencyMs);
            window.cancelMs.record(latencyMs);
            store.put(slot.key(Slot.Part.CANCEL, bucket), slot.cancelMs.encodeBucket(bucket));
            readings.remove(SloKind.CANCEL_P99);
        }
    }

    /** One fill's slippage in bp, by side. */
    public void recordSlippage(long ts, Side side, double bp) {
        Slot slot = slotFor(ts);
        if (slot != null) {
            Slot.Part part = side == Side.SELL ? Slot.Part.SLIP_SELL : Slot.Part.SLIP_BUY;
            LogHistogram histogram = slot.histogram(part);
            int bucket = histogram.record(bp);
            window.histogram(part).record(bp);
            store.put(slot.key(part, bucket), histogram.encodeBucket(bucket));
            readings.remove(SloKind.SLIPPAGE_P95);
        }
    }

    /**
     * The window's verdict on a windowed SLO, in constant time: always {@code reading(kind).verdict()}, without the value
     * or its text.
     */
    public Verdict verdict(SloKind kind) {
        return switch (kind) {
            case ERR_BP_P99 -> percentileVerdict(window.errBp, P99, minSamples.errBp());
            case CANCEL_P99 -> percentileVerdict(window.cancelMs, P99, minSamples.cancels());
            case SLIPPAGE_P95 -> slippageVerdict();
            case NEW_ORDER_2XX -> newOrdersVerdict();
            case DAILY_PNL -> throw new IllegalArgumentException("daily PnL has no window");
        };
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
        return (side == Side.SELL ? window.slipSell : window.slipBuy).quantile(P95.quantile());
    }

    /**
     * Restores the stream time of the last change ({@link #advanceTo} had moved the window there), so that a restored
     * window drops late samples exactly as the one before the restart did. Writes nothing.
     */
    public void restoreTime(long now) {
        current = Math.max(current, Math.floorDiv(now, slotMs));
    }

    /** Restores one stored key ({@code w/<slot>/<part>[/<bucket>]} or the late count); unknown keys are ignored. */
    public void load(String key, byte[] value) {
        if (value == null) {
            return;
        }
        if (key.equals(LATE_KEY)) {
            late = ByteBuffer.wrap(value).getLong();
            return;
        }
        String[] parts = key.substring(KEY_PREFIX.length()).split("/", 3);
        Slot.Part part = parts.length >= 2 ? Slot.Part.ofKey(parts[1]) : null;
        if (part == null) {
            return;
        }
        long index = Long.parseLong(parts[0]);
        Slot slot = slots.computeIfAbsent(index, this::newSlot);
        current = Math.max(current, index);
        readings.clear();
        if (part == Slot.Part.ORDERS) {
            OrderCounts counts = OrderCounts.decode(value);
            slot.orders.add(counts);
            window.orders.add(counts);
        } else if (parts.length == 3) {
            loadBucket(key, slot, part, Integer.parseInt(parts[2]), value);
        } else {
            loadWhole(key, slot, part, value);
        }
    }

    private void loadBucket(String key, Slot slot, Slot.Part part, int bucket, byte[] value) {
        Restored whole = restoredWhole.remove(slot.key(part));
        if (whole != null) {
            // bucket keys hold the whole count: the earlier value was rewritten and its delete did not reach the store
            slot.histogram(part).subtract(whole.histogram);
            window.histogram(part).subtract(whole.histogram);
        }
        slot.histogram(part).loadBucket(bucket, value);
        if (!window.histogram(part).loadBucket(bucket, value)) {
            obsolete.add(key);
        }
        slot.bucketsRestored(part);
    }

    private void loadWhole(String key, Slot slot, Slot.Part part, byte[] value) {
        obsolete.add(key);
        if (slot.hasRestoredBuckets(part)) {
            return;
        }
        LogHistogram histogram = LogHistogram.decode(value, slot.histogram(part).layout());
        slot.histogram(part).add(histogram);
        window.histogram(part).add(histogram);
        restoredWhole.put(key, new Restored(slot, part, histogram));
    }

    /** Rewrites restored whole-histogram values as bucket keys, once, in the first record's processing after a restore. */
    private void rewriteRestored() {
        if (obsolete.isEmpty()) {
            return;
        }
        for (Restored whole : restoredWhole.values()) {
            LogHistogram histogram = whole.slot.histogram(whole.part);
            histogram.forEachNonEmpty(bucket -> store.put(whole.slot.key(whole.part, bucket), histogram.encodeBucket(bucket)));
        }
        obsolete.forEach(store::delete);
        restoredWhole.clear();
        obsolete.clear();
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

    private static Verdict percentileVerdict(LogHistogram histogram, NearestRank q, int min) {
        if (histogram.count() < min) {
            return Verdict.INSUFFICIENT;
        }
        return histogram.quantilePasses(q) ? Verdict.PASS : Verdict.FAIL;
    }

    /** As {@link #slippage()}: a failure when both sides together fail, or a side with enough fills on its own fails. */
    private Verdict slippageVerdict() {
        LogHistogram buy = window.slipBuy;
        LogHistogram sell = window.slipSell;
        long n = buy.count() + sell.count();
        int min = minSamples.slippage();
        if (n < min) {
            return Verdict.INSUFFICIENT;
        }
        boolean fails = buy.passing() + sell.passing() < P95.of(n)
                || buy.count() >= min && !buy.quantilePasses(P95)
                || sell.count() >= min && !sell.quantilePasses(P95);
        return fails ? Verdict.FAIL : Verdict.PASS;
    }

    private Verdict newOrdersVerdict() {
        long n = window.orders.total();
        if (n < minSamples.newOrders()) {
            return Verdict.INSUFFICIENT;
        }
        return above(window.orders.ok(), n) ? Verdict.PASS : Verdict.FAIL;
    }

    /** {@code ok > newOrder2xxMin * n}, exactly. */
    private boolean above(long ok, long n) {
        if (minShareUnscaled >= 0) {
            try {
                return Math.multiplyExact(ok, minShareDivisor) > Math.multiplyExact(minShareUnscaled, n);
            } catch (ArithmeticException overflow) {
                // fall through to the decimal form
            }
        }
        return BigDecimal.valueOf(ok).compareTo(thresholds.newOrder2xxMin().multiply(BigDecimal.valueOf(n))) > 0;
    }

    private SloReading percentile(SloKind kind, LogHistogram histogram, NearestRank q, BigDecimal threshold, int min, boolean ms) {
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
            verdict = above(ok, n) ? Verdict.PASS : Verdict.FAIL;
        }
        double value = n == 0 ? Double.NaN : (double) ok / n;
        return new SloReading(SloKind.NEW_ORDER_2XX, value, Formats.share(ok, n), min, n, minSamples.newOrders(), verdict);
    }

    private Slot slotFor(long ts) {
        rewriteRestored();
        long index = Math.floorDiv(ts, slotMs);
        if (current != Long.MIN_VALUE && index <= current - SLOTS) {
            late++;
            store.put(LATE_KEY, ByteBuffer.allocate(Long.BYTES).putLong(late).array());
            return null;
        }
        if (index != lastIndex) {
            lastSlot = slots.computeIfAbsent(index, this::newSlot);
            lastIndex = index;
        }
        return lastSlot;
    }

    private Slot newSlot(long index) {
        return new Slot(KEY_PREFIX, index, errLayout, cancelLayout, slipLayout);
    }

    /** A restored whole-histogram value. */
    private record Restored(Slot slot, Slot.Part part, LogHistogram histogram) {
    }
}
