package io.mmguard.riskgate;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk-gate's one stream processor: reads a symbol's state, asks {@link QuoteGate} or
 * {@link DenialGate} for the decision, stores the new state, then writes in this order: the
 * decision, the kill sequence (DISABLE_LIVE, CANCEL_ALL, its CRIT alert) when there is one, any
 * other alert, and last the log lines. Forwarding order is production order within the task, and
 * under exactly-once all of it commits atomically with the input offset and the state.
 *
 * <p>A wall-clock punctuator (every {@code risk.silence.check.ms}) writes a FREEZE FEED_SILENT record
 * for each symbol with no input for more than {@code risk.silence.ms}, once per silence; the task of
 * partition 0 also alerts refused risk SET_PARAMs from the global params store.
 */
final class RiskGateProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String DECISIONS_SINK = "decisions-sink";
    static final String CONTROL_SINK = "control-sink";
    static final String ALERTS_SINK = "alerts-sink";
    static final String REFUSALS_ALERTED_KEY = "refusals-alerted-through-offset";

    private static final Logger LOG = LoggerFactory.getLogger(RiskGateProcessor.class);
    private static final String ID_SEPARATOR = "|";

    private final RiskGateConfig config;
    private final LogRate logRate = new LogRate(5);
    /** Wall-clock time each symbol was last seen; observation only (never restored), used for silence. */
    private final Map<String, Long> lastSeenWallMs = new HashMap<>();

    private ProcessorContext<String, SpecificRecord> context;
    private String prefix;
    private KeyValueStore<String, MidStats> stats;
    private KeyValueStore<String, SymbolGuard> guards;
    private WindowStore<String, Long> recentQuoteIds;
    private KeyValueStore<String, Long> paramAlerts;
    private KeyValueStore<String, Long> instruments;
    private ParamsStore params;
    private RiskMetrics metrics;

    private final io.mmguard.core.time.WallClock clock;

    RiskGateProcessor(RiskGateConfig config, io.mmguard.core.time.WallClock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.prefix = "risk-gate[" + context.taskId() + "]";
        stats = context.getStateStore(RiskStores.EMA_SIGMA);
        guards = context.getStateStore(RiskStores.FREEZE);
        recentQuoteIds = context.getStateStore(RiskStores.RECENT_QUOTE_IDS);
        paramAlerts = context.getStateStore(RiskStores.PARAM_ALERTS);
        instruments = context.getStateStore(RiskStores.INSTRUMENTS);
        params = new ParamsStore(context.getStateStore(RiskStores.PARAMS), config.params());
        metrics = RiskMetrics.from(context.appConfigs());
        // After a restart or a move, every known symbol starts its silence clock now (fail closed).
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, SymbolGuard> all = guards.all()) {
            while (all.hasNext()) {
                lastSeenWallMs.put(all.next().key, now);
            }
        }
        context.schedule(Duration.ofMillis(config.silenceCheckMs()), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        InputRef source = InputRef.of(metadata);
        String symbol = record.key();
        if (symbol == null) {
            throw new IllegalArgumentException(source + " has no key (the symbol); it cannot be judged against any symbol's"
                    + " state and is quarantined");
        }
        SpecificRecord value = record.value();
        long processedAt = clock.stampFor(record.timestamp());
        if (value instanceof Quote quote) {
            metrics.lag(symbol, processedAt - record.timestamp());
            onQuote(symbol, quote, record.timestamp(), processedAt, source);
        } else if (value instanceof QuoteDenial denial) {
            metrics.lag(symbol, processedAt - record.timestamp());
            onDenial(symbol, denial, record.timestamp(), processedAt, source);
        } else if (value == null) {
            throw new IllegalArgumentException(source + " for " + symbol + " has no value (a tombstone): there is no quote"
                    + " to decide; quarantined");
        } else {
            throw new IllegalArgumentException(source + " carries a " + value.getClass().getSimpleName()
                    + ", not a Quote or QuoteDenial");
        }
        lastSeenWallMs.put(symbol, context.currentSystemTimeMs());
    }

    private void onQuote(String symbol, Quote quote, long ts, long processedAt, InputRef source) {
        String idKey = quote.getQuoteId() == null || quote.getQuoteId().isBlank() ? null
                : symbol + ID_SEPARATOR + quote.getQuoteId();
        Long firstSeenAt = idKey == null ? null : firstSighting(idKey, ts);
        MidStats before = orEmpty(stats.get(symbol));
        Evaluation evaluation = QuoteGate.evaluate(new QuoteGate.Input(symbol, quote, ts, processedAt, source, params.current(),
                firstSeenAt, instruments.get(symbol), before, orNone(guards.get(symbol))));
        if (idKey != null && firstSeenAt == null) {
            recentQuoteIds.put(idKey, source.offset(), ts);
        }
        store(symbol, before, evaluation);
        emit(symbol, ts, evaluation);
    }

    private void onDenial(String symbol, QuoteDenial denial, long ts, long processedAt, InputRef source) {
        MidStats before = orEmpty(stats.get(symbol));
        Evaluation evaluation = DenialGate.evaluate(new DenialGate.Input(symbol, denial, ts, processedAt, source, params.current(),
                before, orNone(guards.get(symbol))));
        store(symbol, before, evaluation);
        emit(symbol, ts, evaluation);
    }

    private Long firstSighting(String idKey, long ts) {
        long retention = config.duplicateRetentionMs();
        try (WindowStoreIterator<Long> seen = recentQuoteIds.fetch(idKey, Math.max(0, ts - retention), ts + retention)) {
            return seen.hasNext() ? seen.next().value : null;
        }
    }

    private void store(String symbol, MidStats before, Evaluation evaluation) {
        if (!evaluation.stats().equals(before)) {
            stats.put(symbol, evaluation.stats());
        }
        guards.put(symbol, evaluation.guard());
    }

    /** Stop, then notify: decision, kill commands and their alert, other alert, logs. */
    private void emit(String symbol, long ts, Evaluation evaluation) {
        RiskDecision decision = evaluation.decision();
        context.forward(new Record<>(symbol, decision, ts), DECISIONS_SINK);
        KillSequence kill = evaluation.kill();
        if (kill != null) {
            context.forward(new Record<>(Topics.GLOBAL_KEY, kill.disableLive(), ts), CONTROL_SINK);
            context.forward(new Record<>(Topics.GLOBAL_KEY, kill.cancelAll(), ts), CONTROL_SINK);
            context.forward(new Record<>(symbol, kill.alert(), ts), ALERTS_SINK);
        }
        if (evaluation.alert() != null) {
            context.forward(new Record<>(symbol, evaluation.alert(), ts), ALERTS_SINK);
        }
        log(decision, kill, evaluation.alert());
        metrics.record(decision, evaluation.sanityFailure());
    }

    private void log(RiskDecision decision, KillSequence kill, Alert alert) {
        if (decision.getVerdict() == Verdict.REJECT && kill != null) {
            long held = logRate.admit("QUOTE_SANITY_FAIL");
            if (held >= 0) {
                LOG.error("{} {} symbol={} quote={} decision={} REJECT {}; kill sequence written ({} similar held back)",
                        decision.getDetail(), prefix, decision.getSymbol(), decision.getQuoteId(), decision.getDecisionId(),
                        decision.getReason(), held);
                LOG.error("[KILL_SWITCH] disabled live trading – reason={}", kill.reason());
            }
        } else if (alert != null) {
            long held = logRate.admit(alert.getKind());
            if (held >= 0) {
                LOG.warn("[{}] {} {} symbol={} quote={}: {} ({} similar held back)", alert.getKind(), prefix,
                        decision.getVerdict(), decision.getSymbol(), decision.getQuoteId(), decision.getDetail(), held);
            }
        } else if (decision.getVerdict() == Verdict.REJECT) {
            long held = logRate.admit(decision.getReason().name());
            if (held >= 0) {
                LOG.warn("[{}] {} REJECT symbol={} quote={}: {} ({} similar held back)", decision.getReason(), prefix,
                        decision.getSymbol(), decision.getQuoteId(), decision.getDetail(), held);
            }
        } else if (LOG.isDebugEnabled() && decision.getVerdict() != Verdict.PASS) {
            LOG.debug("[{}] {} {} symbol={} quote={}: {}", decision.getReason(), prefix, decision.getVerdict(),
                    decision.getSymbol(), decision.getQuoteId(), decision.getDetail());
        }
    }

    private void onWallClock(long now) {
        RiskParams current = params.current();
        for (Map.Entry<String, Long> seen : lastSeenWallMs.entrySet()) {
            long silentForMs = now - seen.getValue();
            if (silentForMs <= current.silenceMs()) {
                continue;
            }
            String symbol = seen.getKey();
            SymbolGuard guard = guards.get(symbol);
            if (guard == null || guard.silenceReported() || guard.lastOffset() < 0) {
                continue;
            }
            guards.put(symbol, guard.silenceReported(true));
            RiskDecision decision = Decisions.feedSilent(symbol, guard, now, silentForMs, current);
            Alert alert = Alerts.about(decision, AlertKind.FEED_SILENT, decision.getDetail());
            context.forward(new Record<>(symbol, decision, now), DECISIONS_SINK);
            context.forward(new Record<>(symbol, alert, now), ALERTS_SINK);
            metrics.record(decision, false);
            LOG.warn("[FEED_SILENT] {} FREEZE symbol={}: {}", prefix, symbol, decision.getDetail());
        }
        if (context.taskId().partition() == 0) {
            alertRefusedParams(now);
        }
    }

    /** Task 0 alerts each refused risk SET_PARAM once (the global processor that saw it cannot write records). */
    private void alertRefusedParams(long now) {
        Long through = paramAlerts.get(REFUSALS_ALERTED_KEY);
        long last = through == null ? -1 : through;
        for (ParamRefusal refusal : params.refusalsAfter(last)) {
            context.forward(new Record<>(Topics.GLOBAL_KEY, Alerts.paramRefused(refusal, now), now), ALERTS_SINK);
            last = refusal.offset();
        }
        if (through == null || last != through) {
            paramAlerts.put(REFUSALS_ALERTED_KEY, last);
        }
    }

    @Override
    public void close() {
        lastSeenWallMs.clear();
    }

    private static MidStats orEmpty(MidStats value) {
        return value == null ? MidStats.EMPTY : value;
    }

    private static SymbolGuard orNone(SymbolGuard value) {
        return value == null ? SymbolGuard.NONE : value;
    }
}
