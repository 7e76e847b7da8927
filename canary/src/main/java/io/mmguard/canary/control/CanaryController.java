package io.mmguard.canary.control;

import io.mmguard.canary.CanaryConfig;
import io.mmguard.canary.CanaryOutput;
import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.observe.Observations;
import io.mmguard.canary.observe.Source;
import io.mmguard.canary.plan.DurationText;
import io.mmguard.canary.plan.Plan;
import io.mmguard.canary.plan.Step;
import io.mmguard.canary.pnl.DailyPnl;
import io.mmguard.canary.slo.Formats;
import io.mmguard.canary.slo.SloKind;
import io.mmguard.canary.slo.SloReading;
import io.mmguard.canary.slo.SloWindows;
import io.mmguard.canary.slo.Verdict;
import io.mmguard.canary.store.StateWrites;
import io.mmguard.core.units.Bps;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's canary runbook as a state machine over observations, deciding only from record time ("now" is the largest
 * record timestamp seen, ticks included), so a replay of the same observations makes the same commands. Every change of
 * its state is written to the store while the observation that caused it is processed (constant work per observation),
 * so a controller restored from the store after any record decides on exactly as the one that kept running.
 *
 * <ul>
 *   <li>A run starts when the control state shows live trading enabled at a fraction above 0 (a human's
 *       {@code bin/mm ctl enable} and {@code set-fraction}); the stage is the plan's largest fraction not above it.</li>
 *   <li>Rollback, the moment any trigger fires while running: err_bp P99, newOrder 2xx share or cancel P99 failing on the
 *       window, daily PnL at or below the loss limit, {@code canary.max.consecutive.rejects} rejects in a row for a symbol,
 *       any sanity failure. It writes {@code SET_FRACTION 0}, {@code DISABLE_LIVE}, {@code CANCEL_ALL} (signed, in this
 *       order, from one record, so they commit together), then a CRIT {@value #ROLLBACK_ALERT} alert with the trigger and
 *       the metric snapshot, then the INFO stage alert. The controller never writes {@code ENABLE_LIVE}.</li>
 *   <li>Promotion (the next fraction, or the next k_inv step) when the position was held clean for its hold, every
 *       windowed SLO passes with enough samples, trading is ACTIVE and the previous change shows in the control state.</li>
 *   <li>Slippage P95 failing is not a rollback trigger in the seed: it steps k_inv back one step when skew is on (at most
 *       once per window), otherwise it restarts the promotion hold. A CRIT alert of another component is an incident and
 *       restarts the hold too (the seed: expansion needs 6 h with zero incidents).</li>
 *   <li>The controller follows humans: a kill, HALTED or fraction 0 ends the run; another actor's fraction or k_inv change
 *       moves the position there and restarts the hold.</li>
 * </ul>
 */
public final class CanaryController {

    /** The actor of every command this controller writes. */
    public static final String ACTOR = CommandWriter.ACTOR;
    /** CRIT alert written after a rollback's commands. */
    public static final String ROLLBACK_ALERT = "CANARY_ROLLBACK";
    /** INFO alert written after every stage change (run start and end, promotion, k_inv step, rollback). */
    public static final String STAGE_ALERT = "CANARY_STAGE";

    private static final Logger LOG = LoggerFactory.getLogger(CanaryController.class);
    /** Store key of stream time ("now"), so that a restored controller resumes at the time it had reached. */
    static final String CLOCK_KEY = "clock";
    private static final long NEVER = ControllerState.NEVER;
    private static final SloKind[] ROLLBACK_WINDOWS = {SloKind.ERR_BP_P99, SloKind.NEW_ORDER_2XX, SloKind.CANCEL_P99};
    private static final SloKind[] WINDOWED = {SloKind.ERR_BP_P99, SloKind.NEW_ORDER_2XX, SloKind.CANCEL_P99, SloKind.SLIPPAGE_P95};
    /** The trigger of a k_inv step back for a position over the inventory gate (alert detail {@code trigger}). */
    static final String INVENTORY_TRIGGER = "inventory";

    private final CanaryConfig config;
    private final Plan plan;
    private final SloWindows windows;
    private final DailyPnl pnl;
    private final RejectStreaks streaks;
    private final CommandWriter writer;
    private final String prefix;
    private final StateWrites store;
    private final BigDecimal lossFloor;
    private ControllerState state = new ControllerState();
    private long now = NEVER;
    private boolean stateDirty;
    private boolean stageChanged;
    private boolean slotAdvanced;
    private String warnedPending;
    /** This observation's outputs; null until it has one. */
    private List<CanaryOutput> out;
    /** The plan's next step from (nextForFraction, nextForKInv), and its scaled hold in ms (the plan is fixed). */
    private int nextForFraction = Integer.MIN_VALUE;
    private int nextForKInv = Integer.MIN_VALUE;
    private Optional<Step> cachedNext = Optional.empty();
    private long nextHoldMs;

    /**
     * @param config the controller's config
     * @param prefix log prefix of this instance
     * @param store  where every change of state is written (the changelogged store)
     */
    public CanaryController(CanaryConfig config, String prefix, StateWrites store) {
        this.config = config;
        this.plan = config.plan();
        this.store = store;
        this.windows = new SloWindows(config.window(), config.slo(), config.minSamples(), store);
        this.pnl = new DailyPnl(config.pnlDayZone(), store);
        this.streaks = new RejectStreaks(store);
        this.writer = new CommandWriter(config.signer(), config.common().configVersion());
        this.prefix = prefix;
        this.lossFloor = config.slo().maxDailyLossJpy().negate();
    }

    /** Restores one key of the controller's store (call for every key before the first observation). */
    public void load(String key, byte[] value) {
        if (value == null) {
            return;
        }
        if (key.equals(ControllerState.KEY)) {
            state = ControllerState.decode(value);
        } else if (key.equals(CLOCK_KEY)) {
            now = ByteBuffer.wrap(value).getLong();
            windows.restoreTime(now);
        } else if (key.startsWith(SloWindows.KEY_PREFIX)) {
            windows.load(key, value);
        } else if (key.startsWith("pnl/")) {
            pnl.load(key, value);
        } else if (key.startsWith(RejectStreaks.PREFIX)) {
            streaks.load(key, value);
        }
    }

    /**
     * Applies one observation read at record time {@code ts}, writes the state it changed, and returns what to output,
     * in order.
     */
    public List<CanaryOutput> on(Observation observation, long ts) {
        out = null;
        stageChanged = false;
        if (now == NEVER || ts > now) {
            now = ts;
            store.put(CLOCK_KEY, ByteBuffer.allocate(Long.BYTES).putLong(now).array());
        }
        slotAdvanced |= windows.advanceTo(now);
        Source cause = observation.source();
        if (observation instanceof Observation.QuoteSample quote) {
            windows.recordErrBp(ts, quote.errBp());
            pnl.mark(ts, quote.symbol(), quote.mid());
        } else if (observation instanceof Observation.NewOrderResult order) {
            onNewOrder(order, ts);
        } else if (observation instanceof Observation.CancelAck cancel) {
            windows.recordCancel(ts, cancel.latencyMs());
        } else if (observation instanceof Observation.Fill fill) {
            onFill(fill, ts);
        } else if (observation instanceof Observation.SanityFailure sanity) {
            if (state.running() && ts >= state.runStartedAt) {
                rollback(cause, "sanity_failure", sanity.what());
            }
        } else if (observation instanceof Observation.ControlChange change) {
            follow(change);
        } else if (observation instanceof Observation.Incident incident) {
            onIncident(incident);
        }
        if (state.running()) {
            evaluate(cause);
        }
        if (stateDirty) {
            store.put(ControllerState.KEY, state.encode());
            stateDirty = false;
        }
        return out == null ? List.of() : out;
    }

    /** True when the last observation changed the stage (start, end, promotion, k_inv step, rollback, following a human). */
    public boolean stageChanged() {
        return stageChanged;
    }

    /** True (once) when stream time entered a new window slot since the last call. */
    public boolean takeSlotAdvanced() {
        boolean advanced = slotAdvanced;
        slotAdvanced = false;
        return advanced;
    }

    /** Stream time: the largest record time seen. */
    public long now() {
        return now;
    }

    /** The status as of now. */
    public Status status() {
        List<SloReading> slos = new ArrayList<>(windows.readings());
        slos.add(pnlReading());
        boolean running = state.running();
        Optional<Step> next = running ? nextStep() : Optional.empty();
        return new Status(now == NEVER ? 0 : now, state.run, stageLabel(), state.fraction == null ? BigDecimal.ZERO : state.fraction,
                value(state.kInv), position(), running ? state.positionSince : null, running ? state.holdSince : null,
                next.map(step -> config.scaled(step.hold())).orElse(null), slos, nextText(), state.pendingCommandId,
                state.lastTrigger, state.incidents, state.controlVersion, state.live, state.tradingState, windows.late(),
                windows.rejectsByCode());
    }

    private void onNewOrder(Observation.NewOrderResult order, long ts) {
        windows.recordNewOrder(ts, order.accepted(), order.code());
        int streak = streaks.record(order.symbol(), order.accepted());
        if (state.running() && !order.accepted() && streak >= config.maxConsecutiveRejects()) {
            rollback(order.source(), "consecutive_rejects", streak + " new-order rejects in a row for " + order.symbol()
                    + " (last: code " + order.code() + (order.reason() == null ? "" : " " + order.reason()) + ") >= "
                    + config.maxConsecutiveRejects());
        }
    }

    private void onFill(Observation.Fill fill, long ts) {
        if (fill.quoteRefPrice() != null && fill.midRef() != null && fill.midRef().signum() > 0) {
            BigDecimal fraction = fill.price().subtract(fill.quoteRefPrice()).abs().divide(fill.midRef(), Decimals.MEASUREMENT);
            windows.recordSlippage(ts, fill.side(), Bps.fromFraction(fraction).doubleValue());
        }
        pnl.fill(ts, fill.symbol(), fill.side(), fill.quantity(), fill.price(), fill.midRef());
    }

    private void onIncident(Observation.Incident incident) {
        if (!state.running()) {
            return;
        }
        state.incidents++;
        state.holdSince = now;
        stateDirty = true;
        LOG.warn("[CANARY] {}: incident at {}: CRIT {} {}: {}; the promotion hold starts again", prefix, stageLabel(),
                incident.kind(), incident.symbol() == null ? "" : incident.symbol(), incident.message());
    }

    /** Verdicts only (constant time); a reading with its value and text is made only for what gets written. */
    private void evaluate(Source cause) {
        for (SloKind kind : ROLLBACK_WINDOWS) {
            if (windows.verdict(kind) == Verdict.FAIL) {
                rollback(cause, kind.label(), Snapshot.describe(windows.reading(kind)));
                return;
            }
        }
        if (lossLimitReached()) {
            rollback(cause, "daily_loss", Snapshot.describe(pnlReading()));
            return;
        }
        if (windows.verdict(SloKind.SLIPPAGE_P95) == Verdict.FAIL) {
            onSlippageBreach(cause, windows.reading(SloKind.SLIPPAGE_P95));
            return;
        }
        // the seed's inventory gate of the k_inv steps: every symbol's |net_pos_jpy| <= MAX_OPEN_NOTIONAL_JPY / 3
        DailyPnl.Net net = pnl.largestNet();
        boolean inventoryOver = net != null && config.slo().inventoryOver(net.absJpy());
        if (inventoryOver && state.kInvIndex >= 0 && windowSinceStepBack()) {
            stepBack(cause, INVENTORY_TRIGGER, inventoryText(net));
            return;
        }
        maybeAdvance(cause, inventoryOver);
    }

    private boolean windowSinceStepBack() {
        return state.lastStepBackAt == NEVER || now - state.lastStepBackAt >= windows.window().toMillis();
    }

    /** The inventory gate's reading, for a step-back reason. */
    private String inventoryText(DailyPnl.Net net) {
        return "max |net_pos_jpy|=" + Decimals.plain(net.absJpy().setScale(0, java.math.RoundingMode.HALF_EVEN)) + " (" + net.symbol()
                + ") > MAX_OPEN_NOTIONAL_JPY/3=" + Decimals.plain(config.slo().maxOpenNotionalJpy().divide(BigDecimal.valueOf(3), 0,
                java.math.RoundingMode.HALF_EVEN));
    }

    private void onSlippageBreach(Source cause, SloReading slippage) {
        if (state.kInvIndex >= 0 && windowSinceStepBack()) {
            stepBack(cause, SloKind.SLIPPAGE_P95.label(), Snapshot.describe(slippage));
        } else if (state.holdSince != now) {
            state.holdSince = now;
            stateDirty = true;
        }
    }

    private void maybeAdvance(Source cause, boolean inventoryOver) {
        if (!TradingState.ACTIVE.name().equals(state.tradingState)) {
            return;
        }
        if (state.pendingCommandId != null) {
            if (now - state.pendingSince > windows.window().toMillis() && !state.pendingCommandId.equals(warnedPending)) {
                warnedPending = state.pendingCommandId;
                LOG.warn("[CANARY] {}: command {} written at {} does not show in mm.control.state yet; no further change until it"
                        + " does (was it refused? check CONTROL_REFUSED alerts and MM_CONTROL_KEY)", prefix, state.pendingCommandId,
                        java.time.Instant.ofEpochMilli(state.pendingSince));
            }
            return;
        }
        Optional<Step> step = nextStep();
        if (step.isPresent() && step.get().kind() == Step.Kind.K_INV && inventoryOver) {
            // a k_inv step holds only while the inventory is inside the gate: its hold starts again when it is back inside
            if (state.holdSince != now) {
                state.holdSince = now;
                stateDirty = true;
            }
            return;
        }
        if (step.isEmpty() || now - state.holdSince < nextHoldMs) {
            return;
        }
        for (SloKind kind : WINDOWED) {
            if (windows.verdict(kind) != Verdict.PASS) {
                return;
            }
        }
        advance(cause, step.get());
    }

    /** The plan's next step from the current position (and {@link #nextHoldMs}), worked out once per position. */
    private Optional<Step> nextStep() {
        if (nextForFraction != state.fractionIndex || nextForKInv != state.kInvIndex) {
            cachedNext = plan.next(state.fractionIndex, state.kInvIndex);
            nextHoldMs = cachedNext.map(step -> config.scaled(step.hold()).toMillis()).orElse(0L);
            nextForFraction = state.fractionIndex;
            nextForKInv = state.kInvIndex;
        }
        return cachedNext;
    }

    private void advance(Source cause, Step step) {
        String body = "held " + DurationText.format(Duration.ofMillis(now - state.holdSince)) + " at " + stageLabel() + ", "
                + snapshot().text();
        ControlCommand command;
        String title;
        if (step.kind() == Step.Kind.PROMOTE) {
            title = "promote " + Formats.percent(state.fraction) + " -> " + Formats.percent(step.to());
            command = command(ControlType.SET_FRACTION, null, step.to(), title + ": " + body, cause);
            state.fractionIndex = step.targetIndex();
            state.pendingFraction = step.to();
        } else {
            title = "k_inv " + Decimals.plain(step.from()) + " -> " + Decimals.plain(step.to());
            command = command(ControlType.SET_PARAM, Observations.K_INV, step.to(), title + ": " + body, cause);
            state.kInvIndex = step.targetIndex();
            state.pendingKInv = step.to();
        }
        state.pendingCommandId = command.getId();
        state.pendingSince = now;
        moved();
        stageAlert(cause, title, body, Map.of("command_id", command.getId()));
        LOG.info("[CANARY] {}: {}", prefix, command.getReason());
    }

    private void stepBack(Source cause, String trigger, String detail) {
        BigDecimal from = plan.kInv(state.kInvIndex);
        BigDecimal to = plan.kInv(state.kInvIndex - 1);
        String title = "k_inv " + Decimals.plain(from) + " -> " + Decimals.plain(to);
        String body = "step back, " + detail + "; " + snapshot().text();
        ControlCommand command = command(ControlType.SET_PARAM, Observations.K_INV, to, title + ": " + body, cause);
        state.kInvIndex--;
        state.lastStepBackAt = now;
        state.incidents++;
        state.clearPending();
        state.pendingCommandId = command.getId();
        state.pendingSince = now;
        state.pendingKInv = to;
        moved();
        stageAlert(cause, title + " (step back)", body, Map.of("command_id", command.getId(), "trigger", trigger));
        LOG.warn("[CANARY] {}: {}", prefix, command.getReason());
    }

    private void rollback(Source cause, String trigger, String detail) {
        String stage = stageLabel();
        String snapshot = snapshot().text();
        String body = trigger + ": " + detail + "; " + snapshot;
        String reason = "canary rollback at " + stage + ": " + body;
        List<String> ids = new ArrayList<>();
        ids.add(command(ControlType.SET_FRACTION, null, BigDecimal.ZERO, reason, cause).getId());
        ids.add(command(ControlType.DISABLE_LIVE, null, null, reason, cause).getId());
        ids.add(command(ControlType.CANCEL_ALL, null, null, reason, cause).getId());
        Map<String, String> details = snapshotDetails();
        details.put("trigger", trigger);
        details.put("detail", detail);
        details.put("stage", stage);
        details.put("commands", String.join(",", ids));
        String message = "[KILL_SWITCH] canary rollback at " + stage + ": " + trigger + ": " + detail
                + " - fraction 0, live trading disabled, open orders cancelled; re-enabling is a human decision (bin/mm ctl enable)";
        emit(new CanaryOutput.Notice(writer.alert(nextAlertId(), Severity.CRIT, ROLLBACK_ALERT, message, details, now, cause,
                state.controlVersion)));
        state.run = RunState.ROLLED_BACK;
        state.awaitingKillEcho = true;
        state.clearPending();
        state.lastTrigger = trigger + ": " + detail;
        state.lastTriggerAt = now;
        stateDirty = true;
        stageChanged = true;
        stageAlert(cause, "stage " + stage + " -> rolled back", body, Map.of("trigger", trigger, "commands", String.join(",", ids)));
        LOG.error("[KILL_SWITCH] {}: canary rollback at {}: {}: {}; wrote SET_FRACTION 0, DISABLE_LIVE, CANCEL_ALL ({}); {}", prefix,
                stage, trigger, detail, ids, snapshot);
    }

    private void follow(Observation.ControlChange change) {
        if (state.controlVersion >= 0 && change.version() <= state.controlVersion) {
            return;
        }
        BigDecimal previousFraction = state.fraction == null ? BigDecimal.ZERO : state.fraction;
        BigDecimal previousKInv = value(state.kInv);
        state.controlVersion = change.version();
        state.live = change.liveEnabled();
        state.tradingState = change.tradingState().name();
        state.fraction = change.fraction();
        state.kInv = change.kInv();
        state.lastActor = change.lastActor();
        stateDirty = true;
        if (state.pendingCommandId != null
                && (state.pendingFraction != null && change.fraction().compareTo(state.pendingFraction) == 0
                    || state.pendingKInv != null && value(change.kInv()).compareTo(state.pendingKInv) == 0)) {
            state.clearPending();
        }
        if (!change.liveEnabled()) {
            state.awaitingKillEcho = false;
        }
        boolean active = change.liveEnabled() && change.tradingState() != TradingState.HALTED && change.fraction().signum() > 0;
        boolean ours = ACTOR.equals(change.lastActor());
        if (state.running()) {
            if (!active) {
                endRun(change);
                return;
            }
            if (!ours && previousFraction.compareTo(change.fraction()) != 0) {
                followFraction(change, previousFraction);
            }
            if (!ours && previousKInv.compareTo(value(change.kInv())) != 0) {
                followKInv(change, previousKInv);
            }
        } else if (active && !ours && !state.awaitingKillEcho) {
            startRun(change);
        }
    }

    private void startRun(Observation.ControlChange change) {
        state.run = RunState.RUNNING;
        state.runStartedAt = now;
        state.fractionIndex = plan.fractionIndexAtOrBelow(change.fraction());
        state.kInvIndex = plan.kInvIndexAtOrBelow(change.kInv());
        state.positionSince = now;
        state.holdSince = now;
        state.lastStepBackAt = NEVER;
        state.incidents = 0;
        state.lastTrigger = null;
        state.lastTriggerAt = NEVER;
        state.clearPending();
        streaks.reset();
        stateDirty = true;
        stageChanged = true;
        Source cause = change.source();
        String why = "live enabled at " + Formats.percent(change.fraction()) + " by " + change.lastActor() + " ("
                + change.lastCommandType() + ", control v" + change.version() + ")";
        if (plan.inCanary(state.fractionIndex) && value(change.kInv()).signum() > 0) {
            ControlCommand command = command(ControlType.SET_PARAM, Observations.K_INV, BigDecimal.ZERO,
                    "inventory skew off during the canary: k_inv " + Decimals.plain(change.kInv()) + " -> 0 (the seed: skew OFF until"
                            + " the " + Formats.percent(plan.stages().get(plan.stages().size() - 1).fraction())
                            + " stage was held; then it is re-enabled in steps)", cause);
            state.kInvIndex = -1;
            state.pendingCommandId = command.getId();
            state.pendingSince = now;
            state.pendingKInv = BigDecimal.ZERO;
        }
        String title = "canary run started at " + stageLabel();
        String body = why + "; next: " + nextText();
        stageAlert(cause, title, body, Map.of("control_version", Long.toString(change.version())));
        LOG.info("[CANARY] {}: {}: {}", prefix, title, body);
    }

    private void endRun(Observation.ControlChange change) {
        String stage = stageLabel();
        String how = !change.liveEnabled() ? "live trading disabled"
                : change.tradingState() == TradingState.HALTED ? "trading HALTED" : "fraction set to 0";
        String title = "canary run ended at " + stage;
        String body = how + " by " + change.lastActor() + " (" + change.lastCommandType() + ": " + change.lastReason() + ", control v"
                + change.version() + "); the controller waits for a human to enable live trading again";
        state.run = RunState.IDLE;
        state.clearPending();
        stateDirty = true;
        stageChanged = true;
        stageAlert(change.source(), title, body, Map.of("control_version", Long.toString(change.version())));
        if (!change.liveEnabled()) {
            LOG.warn("[KILL_SWITCH] {}: {}: {}", prefix, title, body);
        } else {
            LOG.info("[CANARY] {}: {}: {}", prefix, title, body);
        }
    }

    private void followFraction(Observation.ControlChange change, BigDecimal previous) {
        state.fractionIndex = plan.fractionIndexAtOrBelow(change.fraction());
        if (state.pendingFraction != null) {
            state.clearPending();
        }
        moved();
        String title = "following " + change.lastActor() + " to " + Formats.percent(change.fraction());
        String body = "fraction " + Formats.percent(previous) + " -> " + Formats.percent(change.fraction()) + " ("
                + change.lastCommandType() + ": " + change.lastReason() + ", control v" + change.version() + "); stage "
                + stageLabel() + ", the hold starts again; next: " + nextText();
        stageAlert(change.source(), title, body, Map.of("control_version", Long.toString(change.version())));
        LOG.info("[CANARY] {}: {}: {}", prefix, title, body);
    }

    private void followKInv(Observation.ControlChange change, BigDecimal previous) {
        state.kInvIndex = plan.kInvIndexAtOrBelow(change.kInv());
        if (state.pendingKInv != null) {
            state.clearPending();
        }
        moved();
        String title = "following " + change.lastActor() + " to k_inv " + Decimals.plain(value(change.kInv()));
        String body = "k_inv " + Decimals.plain(previous) + " -> " + Decimals.plain(value(change.kInv())) + " (control v"
                + change.version() + "); stage " + stageLabel() + ", the hold starts again; next: " + nextText();
        stageAlert(change.source(), title, body, Map.of("control_version", Long.toString(change.version())));
        LOG.info("[CANARY] {}: {}: {}", prefix, title, body);
    }

    /** The position changed: its clocks start now. */
    private void moved() {
        state.positionSince = now;
        state.holdSince = now;
        stateDirty = true;
        stageChanged = true;
    }

    private ControlCommand command(ControlType type, String param, BigDecimal value, String reason, Source cause) {
        state.sequence++;
        stateDirty = true;
        String id = "canary-" + state.runStartedAt + "-" + state.sequence + "-" + type.name().toLowerCase(Locale.ROOT);
        ControlCommand command = writer.command(id, type, param, value, reason, now, cause, state.controlVersion);
        emit(new CanaryOutput.Command(command));
        return command;
    }

    private void stageAlert(Source cause, String title, String body, Map<String, String> extra) {
        Map<String, String> details = snapshotDetails();
        details.putAll(extra);
        details.put("stage", stageLabel());
        details.put("run", state.run.name());
        details.put("title", title);
        emit(new CanaryOutput.Notice(writer.alert(nextAlertId(), Severity.INFO, STAGE_ALERT, "[CANARY] " + title + ": " + body,
                details, now, cause, state.controlVersion)));
    }

    private String nextAlertId() {
        state.sequence++;
        stateDirty = true;
        return "a-canary-" + state.runStartedAt + "-" + state.sequence;
    }

    private void emit(CanaryOutput output) {
        if (out == null) {
            out = new ArrayList<>();
        }
        out.add(output);
    }

    private boolean lossLimitReached() {
        return pnl.total().compareTo(lossFloor) <= 0;
    }

    private SloReading pnlReading() {
        BigDecimal total = pnl.total();
        Verdict verdict = lossLimitReached() ? Verdict.FAIL : Verdict.PASS;
        return new SloReading(SloKind.DAILY_PNL, total.doubleValue(), Formats.jpy(total), lossFloor, -1, 0, verdict);
    }

    /** The metric snapshot carried by every reason and alert. */
    private Snapshot snapshot() {
        List<SloReading> readings = new ArrayList<>(windows.readings());
        readings.add(pnlReading());
        return new Snapshot(readings);
    }

    private Map<String, String> snapshotDetails() {
        Map<String, String> details = snapshot().details();
        details.put("fraction", state.fraction == null ? "0" : Decimals.plain(state.fraction));
        details.put("k_inv", Decimals.plain(value(state.kInv)));
        details.put("rejects_by_code", windows.rejectsByCode().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(",")));
        details.put("window", DurationText.format(windows.window()));
        return details;
    }

    private String stageLabel() {
        return switch (state.run) {
            case IDLE -> "idle";
            case ROLLED_BACK -> "rolled back";
            case RUNNING -> (state.fractionIndex < 0 ? "below " + Formats.percent(plan.fraction(0))
                    : Formats.percent(plan.fraction(state.fractionIndex)))
                    + (state.kInvIndex >= 0 ? " k_inv=" + Decimals.plain(plan.kInv(state.kInvIndex)) : "");
        };
    }

    private int position() {
        return switch (state.run) {
            case IDLE -> 0;
            case ROLLED_BACK -> -1;
            case RUNNING -> state.fractionIndex + 1;
        };
    }

    private String nextText() {
        String first = Decimals.plain(plan.fraction(0));
        switch (state.run) {
            case IDLE:
                return "waiting for a human to enable live trading at a fraction above 0 (bin/mm ctl enable, then bin/mm ctl"
                        + " set-fraction " + first + ")";
            case ROLLED_BACK:
                return "rolled back (" + state.lastTrigger + "); re-enabling is a human decision: "
                        + (state.awaitingKillEcho ? "once mm.control.state shows the kill, " : "")
                        + "bin/mm ctl enable, then bin/mm ctl set-fraction " + first;
            default:
                break;
        }
        if (state.pendingCommandId != null) {
            return "waiting for mm.control.state to show " + state.pendingCommandId + " before any further change";
        }
        if (!TradingState.ACTIVE.name().equals(state.tradingState)) {
            return "trading state " + state.tradingState + ": no promotion until ACTIVE; rollback triggers stay armed";
        }
        Optional<Step> next = plan.next(state.fractionIndex, state.kInvIndex);
        if (next.isEmpty()) {
            return "plan complete at " + stageLabel() + "; rollback triggers stay armed";
        }
        Step step = next.get();
        String what = step.kind() == Step.Kind.PROMOTE ? "promote to " + Formats.percent(step.to())
                : "k_inv " + Decimals.plain(step.from()) + " -> " + Decimals.plain(step.to());
        long remaining = config.scaled(step.hold()).toMillis() - (now - state.holdSince);
        if (remaining > 0) {
            return what + " in " + DurationText.format(Duration.ofMillis(remaining)) + " if every SLO holds";
        }
        List<String> waiting = windows.readings().stream().filter(r -> r.verdict() != Verdict.PASS)
                .map(Snapshot::describe).toList();
        return waiting.isEmpty() ? what + " now" : what + " when every SLO passes; waiting for " + String.join(", ", waiting);
    }

    private static BigDecimal value(BigDecimal decimal) {
        return decimal == null ? BigDecimal.ZERO : decimal;
    }
}
