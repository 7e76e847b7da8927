package io.mmguard.router;

import io.mmguard.core.runtime.LogThrottle;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.control.ControlLedger;
import io.mmguard.router.control.ControlRules;
import io.mmguard.router.control.ControlView;
import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.PnlDays;
import io.mmguard.router.limits.PnlUpdate;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.CanarySampler;
import io.mmguard.router.orders.ClientOrderIds;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.router.support.Alerts;
import io.mmguard.router.support.CachedStore;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's stream task: owns the orders, position and guard of the symbols on its partition, and
 * reads the control state from the global {@link ControlLedger}.
 *
 * <p>Kill reaction: before every record, and on a short wall-clock punctuation, the task compares the
 * ledger's version with the last one it acted on and, for each new {@code DISABLE_LIVE} or
 * {@code CANCEL_ALL} in between, sends one {@code CANCEL_ALL} per symbol it holds live orders for. So
 * within a task the cancel-all always precedes the first order routed under the new state, and an idle
 * task reacts within one punctuation interval plus one commit.
 *
 * <p>The task on partition 0 also publishes every new control state to {@code mm.control.state} and
 * every refusal to {@code mm.alerts} (the global fold cannot forward). Every task checks the
 * break-glass file and turns it into a {@code DISABLE_LIVE} record.
 */
final class RouterProcessor implements Processor<String, RouterInput, String, RouterOutput> {

    static final String ORDERS_STORE = "resting-orders-store";
    static final String POSITIONS_STORE = "positions-store";
    static final String GUARDS_STORE = "symbol-guards-store";
    static final String PROGRESS_STORE = "router-progress-store";
    static final String INSTRUMENTS_STORE = "instruments-store";
    static final String BREAK_GLASS_FILE = "disable_live";
    static final String BREAK_GLASS_ACTOR = "break-glass";

    private static final String SEEN_VERSION = "control.acted.version";
    private static final String PUBLISHED_VERSION = "control.published.version";
    private static final String PUBLISHED_REFUSALS = "control.published.refusals";
    private static final String BREAK_GLASS_VERSION = "break-glass.version";
    /** Progress-store key prefix: {@code through/<topic>-<partition>} -> offset of the last record processed from that input. */
    static final String THROUGH_PREFIX = "through/";
    private static final int BREAK_GLASS_REASON_CHARS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RouterProcessor.class);

    private final OrderRouterConfig config;
    private final Topics topics;
    private final QuoteRouting routing;
    private final ReportHandling reports;
    private final CanarySampler sampler = new CanarySampler();
    private final ClientOrderIds clientIds = new ClientOrderIds();
    private final PnlDays days;
    private final LogThrottle logs = new LogThrottle(1_000);

    private ProcessorContext<String, RouterOutput> context;
    /** This task's JSON stores, each behind a typed view made in {@link #init} (only this processor writes them). */
    private CachedStore<SymbolOrders> orders;
    private CachedStore<SymbolPosition> positions;
    private CachedStore<SymbolGuard> guards;
    private KeyValueStore<String, Long> progress;
    private ReadOnlyKeyValueStore<String, Object> instruments;
    private ControlLedger ledger;
    private RouterMetrics metrics;
    private String prefix;
    private boolean publisher;
    private ControlView view;
    private long actedVersion;
    private long publishedVersion;
    private long publishedRefusals;
    private long breakGlassVersion;
    /** Per input partition of this task: the offset of the last record processed (stamped on every output, for audit replay). */
    private final Map<String, Long> through = new TreeMap<>();
    /** Per input topic (a task reads one partition of each): its {@code topic-partition} name and progress key, built once. */
    private final Map<String, String> inputNames = new java.util.HashMap<>(4);
    private final Map<String, String> progressKeys = new java.util.HashMap<>(4);

    private final io.mmguard.core.time.WallClock clock;
    /** The wall-clock stamp of the input (or control tick) being handled: recorded on every output as processed_at. */
    private long stamp;
    /** Symbols whose last PASS decision was routed shadow for PIPELINE_LAG (one alert per episode; not restored). */
    private final java.util.Set<String> lagging = new java.util.HashSet<>();
    /** Symbols whose increasing side is at the open-notional cap (only the reducing side goes live): one alert per episode. */
    private final java.util.Map<String, Side> capped = new java.util.HashMap<>();

    RouterProcessor(OrderRouterConfig config, Topics topics, io.mmguard.core.time.WallClock clock) {
        this.config = config;
        this.clock = clock;
        this.topics = topics;
        this.routing = new QuoteRouting(config.maxOpenNotionalJpy(), config.common().configVersion(), config.staleMs());
        this.reports = new ReportHandling(config.filterHalt(), config.maxConsecutiveRejects(), config.common().configVersion());
        this.days = new PnlDays(config.pnlDayZone());
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        // new views on every init: a task closed dirty had its stores wiped and restored, and runs init again on this processor
        this.orders = new CachedStore<>(context.getStateStore(ORDERS_STORE));
        this.positions = new CachedStore<>(context.getStateStore(POSITIONS_STORE));
        this.guards = new CachedStore<>(context.getStateStore(GUARDS_STORE));
        this.progress = context.getStateStore(PROGRESS_STORE);
        this.instruments = context.getStateStore(INSTRUMENTS_STORE);
        this.ledger = new ControlLedger(context.getStateStore(ControlLedger.STORE), topics);
        // the gauges read the control state at scrape time, on the scraping thread: a ledger (and serdes) of their own
        this.metrics = RouterMetrics.from(context.appConfigs(), new ControlLedger(context.getStateStore(ControlLedger.STORE), topics));
        this.prefix = "order-router task " + context.taskId();
        this.publisher = context.taskId().partition() == 0;
        this.actedVersion = progressOf(SEEN_VERSION);
        this.publishedVersion = progressOf(PUBLISHED_VERSION);
        this.publishedRefusals = Math.max(0, progressOf(PUBLISHED_REFUSALS));
        this.breakGlassVersion = progressOf(BREAK_GLASS_VERSION);
        // what the previous run of this processor held in memory may be ahead of the restored stores: start from them
        through.clear();
        lagging.clear();
        capped.clear();
        try (KeyValueIterator<String, Long> positions = progress.prefixScan(THROUGH_PREFIX, new StringSerializer())) {
            positions.forEachRemaining(entry -> through.put(entry.key.substring(THROUGH_PREFIX.length()), entry.value));
        }
        this.view = ControlView.failClosed();
        context.schedule(config.controlPoll(), PunctuationType.WALL_CLOCK_TIME, now -> onControlTick(now));
        config.switchDir().ifPresent(dir -> context.schedule(config.switchPoll(), PunctuationType.WALL_CLOCK_TIME,
                now -> checkBreakGlass(dir.resolve(BREAK_GLASS_FILE), now)));
    }

    @Override
    public void close() {
        if (orders == null) {
            return; // never initialized
        }
        orders.forget();
        positions.forget();
        guards.forget();
    }

    @Override
    public void process(Record<String, RouterInput> record) {
        stamp = clock.stampFor(record.timestamp()); // first: the control catch-up's outputs carry it too
        ControlView current = catchUpWithControl();
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        // after the control catch-up (its cancel-alls come before this record), before this record's own outputs
        String input = inputNames.computeIfAbsent(metadata.topic(), topic -> topic + "-" + metadata.partition());
        through.put(input, metadata.offset());
        progress.put(progressKeys.computeIfAbsent(input, name -> THROUGH_PREFIX + name), metadata.offset());
        QuoteRouting.Source source = new QuoteRouting.Source(metadata.topic(), metadata.partition(), metadata.offset());
        if (record.value() instanceof RouterInput.Decision decision) {
            metrics.lag(decision.decision().getSymbol(), stamp - record.timestamp());
            onDecision(record, decision.decision(), source, current);
        } else if (record.value() instanceof RouterInput.Report report) {
            onReport(record, report.report(), source, current);
        }
    }

    private void onDecision(Record<String, RouterInput> record, RiskDecision decision, QuoteRouting.Source source, ControlView current) {
        String symbol = decision.getSymbol();
        long ts = record.timestamp();
        SymbolPosition position = position(symbol, ts);
        if (decision.getMid() != null && decision.getMid().signum() > 0) {
            position = position.markedAt(decision.getMid());
        }
        SymbolOrders resting = Optional.ofNullable(orders.get(symbol)).orElse(SymbolOrders.NONE);
        BigDecimal sample = decision.getVerdict() == Verdict.PASS ? sampler.sample(decision.getDecisionId()) : null;
        Instrument instrument = instrument(symbol);
        QuoteRouting.Result result = routing.route(decision, source, ts, stamp, current,
                Optional.ofNullable(guards.get(symbol)).orElse(SymbolGuard.CLEAR), instrument, position, resting, sample, clientIds);
        Long instrumentVersion = instrument == null ? null : instrument.getVersion();
        for (RouterOutput output : result.outputs()) {
            context.forward(record.withKey(output.key()).withValue(stamped(output, instrumentVersion)));
            if (output instanceof RouterOutput.Denial denial) {
                OrderDenial value = denial.denial();
                metrics.denied(value);
                long suppressed = logs.admit("denied " + value.getSymbol() + " " + value.getReason());
                if (suppressed >= 0) {
                    LOG.info("[ORDER_DENIED] {}: {} {} {}: {} ({} similar lines suppressed)", prefix, value.getSymbol(),
                            value.getOrderId(), value.getReason(), value.getDetail(), suppressed);
                }
            } else if (output instanceof RouterOutput.Order order) {
                metrics.routed(order.order());
            }
        }
        if (!result.orders().equals(resting)) {
            putOrDelete(symbol, result.orders());
        }
        lagEpisode(record, decision, source, current, result);
        capEpisode(record, decision, source, current, result, position);
        position = maybeSendPnl(record, symbol, position, "mark ", decision.getDecisionId(), false);
        positions.put(symbol, position);
    }

    private void onReport(Record<String, RouterInput> record, ExecutionReport report, QuoteRouting.Source source, ControlView current) {
        String symbol = report.getSymbol();
        long ts = record.timestamp();
        SymbolOrders resting = Optional.ofNullable(orders.get(symbol)).orElse(SymbolOrders.NONE);
        metrics.report(report);
        ReportHandling.Result result = reports.handle(report, source, ts, current, resting, position(symbol, ts),
                Optional.ofNullable(guards.get(symbol)).orElse(SymbolGuard.CLEAR));
        boolean kills = result.outputs().stream().anyMatch(output -> output instanceof RouterOutput.Command command
                && command.command().getType() == ControlType.DISABLE_LIVE && ControlRules.targetSymbol(command.command()).isEmpty());
        for (RouterOutput output : result.outputs()) {
            context.forward(record.withKey(output.key()).withValue(stamped(output, null)));
            if (output instanceof RouterOutput.Notice notice) {
                Alert alert = notice.alert();
                long suppressed = kills ? 0 : logs.admit(alert.getKind() + " " + alert.getSymbol());
                if (kills) {
                    LOG.error("[KILL_SWITCH] [{}] {}: {}", alert.getKind(), prefix, alert.getMessage());
                } else if (suppressed >= 0) {
                    LOG.warn("[{}] {}: {} ({} similar lines suppressed)", alert.getKind(), prefix, alert.getMessage(), suppressed);
                }
            }
        }
        if (result.outputs().stream().anyMatch(output -> output instanceof RouterOutput.Command)) {
            context.commit(); // an automatic stop is readable (committed) as soon as possible, not at the next interval
        }
        if (!result.orders().equals(resting)) {
            putOrDelete(symbol, result.orders());
        }
        guards.put(symbol, result.guard());
        SymbolPosition position = maybeSendPnl(record, symbol, result.position(), "fill ", report.getReportId(), result.filled());
        positions.put(symbol, position);
        if (result.filled()) {
            // one truth for the quoter's inventory skew, ctl status and the audit: a version per fill applied
            Provenance provenance = OrderCommands.provenance(source.topic(), source.partition(), source.offset(),
                    report.getReportId(), current, config.common().configVersion(), "position");
            context.forward(record.withKey(symbol).withValue(stamped(new RouterOutput.PositionChange(Position.newBuilder()
                    .setSymbol(symbol)
                    .setVersion(position.fills())
                    .setNetQty(position.position())
                    .setMark(position.mark())
                    .setNetNotionalJpy(position.netNotional())
                    .setCashJpy(position.cash())
                    .setDailyPnlJpy(position.dailyPnl())
                    .setReportId(report.getReportId())
                    .setTs(Instant.ofEpochMilli(ts))
                    .setProvenance(provenance)
                    .build()), null)));
        }
    }

    /**
     * The hard cap as a trading-state change: the first MAX_OPEN_NOTIONAL denial of an episode (this order and the
     * same-side orders still open would take the position past limits.max.open.notional.jpy) alerts WARN
     * {@code INVENTORY_CAP} naming the side that only reduces from now on; the first live NEW order on the capped side
     * again ends the episode with an INFO {@code INVENTORY_CAP_CLEARED}. Orders are denied or routed by
     * {@link QuoteRouting} either way; this only says so, once.
     */
    private void capEpisode(Record<String, RouterInput> record, RiskDecision decision, QuoteRouting.Source source,
                            ControlView current, QuoteRouting.Result result, SymbolPosition position) {
        String symbol = decision.getSymbol();
        Side cappedSide = capped.get(symbol);
        for (RouterOutput output : result.outputs()) {
            if (output instanceof RouterOutput.Denial denial
                    && denial.denial().getReason() == io.mmguard.schemas.OrderDenialReason.MAX_OPEN_NOTIONAL && cappedSide == null) {
                Side side = denial.denial().getSide();
                capped.put(symbol, side);
                capAlert(record, decision, source, current, position, Severity.WARN, "INVENTORY_CAP", symbol + " at the open-notional"
                        + " cap: " + denial.denial().getDetail() + "; live orders on the " + (side == Side.BUY ? "SELL" : "BUY")
                        + " side only until the position is back under the limit", side);
                return;
            }
            if (output instanceof RouterOutput.Order order && order.live() && cappedSide != null
                    && order.order().getAction() == io.mmguard.schemas.OrderAction.NEW && order.order().getSide() == cappedSide) {
                capped.remove(symbol);
                capAlert(record, decision, source, current, position, Severity.INFO, "INVENTORY_CAP_CLEARED", symbol + " back under"
                        + " the open-notional cap: live " + cappedSide + " orders again (position " + Decimals.plain(position.position())
                        + ")", cappedSide);
                return;
            }
        }
    }

    private void capAlert(Record<String, RouterInput> record, RiskDecision decision, QuoteRouting.Source source, ControlView current,
                          SymbolPosition position, Severity severity, String kind, String message, Side side) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("capped_side", side.name());
        details.put("position", Decimals.plain(position.position()));
        details.put("limit_jpy", Decimals.plain(config.maxOpenNotionalJpy()));
        details.put("decision_id", decision.getDecisionId());
        Provenance provenance = OrderCommands.provenance(source.topic(), source.partition(), source.offset(), decision.getDecisionId(),
                current, config.common().configVersion(), "inventory-cap");
        provenance.setProcessedAt(Instant.ofEpochMilli(stamp));
        Alert alert = Alerts.of("a-cap-" + decision.getDecisionId(), severity, kind, decision.getSymbol(), message, details,
                record.timestamp(), provenance);
        context.forward(record.withKey(decision.getSymbol()).withValue(new RouterOutput.Notice(alert)));
        LOG.warn("[{}] {}: {}", kind, prefix, message);
    }

    /**
     * Stop, then notify: a PASS decision routed shadow for PIPELINE_LAG has already gone shadow (and replaced the symbol's
     * resting orders with cancels); the first one of an episode also alerts. The episode ends at the next PASS on time.
     */
    private void lagEpisode(Record<String, RouterInput> record, RiskDecision decision, QuoteRouting.Source source,
                            ControlView current, QuoteRouting.Result result) {
        String symbol = decision.getSymbol();
        if (result.bookAgeMs() == null) {
            return;
        }
        if (!result.lagged()) {
            if (lagging.remove(symbol)) {
                LOG.info("[PIPELINE_LAG] {}: {} back under risk.stale.ms={} (book age {} ms at routing, decision {}); live routing"
                        + " resumes", prefix, symbol, routing.staleMs(), result.bookAgeMs(), decision.getDecisionId());
            }
            return;
        }
        if (!lagging.add(symbol)) {
            return;
        }
        String message = "PIPELINE_LAG " + symbol + ": book age " + result.bookAgeMs() + " ms at routing > risk.stale.ms="
                + routing.staleMs() + " (decision " + decision.getDecisionId() + "); the pipeline is behind the market: its orders"
                + " go shadow and resting ones are cancelled until a book arrives on time";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("book_age_ms", Long.toString(result.bookAgeMs()));
        details.put("stale_ms", Long.toString(routing.staleMs()));
        details.put("decision_id", decision.getDecisionId());
        details.put("pipeline_lag_ms", Long.toString(stamp - record.timestamp()));
        Provenance provenance = OrderCommands.provenance(source.topic(), source.partition(), source.offset(), decision.getDecisionId(),
                current, config.common().configVersion(), "pipeline-lag");
        provenance.setProcessedAt(Instant.ofEpochMilli(stamp));
        Alert alert = Alerts.of("a-lag-" + decision.getDecisionId(), Severity.WARN, "PIPELINE_LAG", symbol, message, details,
                record.timestamp(), provenance);
        context.forward(record.withKey(symbol).withValue(new RouterOutput.Notice(alert)));
        LOG.warn("[PIPELINE_LAG] {}: {}", prefix, message);
    }

    /**
     * Sends the symbol's daily PnL to the daily-loss total after a fill, or when it moved by the configured step; the
     * update's cause is {@code causeKind + inputId} (built only when sent).
     */
    private SymbolPosition maybeSendPnl(Record<String, RouterInput> record, String symbol, SymbolPosition position, String causeKind,
                                        String inputId, boolean force) {
        if (!force && !position.movedSinceSent(config.pnlReportStepJpy())) {
            return position;
        }
        BigDecimal pnl = position.dailyPnl();
        PnlUpdate update = new PnlUpdate(symbol, position.day(), pnl, position.position(), position.mark(), causeKind + inputId);
        context.forward(record.withKey(Topics.GLOBAL_KEY).withValue(new RouterOutput.Pnl(update)));
        return position.sent(pnl);
    }

    /**
     * Records on {@code output}'s provenance where this task stood in each of its inputs, and the instrument version
     * used: an audit replays decisions and execution reports in exactly the order the task interleaved them.
     */
    private RouterOutput stamped(RouterOutput output, Long instrumentVersion) {
        Provenance provenance = null;
        if (output instanceof RouterOutput.Order order) {
            provenance = order.order().getProvenance();
        } else if (output instanceof RouterOutput.Denial denial) {
            provenance = denial.denial().getProvenance();
        } else if (output instanceof RouterOutput.Command command) {
            provenance = command.command().getProvenance();
        } else if (output instanceof RouterOutput.PositionChange change) {
            provenance = change.position().getProvenance();
        }
        if (provenance != null) {
            provenance.setInputsThrough(new TreeMap<>(through));
            provenance.setInstrumentVersion(instrumentVersion);
            provenance.setProcessedAt(Instant.ofEpochMilli(stamp));
        }
        return output;
    }

    private SymbolPosition position(String symbol, long ts) {
        long day = days.of(ts);
        SymbolPosition position = positions.get(symbol);
        return position == null ? SymbolPosition.flat(day) : position.rolledTo(day);
    }

    private Instrument instrument(String symbol) {
        Object value = instruments.get(symbol);
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            return (Instrument) timestamped.value();
        }
        return (Instrument) value;
    }

    private void putOrDelete(String symbol, SymbolOrders next) {
        if (next.isEmpty()) {
            orders.delete(symbol);
        } else {
            orders.put(symbol, next);
        }
    }

    // ---- control plane -------------------------------------------------------------------------------

    private void onControlTick(long now) {
        stamp = clock.stampFor(now);
        catchUpWithControl();
        if (publisher) {
            publishControl();
        }
    }

    /** Acts on every control version since the last one acted on; returns the view in force. */
    private ControlView catchUpWithControl() {
        ControlView current = ledger.view(view);
        view = current;
        if (current.version() == actedVersion) {
            return current;
        }
        if (current.version() < 0) {
            LOG.error("[KILL_SWITCH] {}: no readable control state: live trading off (fail closed)", prefix);
        } else if (current.version() < actedVersion || actedVersion < ledger.oldestRetained() - 1) {
            // the log was re-folded differently (key or config changed) or more changed than is kept: act on the state in force
            if (!current.liveEnabled()) {
                cancelEverything(current, "control state v" + current.version() + " is killed: " + current.killReason(),
                        "v" + current.version(), current.state().getAt().toEpochMilli(), null, "[KILL_SWITCH]");
            }
        } else {
            for (long version = actedVersion + 1; version <= current.version(); version++) {
                long acted = version;
                ledger.command(version).ifPresent(command -> actOn(command, acted, current));
            }
        }
        actedVersion = current.version();
        progress.put(SEEN_VERSION, actedVersion);
        return current;
    }

    private void actOn(ControlCommand command, long version, ControlView current) {
        ControlType type = command.getType();
        if (type != ControlType.DISABLE_LIVE && type != ControlType.CANCEL_ALL) {
            return;
        }
        ControlView at = ledger.state(version).map(state -> new ControlView(version, state, Map.of())).orElse(current);
        String why = type + " " + command.getId() + " by " + command.getActor() + ": " + command.getReason() + " (control v" + version + ")";
        long ts = at.state().getAt().toEpochMilli();
        Optional<String> symbol = ControlRules.targetSymbol(command);
        if (symbol.isPresent()) {
            SymbolOrders held = orders.get(symbol.get());
            if (held != null && !held.isEmpty()) {
                forwardCancelAll(symbol.get(), "ca-" + symbol.get() + "-v" + version, why, at, ts, command.getId());
                orders.delete(symbol.get());
            }
        } else {
            cancelEverything(at, why, "v" + version, ts, command.getId(),
                    type == ControlType.DISABLE_LIVE ? "[KILL_SWITCH]" : "[CANCEL_ALL]");
        }
    }

    private void cancelEverything(ControlView at, String why, String cause, long ts, String commandId, String tag) {
        List<String> symbols = new ArrayList<>();
        try (KeyValueIterator<String, SymbolOrders> all = orders.all()) {
            while (all.hasNext()) {
                KeyValue<String, SymbolOrders> entry = all.next();
                if (entry.value != null && !entry.value.isEmpty()) {
                    symbols.add(entry.key);
                }
            }
        }
        for (String symbol : symbols) {
            forwardCancelAll(symbol, "ca-" + symbol + "-" + cause, why, at, ts, commandId);
            orders.delete(symbol);
        }
        if (!symbols.isEmpty()) {
            LOG.error("{} {}: CANCEL_ALL sent for {} after {}", tag, prefix, symbols, why);
        }
    }

    /** Sends one CANCEL_ALL and asks for a commit now: under exactly-once it is readable only once committed. */
    private void forwardCancelAll(String symbol, String orderId, String why, ControlView at, long ts, String commandId) {
        Provenance provenance = OrderCommands.provenance(TopicNames.CONTROL, 0, -1, commandId, at, config.common().configVersion(),
                "kill-reaction");
        OrderCommand cancelAll = OrderCommands.cancelAll(symbol, orderId, why, provenance, ts, at);
        context.forward(new Record<>(symbol, stamped(new RouterOutput.Order(cancelAll), null), ts));
        context.commit();
        metrics.routed(cancelAll);
    }

    /** Publishing task only: every control version and refusal not yet published, in order. */
    private void publishControl() {
        long current = view.version();
        if (current < 0) {
            return;
        }
        if (publishedVersion > current) {
            publishedVersion = current - 1;
        }
        for (long version = Math.max(publishedVersion + 1, ledger.oldestRetained()); version <= current; version++) {
            Optional<ControlState> state = ledger.state(version);
            if (state.isEmpty()) {
                continue;
            }
            long ts = version == 0 ? context.currentSystemTimeMs() : state.get().getAt().toEpochMilli();
            context.forward(new Record<>(Topics.GLOBAL_KEY, new RouterOutput.State(state.get()), ts));
            long published = version;
            ledger.command(version).flatMap(command -> changeAlert(command, state.get(), published))
                    .ifPresent(alert -> context.forward(new Record<>(Topics.GLOBAL_KEY, new RouterOutput.Notice(alert), ts)));
        }
        if (publishedVersion != current) {
            publishedVersion = current;
            progress.put(PUBLISHED_VERSION, current);
        }
        long refusals = ledger.refusalCount();
        if (publishedRefusals > refusals) {
            publishedRefusals = refusals;
        }
        for (long sequence = Math.max(publishedRefusals, ledger.oldestRetainedRefusal()); sequence < refusals; sequence++) {
            ledger.refusal(sequence).ifPresent(alert -> context.forward(
                    new Record<>(alert.getSymbol() == null ? Topics.GLOBAL_KEY : alert.getSymbol(), new RouterOutput.Notice(alert),
                            alert.getTs().toEpochMilli())));
        }
        if (publishedRefusals != refusals) {
            publishedRefusals = refusals;
            progress.put(PUBLISHED_REFUSALS, refusals);
        }
    }

    /** The notification of an accepted kill, symbol halt or enable (stop, then notify: the state record goes first). */
    private static Optional<Alert> changeAlert(ControlCommand command, ControlState state, long version) {
        Optional<String> symbol = ControlRules.targetSymbol(command);
        Severity severity;
        String kind;
        String message;
        switch (command.getType()) {
            case DISABLE_LIVE -> {
                severity = symbol.isPresent() ? Severity.WARN : Severity.CRIT;
                kind = symbol.isPresent() ? "SYMBOL_HALTED" : "KILL_SWITCH";
                message = symbol.isPresent()
                        ? "SYMBOL HALT – " + symbol.get() + ": " + command.getReason() + " (by " + command.getActor() + ")"
                        : "KILL SWITCH – " + command.getReason() + " (by " + command.getActor() + "); live trading disabled, open orders"
                        + " cancelled";
            }
            case ENABLE_LIVE -> {
                severity = Severity.WARN;
                kind = "LIVE_ENABLED";
                message = "LIVE ENABLED – " + symbol.map(s -> s + " ").orElse("") + "by " + command.getActor() + ": "
                        + command.getReason() + " (fraction " + Decimals.plain(state.getFraction()) + ")";
            }
            default -> {
                return Optional.empty();
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("command_id", command.getId());
        details.put("actor", command.getActor());
        details.put("reason", command.getReason());
        details.put("control_version", Long.toString(version));
        details.put("trading_state", state.getTradingState().name());
        details.put("fraction", Decimals.plain(state.getFraction()));
        return Optional.of(Alerts.of("a-control-v" + version, severity, kind, symbol.orElse(null), message, details,
                state.getAt().toEpochMilli(), command.getProvenance()));
    }

    /** The seed's {@code SWITCH_DIR/disable_live}: while the file exists, live trading is turned off again whenever it is on. */
    private void checkBreakGlass(Path file, long now) {
        if (!Files.exists(file)) {
            return;
        }
        stamp = clock.stampFor(now);
        ControlView current = catchUpWithControl();
        if (!current.liveEnabled() || breakGlassVersion == current.version()) {
            return;
        }
        String reason = "break-glass file " + file.toAbsolutePath() + " present" + firstLine(file).map(line -> ": " + line).orElse("");
        ControlCommand kill = ControlCommand.newBuilder()
                .setId("break-glass-v" + current.version())
                .setType(ControlType.DISABLE_LIVE)
                .setScope(Scope.GLOBAL)
                .setReason(reason)
                .setActor(BREAK_GLASS_ACTOR)
                .setIssuedAt(Instant.ofEpochMilli(now))
                .build();
        LOG.error("[KILL_SWITCH] {}: {}; writing DISABLE_LIVE {} to mm.control", prefix, reason, kill.getId());
        context.forward(new Record<>(Topics.GLOBAL_KEY, new RouterOutput.Command(kill), now));
        context.commit();
        context.forward(new Record<>(Topics.GLOBAL_KEY, new RouterOutput.Notice(Alerts.of("a-break-glass-v" + current.version(),
                Severity.CRIT, "BREAK_GLASS", null, "KILL SWITCH – " + reason, Map.of("file", file.toAbsolutePath().toString(),
                        "control_version", Long.toString(current.version())), now, null)), now));
        breakGlassVersion = current.version();
        progress.put(BREAK_GLASS_VERSION, breakGlassVersion);
    }

    private static Optional<String> firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                return Optional.empty();
            }
            line = line.strip();
            return Optional.of(line.length() > BREAK_GLASS_REASON_CHARS ? line.substring(0, BREAK_GLASS_REASON_CHARS) : line);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private long progressOf(String key) {
        Long value = progress.get(key);
        return value == null ? -1 : value;
    }
}
