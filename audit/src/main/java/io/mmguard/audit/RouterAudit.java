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
            TopicNames.CONTROL);

    private RouterAudit() {
    }

    /** What the recorded outputs say about one input record: the control version, input positions and instrument used. */
    record Seen(long controlVersion, Map<String, Long> through, Long instrumentVersion) {

        long through(String input) {
            return through.getOrDefault(input, -1L);
        }
    }

    /** A kill reaction between records: after {@code decisions} and {@code reports} (offsets), at {@code version}. */
    record Tick(long decisions, long reports, long version) {
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
                        through.getOrDefault(TopicNames.EXEC_REPORTS + "-" + partition, -1L), provenance.getControlVersion());
                ticks.computeIfAbsent(partition, p -> new HashMap<>()).merge(tick.decisions() + "/" + tick.reports(), tick,
                        (a, b) -> a.version() >= b.version() ? a : b);
                return;
            }
            byInput.putIfAbsent(Rec.ref(provenance.getInputTopic(), provenance.getInputPartition(), provenance.getInputOffset()),
                    new Seen(provenance.getControlVersion(), through, provenance.getInstrumentVersion()));
        }

        List<Tick> ticks(int partition) {
            List<Tick> list = new ArrayList<>(ticks.getOrDefault(partition, Map.of()).values());
            list.sort(Comparator.comparingLong(Tick::decisions).thenComparingLong(Tick::reports));
            return list;
        }
    }

    static void run(RecordedLog log, Topics topics, OrderRouterConfig config, ControlLog control, InstrumentHistory instruments,
                    Recorded recorded, ControlTimeline versions, Comparison comparison, Lags lags, File scratch) {
        for (int partition : log.partitions(TopicNames.DECISIONS)) {
            new Task(partition, log, topics, config, control, instruments, recorded, versions, comparison, lags, scratch).run();
        }
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
        private long lastDecision = -1;
        private long lastReport = -1;
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
            List<Tick> ticks = recorded.ticks(partition);
            long[] decisionsBound = bounds(decisions, reportsInput);
            long[] reportsBound = bounds(reports, decisionsInput);
            int i = 0;
            int j = 0;
            int t = 0;
            while (i < decisions.size() || j < reports.size()) {
                while (t < ticks.size() && lastDecision >= ticks.get(t).decisions() && lastReport >= ticks.get(t).reports()) {
                    fire(ticks.get(t++));
                }
                Tick next = t < ticks.size() ? ticks.get(t) : null;
                boolean takeDecision;
                if (i >= decisions.size()) {
                    takeDecision = false;
                } else if (j >= reports.size()) {
                    takeDecision = true;
                } else {
                    Rec d = decisions.get(i);
                    Rec r = reports.get(j);
                    Seen ds = seen(d);
                    Seen rs = seen(r);
                    // A recorded output says where its task stood in the other input: everything up to there came before
                    // it, nothing after. The next decision (report) that has outputs bounds the reports (decisions) that may
                    // go before it, even past decisions (reports) without outputs. A kill reaction says where the task stood
                    // in both.
                    boolean reportFirst = (ds != null && r.offset() <= ds.through(reportsInput))
                            || d.offset() > reportsBound[j]
                            || (next != null && d.offset() > next.decisions() && lastReport < next.reports());
                    boolean decisionFirst = (rs != null && d.offset() <= rs.through(decisionsInput))
                            || r.offset() > decisionsBound[i]
                            || (next != null && r.offset() > next.reports() && lastDecision < next.decisions());
                    if (reportFirst != decisionFirst) {
                        takeDecision = decisionFirst;
                    } else {
                        takeDecision = d.timestamp() <= r.timestamp();
                    }
                }
                if (takeDecision) {
                    Rec rec = decisions.get(i++);
                    process(rec);
                    lastDecision = rec.offset();
                } else {
                    Rec rec = reports.get(j++);
                    process(rec);
                    lastReport = rec.offset();
                }
            }
            while (t < ticks.size()) {
                fire(ticks.get(t++));
            }
        }

        /**
         * For each position in {@code records}: how far the other input had been processed when the first record at or after
         * it that has recorded outputs was processed ({@link Long#MAX_VALUE} when none has).
         */
        private long[] bounds(List<Rec> records, String otherInput) {
            long[] bound = new long[records.size()];
            long next = Long.MAX_VALUE;
            for (int k = records.size() - 1; k >= 0; k--) {
                Seen seen = seen(records.get(k));
                if (seen != null) {
                    next = seen.through(otherInput);
                }
                bound[k] = next;
            }
            return bound;
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
                    rec.key() == null ? key : rec.key(), value)) {
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
            for (Derived derived : replay.controlTick(lastTs)) {
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
