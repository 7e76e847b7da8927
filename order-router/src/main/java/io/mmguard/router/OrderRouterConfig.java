package io.mmguard.router;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.CommandWindow;
import io.mmguard.core.control.ControlSigner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The order-router's config. Every key falls back to the seed's environment variable of the same
 * meaning ({@code CANARY_MODE}, {@code CANARY_FRACTION}, {@code MAX_DAILY_LOSS_JPY},
 * {@code MAX_OPEN_NOTIONAL_JPY}, {@code SWITCH_DIR}).
 *
 * <p>Initial control state (before the first command on {@code mm.control}): {@code canary.mode=0}
 * (the default) starts <b>killed</b> whatever the fraction says; {@code canary.mode=1} starts live at
 * {@code canary.fraction} (the seed's {@code CANARY_MODE=1 CANARY_FRACTION=0.01}). After that the
 * control log decides: a kill in the log survives every restart, because the state is re-derived from
 * the log at each start.
 *
 * @param common             shared keys
 * @param canaryMode         {@code canary.mode} ({@code CANARY_MODE}): 0 = start killed, 1 = start live at the fraction
 * @param canaryFraction     {@code canary.fraction} ({@code CANARY_FRACTION}): initial share of orders sent live, in [0, 1]
 * @param maxDailyLossJpy    {@code limits.max.daily.loss.jpy} ({@code MAX_DAILY_LOSS_JPY}): daily PnL at or below minus this kills
 * @param maxOpenNotionalJpy {@code limits.max.open.notional.jpy} ({@code MAX_OPEN_NOTIONAL_JPY}): no live order may take a
 *                           symbol's worst-case open notional past this
 * @param switchDir          {@code switch.dir} ({@code SWITCH_DIR}): a file {@code disable_live} here kills (break-glass);
 *                           empty when the key is set to {@code -} (disabled)
 * @param controlPoll        {@code router.control.poll.ms}: how often (wall clock) each task checks the control state for a
 *                           kill or cancel-all to act on, and the publishing task publishes state changes
 * @param switchPoll         {@code router.switch.poll.ms}: how often (wall clock) the break-glass file is checked
 * @param filterHalt         {@code router.filter.halt.seconds}: how long a {@code -1013} halts new orders for its symbol
 * @param maxConsecutiveRejects {@code router.max.consecutive.rejects}: this many rejects in a row for one symbol kill
 * @param pnlDayZone         {@code router.pnl.day.zone}: the time zone whose midnight starts a new PnL day
 * @param pnlReportStepJpy   {@code router.pnl.report.step.jpy}: a symbol's daily PnL is re-sent to the daily-loss total when it
 *                           moved by this much since last sent (always after a fill)
 * @param signer             the HMAC verifier from {@value ControlSigner#KEY_ENV}; empty: every risk-raising command is refused
 * @param staleMs            {@code risk.stale.ms}: the stale-book budget; a book older than this at routing time (the router's
 *                           wall clock minus book_ts) never makes a live order: it goes shadow with {@code PIPELINE_LAG}
 */
public record OrderRouterConfig(
        CommonConfig common,
        boolean canaryMode,
        BigDecimal canaryFraction,
        BigDecimal maxDailyLossJpy,
        BigDecimal maxOpenNotionalJpy,
        Optional<Path> switchDir,
        Duration controlPoll,
        Duration switchPoll,
        Duration filterHalt,
        int maxConsecutiveRejects,
        ZoneId pnlDayZone,
        BigDecimal pnlReportStepJpy,
        Optional<ControlSigner> signer,
        long staleMs) {

    public static final String SERVICE = "order-router";
    public static final int DEFAULT_METRICS_PORT = 9403;

    /** Seed: {@code os.getenv("CANARY_MODE", "0")}: killed unless asked otherwise. */
    public static final boolean DEFAULT_CANARY_MODE = false;
    /** Seed: {@code _read_fraction()} returns 0.0 when nothing is set. */
    public static final BigDecimal DEFAULT_CANARY_FRACTION = BigDecimal.ZERO;
    /** Seed: {@code MAX_DAILY_LOSS_JPY=5000}. */
    public static final BigDecimal DEFAULT_MAX_DAILY_LOSS_JPY = new BigDecimal("5000");
    /** Seed: {@code MAX_OPEN_NOTIONAL_JPY=100000}. */
    public static final BigDecimal DEFAULT_MAX_OPEN_NOTIONAL_JPY = new BigDecimal("100000");
    /** Seed: {@code SWITCH_DIR} defaults to {@code var/switches}. */
    public static final String DEFAULT_SWITCH_DIR = "var/switches";
    public static final int DEFAULT_CONTROL_POLL_MS = 5;
    public static final int DEFAULT_SWITCH_POLL_MS = 250;
    /** Seed: {@code -1013 -> halt new-orders 60s}. */
    public static final int DEFAULT_FILTER_HALT_SECONDS = 60;
    /** Seed: {@code 連続リジェクト ≥ 3}. */
    public static final int DEFAULT_MAX_CONSECUTIVE_REJECTS = 3;
    /** The seed's stale-book budget (L2遅延 > 500ms), the same key and default as the risk-gate's. */
    public static final long DEFAULT_STALE_MS = 500;
    public static final String DEFAULT_PNL_DAY_ZONE = "UTC";
    /** 1% of the seed's daily loss limit. */
    public static final BigDecimal DEFAULT_PNL_REPORT_STEP_JPY = new BigDecimal("50");
    /** {@code switch.dir=-} turns the break-glass file off. */
    public static final String SWITCH_DIR_DISABLED = "-";

    private static final BigDecimal MAX_JPY = new BigDecimal("1000000000000");

    public OrderRouterConfig {
        validate(canaryFraction, maxDailyLossJpy, maxOpenNotionalJpy, pnlReportStepJpy);
    }

    /** Reads and validates the order-router's keys; the signing key comes from the process environment. */
    public static OrderRouterConfig read(ConfigReader reader) {
        // the key from the environment the runner was given (the demo passes its own), else the process's
        String key = reader.environmentVariable(ControlSigner.KEY_ENV);
        return read(reader, key != null ? java.util.Map.of(ControlSigner.KEY_ENV, key) : System.getenv());
    }

    /** As {@link #read(ConfigReader)}, with {@value ControlSigner#KEY_ENV} looked up in {@code environment}. */
    public static OrderRouterConfig read(ConfigReader reader, Map<String, String> environment) {
        CommonConfig common = CommonConfig.read(reader, DEFAULT_METRICS_PORT);
        boolean canaryMode = reader.bool("canary.mode", DEFAULT_CANARY_MODE);
        BigDecimal fraction;
        try {
            fraction = reader.decimal("canary.fraction", DEFAULT_CANARY_FRACTION, BigDecimal.ZERO, BigDecimal.ONE);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + "; canary.fraction (CANARY_FRACTION) is a fraction of one: 0.05 is 5%", e);
        }
        BigDecimal maxLoss = reader.decimal("limits.max.daily.loss.jpy", DEFAULT_MAX_DAILY_LOSS_JPY, BigDecimal.ONE, MAX_JPY);
        BigDecimal maxNotional = reader.decimal("limits.max.open.notional.jpy", DEFAULT_MAX_OPEN_NOTIONAL_JPY, BigDecimal.ONE, MAX_JPY);
        String switchDir = reader.string("switch.dir", DEFAULT_SWITCH_DIR);
        int controlPollMs = reader.integer("router.control.poll.ms", DEFAULT_CONTROL_POLL_MS, 1, 10_000);
        int switchPollMs = reader.integer("router.switch.poll.ms", DEFAULT_SWITCH_POLL_MS, 10, 60_000);
        int haltSeconds = reader.integer("router.filter.halt.seconds", DEFAULT_FILTER_HALT_SECONDS, 1, 86_400);
        int maxRejects = reader.integer("router.max.consecutive.rejects", DEFAULT_MAX_CONSECUTIVE_REJECTS, 1, 1_000);
        String zone = reader.string("router.pnl.day.zone", DEFAULT_PNL_DAY_ZONE);
        ZoneId dayZone;
        try {
            dayZone = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigException(reader.service() + " config: router.pnl.day.zone='" + zone
                    + "' is not a time zone (e.g. UTC or Asia/Tokyo)", e);
        }
        BigDecimal step = reader.decimal("router.pnl.report.step.jpy", DEFAULT_PNL_REPORT_STEP_JPY, BigDecimal.ZERO, MAX_JPY);
        long staleMs = reader.longValue("risk.stale.ms", DEFAULT_STALE_MS, 1, 3_600_000);
        CommandWindow window = CommandWindow.read(reader);
        return new OrderRouterConfig(common, canaryMode, fraction, maxLoss, maxNotional,
                SWITCH_DIR_DISABLED.equals(switchDir) ? Optional.empty() : Optional.of(Path.of(switchDir)),
                Duration.ofMillis(controlPollMs), Duration.ofMillis(switchPollMs), Duration.ofSeconds(haltSeconds), maxRejects,
                dayZone, step, ControlSigner.fromEnvironment(environment).map(signer -> signer.within(window)), staleMs);
    }

    /** A config for tests and tools: every router key at its default, killed at start, no signing key. */
    public static OrderRouterConfig defaults(CommonConfig common) {
        return new OrderRouterConfig(common, DEFAULT_CANARY_MODE, DEFAULT_CANARY_FRACTION, DEFAULT_MAX_DAILY_LOSS_JPY,
                DEFAULT_MAX_OPEN_NOTIONAL_JPY, Optional.empty(), Duration.ofMillis(DEFAULT_CONTROL_POLL_MS),
                Duration.ofMillis(DEFAULT_SWITCH_POLL_MS), Duration.ofSeconds(DEFAULT_FILTER_HALT_SECONDS),
                DEFAULT_MAX_CONSECUTIVE_REJECTS, ZoneId.of(DEFAULT_PNL_DAY_ZONE), DEFAULT_PNL_REPORT_STEP_JPY, Optional.empty(),
                DEFAULT_STALE_MS);
    }

    /** The same config starting live ({@code canary.mode=1}) at {@code fraction}. */
    public OrderRouterConfig startingLive(BigDecimal fraction) {
        return new OrderRouterConfig(common, true, fraction, maxDailyLossJpy, maxOpenNotionalJpy, switchDir, controlPoll,
                switchPoll, filterHalt, maxConsecutiveRejects, pnlDayZone, pnlReportStepJpy, signer, staleMs);
    }

    /** The same config verifying signatures with {@code key}. */
    public OrderRouterConfig withSigningKey(String key) {
        return new OrderRouterConfig(common, canaryMode, canaryFraction, maxDailyLossJpy, maxOpenNotionalJpy, switchDir,
                controlPoll, switchPoll, filterHalt, maxConsecutiveRejects, pnlDayZone, pnlReportStepJpy,
                Optional.of(ControlSigner.withKey(key)), staleMs);
    }

    /** The same config with the given limits. */
    public OrderRouterConfig withLimits(BigDecimal maxDailyLoss, BigDecimal maxOpenNotional) {
        return new OrderRouterConfig(common, canaryMode, canaryFraction, maxDailyLoss, maxOpenNotional, switchDir, controlPoll,
                switchPoll, filterHalt, maxConsecutiveRejects, pnlDayZone, pnlReportStepJpy, signer, staleMs);
    }

    /** The same config with the break-glass file in {@code directory}. */
    public OrderRouterConfig withSwitchDir(Path directory) {
        return new OrderRouterConfig(common, canaryMode, canaryFraction, maxDailyLossJpy, maxOpenNotionalJpy,
                Optional.of(directory), controlPoll, switchPoll, filterHalt, maxConsecutiveRejects, pnlDayZone, pnlReportStepJpy,
                signer, staleMs);
    }

    /** The same config with stale-book budget {@code ms}. */
    public OrderRouterConfig withStaleMs(long ms) {
        return new OrderRouterConfig(common, canaryMode, canaryFraction, maxDailyLossJpy, maxOpenNotionalJpy, switchDir, controlPoll,
                switchPoll, filterHalt, maxConsecutiveRejects, pnlDayZone, pnlReportStepJpy, signer, ms);
    }

    private static void validate(BigDecimal fraction, BigDecimal maxLoss, BigDecimal maxNotional, BigDecimal step) {
        if (fraction.stripTrailingZeros().scale() > 12) {
            throw new ConfigException(SERVICE + " config: canary.fraction=" + fraction.toPlainString() + " has more than 12 decimal places");
        }
        if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new ConfigException(SERVICE + " config: canary.fraction=" + fraction.toPlainString()
                    + " is out of range (expected 0..1); it is a fraction of one: 0.05 is 5%");
        }
        if (maxLoss.signum() <= 0 || maxNotional.signum() <= 0) {
            throw new ConfigException(SERVICE + " config: limits.max.daily.loss.jpy and limits.max.open.notional.jpy must be > 0");
        }
        if (step.signum() < 0) {
            throw new ConfigException(SERVICE + " config: router.pnl.report.step.jpy must be >= 0");
        }
    }
}
