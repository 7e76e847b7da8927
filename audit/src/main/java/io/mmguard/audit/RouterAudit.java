package io.mmguard.audit;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.router.OrderRouterConfig;
import io.mmguard.router.RouterReplay;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The order-router's part. A router task interleaves two inputs (risk decisions and execution reports) in an
 * order Kafka does not fix, and reacts to kills between records; every router output records where the task
 * stood in both inputs ({@code provenance.inputs_through}) and the control version it acted under. The replay
 * rebuilds exactly that interleaving from the earliest retained input, folds the control ledger to each recorded
 * version, fires the control tick where the task reacted to a kill between two records, and compares orders,
 * order denials and the automatic commands derived from execution reports.
 */
final class RouterAudit {

    static final String SERVICE = "order-router";
    static final String KILL_REACTION = "kill-reaction";
    private static final Set<String> OUTPUT_TOPICS = Set.of(TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_DENIED,
            TopicNames.CONTROL, TopicNames.POSITIONS);

    private RouterAudit() {
    }

    /** What the recorded outputs say about one input record: the control version, input positions and instrument used. */
    record Seen(long controlVersion, Map<String, Long> through, Long instrumentVersion, Long processedAt) {

        long through(String input) {
            return through.getOrDefault(input, -1L);
        }
    }

    /**
     * A kill reaction between records: after {@code decisions} and {@code reports} (offsets), at {@code version}, with the
     * router's recorded wall-clock stamp.
     */
    record Tick(long decisions, long reports, long version, Long processedAt) {
    }

    /** What the router audit needs from the recorded outputs; filled by {@link #observe}. */
    static final class Recorded {
        private final Map<String, Seen> byInput = new HashMap<>();
        private final Map<Integer, Map<String, Tick>> ticks = new HashMap<>();

        /** Notes one recorded router output (order, denial or automatic command) found on {@code rec}. */
        void observe(Rec rec, Provenance provenance) {
            if (provenance == null) {
                return;
            }
            Map<String, Long> through = provenance.getInputsThrough() == null ? Map.of() : provenance.getInputsThrough();
            if (KILL_REACTION.equals(provenance.getCodePath())) {
                int partition = rec.partition();
                for (String input : through.keySet()) {
                    if (input.startsWith(TopicNames.DECISIONS + "-")) {
                        partition = Integer.parseInt(input.substring(TopicNames.DECISIONS.length() + 1));
                    }
                }
                Tick tick = new Tick(through.getOrDefault(TopicNames.DECISIONS + "-" + partition, -1L),
                        through.getOrDefault(TopicNames.EXEC_REPORTS + "-" + partition, -1L), provenance.getControlVersion(),
                        epochMs(provenance.getProcessedAt()));
                ticks.computeIfAbsent(partition, p -> new HashMap<>()).merge(tick.decisions() + "/" + tick.reports(), tick,
                        (a, b) -> a.version() >= b.version() ? a : b);
                return;
            }
            byInput.putIfAbsent(Rec.ref(provenance.getInputTopic(), provenance.getInputPartition(), provenance.getInputOffset()),
                    new Seen(provenance.getControlVersion(), through, provenance.getInstrumentVersion(),
                            epochMs(provenance.getProcessedAt())));
        }

        private static Long epochMs(java.time.Instant at) {
            return at == null ? null : at.toEpochMilli();
        }

        List<Tick> ticks(int partition) {
            List<Tick> list = new ArrayList<>(ticks.getOrDefault(partition, Map.of()).values());
            list.sort(Comparator.comparingLong(Tick::decisions).thenComparingLong(Tick::reports));
            return list;
        }
    }

    /** One replay job per router task (input partition). */
    static List<Runnable> jobs(RecordedLog log, Topics topics, OrderRouterConfig config, ControlLog control, InstrumentHistory instruments,
                               Recorded recorded, ControlTimeline versions, Comparison comparison, Lags lags, File scratch) {
        List<Runnable> jobs = new ArrayList<>();
        for (int partition : log.partitions(TopicNames.DECISIONS)) {
            jobs.add(() -> new Task(partition, log, topics, config, control, instruments, recorded, versions, comparison, lags, scratch)
                    .run());
        }
        return jobs;
    }

    private static final class Task {
        private final int partition;
        private final List<Rec> decisions;
        private final List<Rec> reports;
        private final String decisionsInput;
        private final String reportsInput;
        private final Topics topics;
        private final InstrumentHistory instruments;
        private final Recorded recorded;
        private final ControlTimeline versions;
        private final Comparison comparison;
        private final Lags lags;
        private final RouterReplay replay;
        private final ControlLog.Cursor cursor;
        private long lastTs;

        private Task(int partition, RecordedLog log, Topics topics, OrderRouterConfig config, ControlLog control,
                     InstrumentHistory instruments, Recorded recorded, ControlTimeline versions, Comparison comparison, Lags lags,
                     File scratch) {
            this.partition = partition;
            this.decisions = log.records(TopicNames.DECISIONS, partition);
            this.reports = log.records(TopicNames.EXEC_REPORTS, partition);
            this.decisionsInput = TopicNames.DECISIONS + "-" + partition;
            this.reportsInput = TopicNames.EXEC_REPORTS + "-" + partition;
            this.topics = topics;
            this.instruments = instruments;
            this.recorded = recorded;
            this.versions = versions;
            this.comparison = comparison;
            this.lags = lags;
            this.replay = new RouterReplay(config, topics, partition, scratch);
            this.cursor = control.new Cursor((rec, command) -> replay.foldControl(rec.key(), rec.value(), rec.offset(), rec.timestamp()));
        }

        void run() {
            for (Interleaving.Step step : Interleaving.of(decisions, reports, this::seen, recorded.ticks(partition), decisionsInput,
                    reportsInput)) {
                if (step.tick() != null) {
                    fire(step.tick());
                } else {
                    process(step.record());
                }
            }
        }

        private Seen seen(Rec rec) {
            return recorded.byInput.get(rec.ref());
        }

        private void process(Rec rec) {
            lastTs = rec.timestamp();
            SpecificRecord value;
            try {
                value = TopicNames.DECISIONS.equals(rec.topic())
                        ? topics.decisions().valueSerde().deserializer().deserialize(rec.topic(), rec.value())
                        : topics.execReports().valueSerde().deserializer().deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                return; // quarantined by the service too
            }
            if (value == null) {
                return;
            }
            Seen seen = seen(rec);
            if (seen != null) {
                foldTo(seen.controlVersion());
                versions.newerBefore(seen.controlVersion(), rec.timestamp()).ifPresent(at ->
                        lags.add("control state (order-router)", rec.timestamp(), rec.timestamp() - at, rec.ref()));
                if (value instanceof RiskDecision decision) {
                    instrument(rec, decision.getSymbol(), seen.instrumentVersion());
                }
            }
            String key = value instanceof RiskDecision decision ? decision.getSymbol() : ((ExecutionReport) value).getSymbol();
            for (Derived derived : replay.process(rec.topic(), rec.partition(), rec.offset(), rec.timestamp(),
                    rec.key() == null ? key : rec.key(), value, seen == null ? null : seen.processedAt())) {
                if (OUTPUT_TOPICS.contains(derived.topic())) {
                    comparison.expect(SERVICE, derived, rec.ref());
                }
            }
        }

        private void instrument(Rec rec, String symbol, Long version) {
            Instrument instrument = version == null ? null : instruments.version(symbol, version);
            if (version != null && instrument == null) {
                comparison.cannotDerive(rec, SERVICE, "the router used " + symbol + " instrument version " + version + " for "
                        + rec.ref() + ", which is no longer on " + TopicNames.INSTRUMENTS + " (compacted away)");
                InstrumentHistory.Entry newest = instruments.latestAt(symbol, rec.timestamp());
                instrument = newest == null ? null : newest.instrument();
            }
            InstrumentHistory.Entry newest = instruments.latestAt(symbol, rec.timestamp());
            if (newest != null && newest.instrument() != null && (version == null || newest.instrument().getVersion() > version)) {
                lags.add("instruments (order-router)", rec.timestamp(), rec.timestamp() - newest.rec().timestamp(), rec.ref());
            }
            replay.instrument(symbol, instrument);
        }

        private void fire(Tick tick) {
            foldTo(tick.version());
            for (Derived derived : replay.controlTick(lastTs, tick.processedAt())) {
                if (OUTPUT_TOPICS.contains(derived.topic())) {
                    comparison.expect(SERVICE, derived, "control v" + tick.version());
                }
            }
        }

        private void foldTo(long version) {
            while (replay.controlVersion() < version && cursor.foldNext()) {
                // each accepted command raises the version by one; refused ones do not
            }
        }
    }
}
