package io.mmguard.audit;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.riskgate.ParamsVersion;
import io.mmguard.riskgate.RiskGateConfig;
import io.mmguard.riskgate.RiskGateReplay;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The risk-gate's part. Its state (EMA/sigma, freezes, recent quote ids) is a function of every quote and
 * denial it decided, in the order it decided them, so each task is replayed from the earliest retained
 * input in the order of its recorded decisions (one output partition per task: that order is the
 * processing order), with the risk parameters and instrument version each decision names. Decisions and
 * the kill sequence's commands on mm.control are compared in the range.
 */
final class RiskGateAudit {

    static final String SERVICE = "risk-gate";
    static final String FEED_SILENT = "risk-gate FEED_SILENT decisions";
    static final String UNDECODABLE_INPUT = "quotes and denials that cannot be decoded";
    static final String SILENCE_CODE_PATH = "risk-gate/silence";

    private RiskGateAudit() {
    }

    /** Registers the recorded decisions, and returns one replay job per risk-gate task (input partition). */
    static List<Runnable> jobs(RecordedLog log, Topics topics, RiskGateConfig config, ControlLog control, InstrumentHistory instruments,
                               Comparison comparison, Lags lags, Exclusions exclusions, File scratch) {
        exclusions.declare(FEED_SILENT, "written by a wall-clock punctuator when a symbol's feed goes quiet (DESIGN.md 3.6: the"
                + " wall clock is recorded first, then decided on); they are recorded facts, replayed as the router's inputs");
        exclusions.declare(UNDECODABLE_INPUT, "the risk-gate cannot read them either: quarantined to mm.dlq");
        Deserializer<RiskDecision> decisions = topics.decisions().valueSerde().deserializer();
        Map<Integer, List<Provenance>> orderByTask = new HashMap<>();
        for (Rec rec : log.records(TopicNames.DECISIONS)) {
            RiskDecision decision;
            try {
                decision = decisions.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                if (comparison.inRange(rec.timestamp())) {
                    comparison.unreadable(rec, SERVICE, "recorded " + rec.ref() + " cannot be decoded: " + e.getMessage());
                }
                continue;
            }
            Provenance provenance = decision.getProvenance();
            if (SILENCE_CODE_PATH.equals(provenance == null ? null : provenance.getCodePath())
                    && decision.getReason() == DecisionReason.FEED_SILENT) {
                if (comparison.inRange(rec.timestamp())) {
                    exclusions.count(FEED_SILENT);
                }
                continue;
            }
            comparison.recorded(rec, decision);
            if (provenance != null && isInput(provenance.getInputTopic())) {
                orderByTask.computeIfAbsent(provenance.getInputPartition(), p -> new ArrayList<>()).add(provenance);
            }
        }
        List<Runnable> jobs = new ArrayList<>();
        for (int partition : log.partitions(TopicNames.QUOTES)) {
            List<Provenance> order = orderByTask.getOrDefault(partition, List.of());
            jobs.add(() -> replayTask(partition, log, topics, config, control, instruments, comparison, lags, exclusions, scratch, order));
        }
        return jobs;
    }

    private static boolean isInput(String topic) {
        return TopicNames.QUOTES.equals(topic) || TopicNames.QUOTES_DENIED.equals(topic);
    }

    private static void replayTask(int partition, RecordedLog log, Topics topics, RiskGateConfig config, ControlLog control,
                                   InstrumentHistory instruments, Comparison comparison, Lags lags, Exclusions exclusions, File scratch,
                                   List<Provenance> recordedOrder) {
        Inputs quotes = new Inputs(log.records(TopicNames.QUOTES, partition));
        Inputs denials = new Inputs(log.records(TopicNames.QUOTES_DENIED, partition));
        File stateDir = new File(scratch, "risk-gate-" + partition);
        if (!stateDir.mkdirs()) {
            throw new java.io.UncheckedIOException(new java.io.IOException("cannot create the replay's scratch directory " + stateDir));
        }
        try (RiskGateReplay replay = new RiskGateReplay(config, topics, partition, stateDir)) {
            replayTask(new Task(replay, topics, control, instruments, comparison, lags, exclusions, config), log, partition, quotes,
                    denials, recordedOrder);
        }
    }

    private static void replayTask(Task task, RecordedLog log, int partition, Inputs quotes, Inputs denials,
                                   List<Provenance> recordedOrder) {
        for (Provenance provenance : recordedOrder) {
            Inputs inputs = TopicNames.QUOTES.equals(provenance.getInputTopic()) ? quotes : denials;
            Integer index = inputs.indexOf(provenance.getInputOffset());
            if (index == null || inputs.done[index]) {
                continue; // before the retained log, or decided twice (the second decision is compared, not replayed)
            }
            // inputs of the same topic before this one that were never decided: replay them where they stood
            for (int i = inputs.next; i < index; i++) {
                if (!inputs.done[i]) {
                    inputs.done[i] = true;
                    task.process(inputs.records.get(i), null);
                }
            }
            inputs.done[index] = true;
            task.process(inputs.records.get(index), provenance);
            while (inputs.next < inputs.done.length && inputs.done[inputs.next]) {
                inputs.next++;
            }
        }
        List<Rec> rest = new ArrayList<>();
        quotes.undone(rest);
        denials.undone(rest);
        rest.sort(Comparator.comparingLong(Rec::timestamp).thenComparing(Rec::topic).thenComparingLong(Rec::offset));
        for (Rec rec : rest) {
            task.process(rec, null);
        }
    }

    /** One input partition's records with what has been replayed. */
    private static final class Inputs {
        private final List<Rec> records;
        private final boolean[] done;
        private final Map<Long, Integer> byOffset;
        private int next;

        private Inputs(List<Rec> records) {
            this.records = records;
            this.done = new boolean[records.size()];
            this.byOffset = new HashMap<>(records.size() * 2);
            for (int i = 0; i < records.size(); i++) {
                byOffset.put(records.get(i).offset(), i);
            }
        }

        Integer indexOf(long offset) {
            return byOffset.get(offset);
        }

        void undone(List<Rec> into) {
            for (int i = next; i < records.size(); i++) {
                if (!done[i]) {
                    into.add(records.get(i));
                }
            }
        }
    }

    /** One task's replay: folds parameters to each decision's version, sets its instrument version, processes. */
    private static final class Task {
        private final RiskGateReplay replay;
        private final Topics topics;
        private final ControlLog control;
        private final InstrumentHistory instruments;
        private final Comparison comparison;
        private final Lags lags;
        private final Exclusions exclusions;
        private final long fileVersion;
        private ControlLog.Cursor cursor;

        private Task(RiskGateReplay replay, Topics topics, ControlLog control, InstrumentHistory instruments, Comparison comparison,
                     Lags lags, Exclusions exclusions, RiskGateConfig config) {
            this.replay = replay;
            this.topics = topics;
            this.control = control;
            this.instruments = instruments;
            this.comparison = comparison;
            this.lags = lags;
            this.exclusions = exclusions;
            this.fileVersion = ParamsVersion.fileVersion(config.params().version());
            this.cursor = newCursor();
        }

        private ControlLog.Cursor newCursor() {
            return control.new Cursor((rec, command) -> {
                if (command != null) {
                    replay.foldControl(rec.key(), command, rec.offset(), rec.timestamp());
                }
            });
        }

        /** Replays {@code rec}; {@code recorded} is the provenance of its recorded decision (null when it has none). */
        void process(Rec rec, Provenance recorded) {
            SpecificRecord value;
            try {
                value = TopicNames.QUOTES.equals(rec.topic())
                        ? topics.quotes().valueSerde().deserializer().deserialize(rec.topic(), rec.value())
                        : topics.quotesDenied().valueSerde().deserializer().deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                if (comparison.inRange(rec.timestamp())) {
                    exclusions.count(UNDECODABLE_INPUT);
                }
                return;
            }
            if (value == null || rec.key() == null) {
                return; // quarantined by the service (no key, or a tombstone): nothing to decide
            }
            foldParams(recorded == null ? control.lastOffsetAtOrBefore(rec.timestamp())
                    : ParamsVersion.controlOffset(recorded.getConfigVersion()), recorded);
            if (value instanceof Quote) {
                InstrumentHistory.Entry newest = instruments.latestAt(rec.key(), rec.timestamp());
                Long version = recorded != null ? recorded.getInstrumentVersion()
                        : newest == null || newest.instrument() == null ? null : newest.instrument().getVersion();
                replay.instrumentVersion(rec.key(), version);
                if (recorded != null && newest != null && newest.instrument() != null
                        && (version == null || newest.instrument().getVersion() > version)) {
                    lags.add("instruments (risk-gate)", rec.timestamp(), rec.timestamp() - newest.rec().timestamp(), rec.ref());
                }
            }
            Long processedAt = recorded == null || recorded.getProcessedAt() == null ? null : recorded.getProcessedAt().toEpochMilli();
            for (Derived derived : replay.process(rec.topic(), rec.partition(), rec.offset(), rec.timestamp(), rec.key(), value,
                    processedAt)) {
                comparison.expect(SERVICE, derived, rec.ref());
            }
        }

        /** Folds mm.control so that the last accepted risk SET_PARAM is at {@code offset} (-1: none). */
        private void foldParams(long offset, Provenance recorded) {
            long through = Math.max(offset, -1);
            if (!cursor.foldThrough(through)) {
                long expected = ParamsVersion.of(fileVersion, offset + 1);
                if (recorded != null && replay.paramsVersion() != expected) {
                    // this decision used older parameters than the fold holds (possible after a failover): fold again
                    replay.clearParams();
                    cursor = newCursor();
                    cursor.foldThrough(through);
                }
            }
        }
    }
}
