package io.mmguard.ops;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Counts committed records on every pipeline topic (read_committed, from the beginning, all partitions
 * assigned: no consumer group), on its own thread, for the demo's status line and summary. Reads bytes only: counting needs no schema.
 */
final class PipelineCounter implements AutoCloseable {

    private static final List<String> TOPICS = List.of(TopicNames.book("sim"), TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS,
            TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.EXEC_REPORTS, TopicNames.CONTROL_STATE, TopicNames.CONTROL, TopicNames.ALERTS, TopicNames.DLQ,
            TopicNames.POSITIONS);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong kills = new AtomicLong();
    private final Deserializer<ControlCommand> control;
    private final Deserializer<RiskDecision> decisions;
    private final AtomicLong passed = new AtomicLong();
    private final Deserializer<ControlState> states;
    private final Deserializer<Alert> alerts;
    private final Deserializer<OrderCommand> orders;
    private final Deserializer<io.mmguard.schemas.Position> positions;
    /** Per symbol, |net JPY| of every position version seen (one per live fill), for the summary's inventory figures. */
    private final Map<String, List<java.math.BigDecimal>> netJpy = new ConcurrentHashMap<>();
    private final List<Event> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> alertKindsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong liveAfterKill = new AtomicLong();
    private volatile long killVersion = Long.MAX_VALUE;
    private volatile ControlState latestState;
    private volatile String canaryStage = "not started";
    private final java.util.Deque<String> recentAlerts = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final double[] recentErrBp = new double[1000];
    private long errBpSeen;
    private final Deserializer<io.mmguard.schemas.Quote> quotes;
    private volatile boolean wasLive;
    private volatile long measureFromMillis = Long.MAX_VALUE;
    private final LatencyHistogram toQuote = new LatencyHistogram();
    private final LatencyHistogram toDecision = new LatencyHistogram();
    private final LatencyHistogram toOrder = new LatencyHistogram();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    PipelineCounter(String bootstrap, Topics topics) {
        this.control = topics.control().valueSerde().deserializer();
        this.decisions = topics.decisions().valueSerde().deserializer();
        this.states = topics.controlState().valueSerde().deserializer();
        this.alerts = topics.alerts().valueSerde().deserializer();
        this.orders = topics.ordersLive().valueSerde().deserializer();
        this.positions = topics.positions().valueSerde().deserializer();
        this.quotes = topics.quotes().valueSerde().deserializer();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-demo-counter");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TOPICS.forEach(topic -> counts.put(topic, new AtomicLong()));
        thread = new Thread(this::run, "mm-demo-counter");
        thread.setDaemon(true);
    }

    PipelineCounter start() {
        thread.start();
        return this;
    }

    long count(String topic) {
        return counts.get(topic).get();
    }

    /** DISABLE_LIVE commands seen on the control topic. */
    long kills() {
        return kills.get();
    }

    private void run() {
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        try {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    counts.get(record.topic()).incrementAndGet();
                    if (record.timestamp() >= measureFromMillis) {
                        latency(record.topic(), now - record.timestamp());
                    }
                    if (record.topic().equals(TopicNames.CONTROL) && isKill(record)) {
                        kills.incrementAndGet();
                    }
                    if (record.topic().equals(TopicNames.DECISIONS) && isPass(record)) {
                        passed.incrementAndGet();
                    }
                    observe(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    /**
     * Book record timestamp to readable here (read_committed): Streams carries the book's timestamp through
     * the quote, the decision and the orders made from it, so arrival time minus record time is the pipeline's latency.
     */
    private void latency(String topic, long latencyMs) {
        switch (topic) {
            case TopicNames.QUOTES, TopicNames.QUOTES_DENIED -> toQuote.record(latencyMs);
            case TopicNames.DECISIONS -> toDecision.record(latencyMs);
            case TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW -> toOrder.record(latencyMs);
            default -> {
            }
        }
    }

    /** Latencies count for records whose (book) timestamp is at or after {@code fromMillis}: the warm-up is left out. */
    void measureLatencyFrom(long fromMillis) {
        measureFromMillis = fromMillis;
    }

    /** Book to quote (or denial), book to decision, book to order (live and shadow) latencies so far. */
    Latencies latencies() {
        return new Latencies(toQuote.snapshot(), toDecision.snapshot(), toOrder.snapshot());
    }

    /** The demo's three latency histograms. */
    record Latencies(LatencyHistogram.Snapshot quote, LatencyHistogram.Snapshot decision, LatencyHistogram.Snapshot order) {
    }

    /** What happened, in record time order per topic: control state changes, kills, canary stages, first alerts of a kind. */
    List<Event> timeline() {
        List<Event> sorted = new java.util.ArrayList<>(timeline);
        sorted.sort(java.util.Comparator.comparingLong(Event::at));
        return sorted;
    }

    /** Live NEW orders routed under a control version at or after the first kill (must stay 0). */
    long liveOrdersAfterKill() {
        return liveAfterKill.get();
    }

    private void observe(ConsumerRecord<byte[], byte[]> record) {
        try {
            switch (record.topic()) {
                case TopicNames.CONTROL_STATE -> {
                    ControlState state = states.deserialize(record.topic(), record.headers(), record.value());
                    if (state == null) {
                        return;
                    }
                    latestState = state;
                    if (wasLive && !state.getLiveEnabled() && killVersion == Long.MAX_VALUE) {
                        killVersion = state.getVersion();
                    }
                    wasLive = wasLive || state.getLiveEnabled();
                    timeline.add(new Event(record.timestamp(), "control v" + state.getVersion() + ": " + state.getLastCommandType()
                            + " by " + state.getLastActor() + " -> " + (state.getLiveEnabled() ? "live" : "killed") + ", fraction "
                            + io.mmguard.core.units.Decimals.plain(state.getFraction()) + " (" + state.getLastReason() + ")"));
                }
                case TopicNames.ALERTS -> {
                    Alert alert = alerts.deserialize(record.topic(), record.headers(), record.value());
                    if (alert == null) {
                        return;
                    }
                    boolean stage = alert.getKind().startsWith("CANARY");
                    if (alert.getKind().equals("CANARY_STAGE")) {
                        canaryStage = alert.getDetails().getOrDefault("title", alert.getMessage());
                    }
                    recentAlerts.addFirst(alert.getSeverity() + " " + alert.getKind() + (alert.getSymbol() == null ? "" : " "
                            + alert.getSymbol()) + ": " + shorten(alert.getMessage()));
                    while (recentAlerts.size() > 8) {
                        recentAlerts.pollLast();
                    }
                    if (stage || alert.getSeverity() == io.mmguard.schemas.Severity.CRIT
                            || alertKindsSeen.add(alert.getKind() + "/" + alert.getSymbol())) {
                        String title = alert.getDetails().getOrDefault("title", alert.getMessage());
                        timeline.add(new Event(record.timestamp(), "alert " + alert.getSeverity() + " " + alert.getKind()
                                + (alert.getSymbol() == null ? "" : " " + alert.getSymbol()) + ": " + shorten(title)));
                    }
                }
                case TopicNames.QUOTES -> {
                    io.mmguard.schemas.Quote quote = quotes.deserialize(record.topic(), record.headers(), record.value());
                    if (quote != null) {
                        synchronized (recentErrBp) {
                            recentErrBp[(int) (errBpSeen++ % recentErrBp.length)] = quote.getErrBp().doubleValue();
                        }
                    }
                }
                case TopicNames.POSITIONS -> {
                    io.mmguard.schemas.Position position = positions.deserialize(record.topic(), record.headers(), record.value());
                    if (position != null) {
                        netJpy.computeIfAbsent(position.getSymbol(), symbol -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(position.getNetNotionalJpy().abs());
                    }
                }
                case TopicNames.ORDERS_LIVE -> {
                    OrderCommand order = orders.deserialize(record.topic(), record.headers(), record.value());
                    if (order != null && order.getAction() == io.mmguard.schemas.OrderAction.NEW
                            && order.getProvenance().getControlVersion() >= killVersion) {
                        liveAfterKill.incrementAndGet();
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            // a record the demo cannot read is still counted above; the services quarantine it
        }
    }

    /**
     * Per symbol, from mm.positions: fills (position versions), the last |net JPY|, its maximum and its 95th percentile
     * (nearest rank over the versions), exact decimals rounded to the yen.
     */
    Map<String, Map<String, Object>> inventory() {
        Map<String, Map<String, Object>> bySymbol = new java.util.TreeMap<>();
        netJpy.forEach((symbol, values) -> {
            List<java.math.BigDecimal> sorted = new java.util.ArrayList<>(values);
            if (sorted.isEmpty()) {
                return;
            }
            java.math.BigDecimal last = sorted.get(sorted.size() - 1);
            sorted.sort(java.util.Comparator.naturalOrder());
            int rank = (int) Math.ceil(0.95 * sorted.size()) - 1;
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("fills", sorted.size());
            figures.put("last_abs_net_jpy", yen(last));
            figures.put("max_abs_net_jpy", yen(sorted.get(sorted.size() - 1)));
            figures.put("p95_abs_net_jpy", yen(sorted.get(Math.max(0, rank))));
            bySymbol.put(symbol, figures);
        });
        return bySymbol;
    }

    private static java.math.BigDecimal yen(java.math.BigDecimal value) {
        return value.setScale(0, java.math.RoundingMode.HALF_EVEN);
    }

    /** The control state the router published last, or null before the first. */
    ControlState latestState() {
        return latestState;
    }

    /** The title of the canary controller's last stage alert. */
    String canaryStage() {
        return canaryStage;
    }

    /** The last alerts, newest first. */
    List<String> recentAlerts() {
        return List.copyOf(recentAlerts);
    }

    /** P99 of err_bp over the last 1,000 quotes (a display figure for the demo page), NaN before any quote. */
    double recentErrBpP99() {
        double[] copy;
        synchronized (recentErrBp) {
            int n = (int) Math.min(errBpSeen, recentErrBp.length);
            copy = java.util.Arrays.copyOf(recentErrBp, n);
        }
        if (copy.length == 0) {
            return Double.NaN;
        }
        java.util.Arrays.sort(copy);
        return copy[Math.min(copy.length - 1, (int) Math.ceil(copy.length * 0.99) - 1)];
    }

    private static String shorten(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /** One line of the demo's timeline. */
    record Event(long at, String what) {
    }

    /** PASS decisions seen. */
    long passed() {
        return passed.get();
    }

    private boolean isPass(ConsumerRecord<byte[], byte[]> record) {
        try {
            RiskDecision decision = decisions.deserialize(record.topic(), record.headers(), record.value());
            return decision != null && decision.getVerdict() == Verdict.PASS;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean isKill(ConsumerRecord<byte[], byte[]> record) {
        try {
            ControlCommand command = control.deserialize(record.topic(), record.headers(), record.value());
            return command != null && command.getType() == ControlType.DISABLE_LIVE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
