package io.mmguard.ops.bench;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the measuring consumer sees of the pipeline: record timestamp to readable for quotes, decisions
 * and NEW orders (all, and live only); decisions counted for the flat-out run; when each symbol last got
 * a live NEW and when each kill's {@code CANCEL_ALL}s arrived (kill measurement); kills nobody in the
 * bench asked for (a canary rollback, a router limit); and a check that the book record's timestamp is
 * carried unchanged onto quotes, decisions and orders.
 */
final class PipelineObserver implements CommittedTail.Sink {

    /** Topics the observer reads. */
    static final List<String> TOPICS = List.of(TopicNames.QUOTES, TopicNames.DECISIONS, TopicNames.ORDERS_LIVE,
            TopicNames.ORDERS_SHADOW, TopicNames.CONTROL);
    /** Quotes remembered for the timestamp check. */
    private static final int CARRY_SAMPLE = 2_000;

    private final Deserializer<Quote> quotes;
    private final Deserializer<RiskDecision> decisions;
    private final Deserializer<OrderCommand> orders;
    private final Deserializer<ControlCommand> control;
    private final String benchActor;

    private final LatencyRecorder bookToQuote = new LatencyRecorder();
    private final LatencyRecorder bookToDecision = new LatencyRecorder();
    private final LatencyRecorder bookToOrder = new LatencyRecorder();
    private final LatencyRecorder bookToLiveOrder = new LatencyRecorder();
    private volatile long windowStartMillis = Long.MAX_VALUE;
    private volatile long windowEndMillis = Long.MAX_VALUE;
    /** Per partition of the decision and order topics: the largest record timestamp read (how far the reader has caught up). */
    private final Map<String, Long> maxTimestamp = new ConcurrentHashMap<>();

    private final AtomicLong decisionsFromMark = new AtomicLong();
    private volatile long markMillis = Long.MAX_VALUE;
    private final AtomicLong liveNew = new AtomicLong();
    private final AtomicLong allNew = new AtomicLong();

    private final Map<String, Long> lastLiveNewNanos = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> cancelAllNanos = new ConcurrentHashMap<>();
    private final AtomicLong foreignKills = new AtomicLong();
    private volatile String lastForeignKill = "";
    /** Decisions read, by reason (for a message when live orders do not come). */
    private final Map<DecisionReason, AtomicLong> reasons = new ConcurrentHashMap<>();

    private final Map<String, Long> bookTsByQuote = new ConcurrentHashMap<>();
    private final AtomicLong carryChecked = new AtomicLong();
    private final AtomicLong carryEqual = new AtomicLong();
    private volatile String carryMismatch = "";

    PipelineObserver(Topics topics, String benchActor) {
        this.quotes = topics.quotes().valueSerde().deserializer();
        this.decisions = topics.decisions().valueSerde().deserializer();
        this.orders = topics.ordersLive().valueSerde().deserializer();
        this.control = topics.control().valueSerde().deserializer();
        this.benchActor = benchActor;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record, long readableAtMicros) {
        long latencyMicros = readableAtMicros - record.timestamp() * 1_000L;
        boolean inWindow = record.timestamp() >= windowStartMillis && record.timestamp() < windowEndMillis;
        if (record.topic().equals(TopicNames.QUOTES) || record.topic().equals(TopicNames.ORDERS_SHADOW)) {
            advance(record);
        }
        switch (record.topic()) {
            case TopicNames.QUOTES -> onQuote(record, latencyMicros, inWindow);
            case TopicNames.DECISIONS -> onDecision(record, latencyMicros, inWindow);
            case TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW -> onOrder(record, latencyMicros, inWindow);
            case TopicNames.CONTROL -> onControl(record);
            default -> {
                return;
            }
        }
    }

    private void onQuote(ConsumerRecord<byte[], byte[]> record, long latencyMicros, boolean inWindow) {
        if (inWindow) {
            bookToQuote.recordMicros(latencyMicros);
        }
        if (bookTsByQuote.size() < CARRY_SAMPLE) {
            Quote quote = quotes.deserialize(record.topic(), record.headers(), record.value());
            long bookTs = quote.getBookTs().toEpochMilli();
            bookTsByQuote.put(quote.getQuoteId(), bookTs);
            checkCarry(record, bookTs, "quote " + quote.getQuoteId());
        }
    }

    private void onDecision(ConsumerRecord<byte[], byte[]> record, long latencyMicros, boolean inWindow) {
        RiskDecision decision = decisions.deserialize(record.topic(), record.headers(), record.value());
        if (decision.getReason() == DecisionReason.FEED_SILENT) {
            return; // written by a wall-clock punctuator, not derived from a book record
        }
        advance(record);
        reasons.computeIfAbsent(decision.getReason(), r -> new AtomicLong()).incrementAndGet();
        if (inWindow) {
            bookToDecision.recordMicros(latencyMicros);
        }
        if (record.timestamp() >= markMillis) {
            decisionsFromMark.incrementAndGet();
        }
        Long bookTs = bookTsByQuote.get(decision.getQuoteId());
        if (bookTs != null) {
            checkCarry(record, bookTs, "decision " + decision.getDecisionId());
        }
    }

    private void onOrder(ConsumerRecord<byte[], byte[]> record, long latencyMicros, boolean inWindow) {
        OrderCommand order = orders.deserialize(record.topic(), record.headers(), record.value());
        boolean live = record.topic().equals(TopicNames.ORDERS_LIVE);
        if (order.getAction() == OrderAction.NEW && order.getDecisionId() != null) {
            if (inWindow) {
                bookToOrder.recordMicros(latencyMicros);
                allNew.incrementAndGet();
                if (live) {
                    bookToLiveOrder.recordMicros(latencyMicros);
                    liveNew.incrementAndGet();
                }
            }
            if (live) {
                lastLiveNewNanos.put(order.getSymbol(), System.nanoTime());
            }
            Long bookTs = order.getQuoteId() == null ? null : bookTsByQuote.get(order.getQuoteId());
            if (bookTs != null) {
                checkCarry(record, bookTs, "order " + order.getOrderId());
            }
        } else if (live && order.getAction() == OrderAction.CANCEL_ALL && order.getProvenance().getInputId() != null) {
            cancelAllNanos.computeIfAbsent(order.getProvenance().getInputId(), id -> new ConcurrentHashMap<>())
                    .putIfAbsent(order.getSymbol(), System.nanoTime());
        }
    }

    private void onControl(ConsumerRecord<byte[], byte[]> record) {
        ControlCommand command = control.deserialize(record.topic(), record.headers(), record.value());
        if (command != null && command.getType() == ControlType.DISABLE_LIVE && !benchActor.equals(command.getActor())) {
            foreignKills.incrementAndGet();
            lastForeignKill = command.getActor() + ": " + command.getReason();
        }
    }

    private void advance(ConsumerRecord<byte[], byte[]> record) {
        maxTimestamp.merge(record.topic() + "-" + record.partition(), record.timestamp(), Math::max);
    }

    private void checkCarry(ConsumerRecord<byte[], byte[]> record, long bookTs, String what) {
        carryChecked.incrementAndGet();
        if (record.timestamp() == bookTs) {
            carryEqual.incrementAndGet();
        } else {
            carryMismatch = what + " on " + record.topic() + ": record timestamp " + record.timestamp() + ", book_ts " + bookTs;
        }
    }

    /** Starts a latency window: records stamped from now until {@link #closeWindow()} are measured, whenever they arrive. */
    void startWindow() {
        windowEndMillis = Long.MAX_VALUE;
        windowStartMillis = System.currentTimeMillis();
        bookToQuote.startWindow();
        bookToDecision.startWindow();
        bookToOrder.startWindow();
        bookToLiveOrder.startWindow();
        liveNew.set(0);
        allNew.set(0);
    }

    /** Records stamped from now on are outside the window; returns the window's end (epoch millis). */
    long closeWindow() {
        long end = System.currentTimeMillis();
        windowEndMillis = end;
        return end;
    }

    /**
     * True once every partition of quotes, decisions and shadow orders that has had records has delivered one stamped at or
     * after {@code millis}: everything of the window has then been read.
     */
    boolean caughtUpTo(long millis) {
        return !maxTimestamp.isEmpty() && maxTimestamp.values().stream().allMatch(ts -> ts >= millis);
    }

    /**
     * How far the reader still was from {@code millis} on the partition furthest behind: a record stamped then and not yet
     * read is at least this late now.
     */
    long behindMillis(long millis) {
        long slowest = maxTimestamp.values().stream().mapToLong(Long::longValue).min().orElse(millis);
        return Math.max(0, System.currentTimeMillis() - Math.max(slowest, 0));
    }

    /** Where each partition stands (for a message). */
    String positions() {
        return new java.util.TreeMap<>(maxTimestamp).toString();
    }

    /** The window's latencies (call after {@link #closeWindow()} and the records of the window have arrived). */
    StepLatencies windowLatencies() {
        return new StepLatencies(bookToLiveOrder.endWindow(), bookToOrder.endWindow(), bookToQuote.endWindow(),
                bookToDecision.endWindow());
    }

    /** From now on counts decisions (not FEED_SILENT) whose timestamp is at or after {@code fromMillis}. */
    void markDecisions(long fromMillis) {
        decisionsFromMark.set(0);
        markMillis = fromMillis;
    }

    long decisionsSinceMark() {
        return decisionsFromMark.get();
    }

    /** Symbols that got a live NEW order after {@code sinceNanos}. */
    Set<String> liveSince(long sinceNanos) {
        Set<String> symbols = new java.util.TreeSet<>();
        lastLiveNewNanos.forEach((symbol, at) -> {
            if (at - sinceNanos > 0) {
                symbols.add(symbol);
            }
        });
        return symbols;
    }

    /** When each symbol's CANCEL_ALL caused by control command {@code commandId} became readable (nanoTime). */
    Map<String, Long> cancelAlls(String commandId) {
        return Map.copyOf(cancelAllNanos.getOrDefault(commandId, Map.of()));
    }

    long foreignKills() {
        return foreignKills.get();
    }

    String lastForeignKill() {
        return lastForeignKill;
    }

    /** Decisions read so far by reason, and the last kill nobody in the bench sent (for a message). */
    String describeDecisions() {
        Map<DecisionReason, Long> counts = new java.util.TreeMap<>();
        reasons.forEach((reason, count) -> counts.put(reason, count.get()));
        return "decisions by reason " + counts + (lastForeignKill.isEmpty() ? "" : ", last foreign kill " + lastForeignKill);
    }

    /** The timestamp-carry check so far. */
    TimestampCarry carry() {
        return new TimestampCarry(carryChecked.get(), carryEqual.get(), carryMismatch);
    }

    /**
     * How many quotes, decisions and orders (of the first quotes seen) carried their book's timestamp as their record timestamp.
     *
     * @param checked       records compared
     * @param equal         records whose timestamp equalled their book's {@code book_ts}
     * @param lastMismatch  the last record that did not, or empty
     */
    record TimestampCarry(long checked, long equal, String lastMismatch) {
    }
}
