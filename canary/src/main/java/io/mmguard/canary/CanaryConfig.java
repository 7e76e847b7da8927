package io.mmguard.canary;

import io.mmguard.canary.plan.DurationText;
import io.mmguard.canary.plan.Plan;
import io.mmguard.canary.plan.Stage;
import io.mmguard.canary.slo.MinSamples;
import io.mmguard.canary.slo.SloThresholds;
import io.mmguard.canary.slo.SloWindows;
import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The canary controller's config. Every duration of the plan and every SLO window is divided by {@code canary.time.scale}
 * when used ({@link #scaled(Duration)}); latencies and thresholds are not.
 *
 * @param common                shared keys ({@code metrics.port} default {@value #DEFAULT_METRICS_PORT},
 *                              {@code application.id} default {@code mmguard-canary-controller})
 * @param timeScale             {@code canary.time.scale}: divides every stage length, hold and window (demo, tests)
 * @param plan                  {@code canary.stages}, {@code canary.expansion.stages}, {@code canary.expansion.hold},
 *                              {@code canary.k.inv.steps}, {@code canary.k.inv.hold}
 * @param slo                   {@code canary.slo.*} thresholds, {@code limits.max.daily.loss.jpy} ({@code MAX_DAILY_LOSS_JPY}) and
 *                              {@code limits.max.open.notional.jpy} ({@code MAX_OPEN_NOTIONAL_JPY}: the k_inv steps' inventory gate)
 * @param minSamples            {@code canary.min.samples.*}: samples a window needs before it can pass or fail
 * @param maxConsecutiveRejects {@code canary.max.consecutive.rejects}: this many new-order rejects in a row for one symbol roll back
 * @param pnlDayZone            {@code canary.pnl.day.zone}: whose midnight starts a new PnL day (as the router's)
 * @param tickInterval          {@code canary.tick.ms}: after this much wall-clock quiet a tick is recorded on {@code mm.canary.ticks}
 *                              (0 = never; then stream time advances only with the inputs)
 * @param statusLogInterval     {@code canary.status.log.ms}: at most one status log line per interval (wall clock, logging only)
 * @param signer                signs every command, key from {@value ControlSigner#KEY_ENV} (required)
 */
public record CanaryConfig(
        CommonConfig common,
        double timeScale,
        Plan plan,
        SloThresholds slo,
        MinSamples minSamples,
        int maxConsecutiveRejects,
        ZoneId pnlDayZone,
        Duration tickInterval,
        Duration statusLogInterval,
        ControlSigner signer) {

    public static final String SERVICE = "canary-controller";
    public static final int DEFAULT_METRICS_PORT = 9404;

    public static final BigDecimal DEFAULT_TIME_SCALE = BigDecimal.ONE;
    /** Seed: T+00:00-00:15 1%, T+00:15-01:00 5%, T+01:00-01:30 10%. */
    public static final String DEFAULT_STAGES = "0.01:15m,0.05:45m,0.10:30m";
    /** Seed: canary_fraction 10% -> 25% -> 50% -> 100%. */
    public static final String DEFAULT_EXPANSION_STAGES = "0.25,0.50,1";
    /** Seed: 連続 6時間 全SLO達成, each stage 6-24 h. */
    public static final Duration DEFAULT_EXPANSION_HOLD = Duration.ofHours(6);
    public static final Duration MIN_EXPANSION_HOLD = Duration.ofHours(6);
    public static final Duration MAX_EXPANSION_HOLD = Duration.ofHours(24);
    /** Seed: k_inv=0 -> 0.05 -> 0.10. */
    public static final String DEFAULT_K_INV_STEPS = "0.05,0.10";
    /** Seed: 各段階で1-3時間監視. */
    public static final Duration DEFAULT_K_INV_HOLD = Duration.ofHours(1);
    public static final Duration MIN_K_INV_HOLD = Duration.ofHours(1);
    public static final Duration MAX_K_INV_HOLD = Duration.ofHours(3);
    /** The quoter refuses a k_inv above this. */
    public static final BigDecimal MAX_K_INV = io.mmguard.core.control.ParamRegistry.K_INV.max();
    /** Seed: P99(err_bp) &le; 0.10 bp. */
    public static final BigDecimal DEFAULT_ERR_BP_P99_MAX = new BigDecimal("0.10");
    /** Seed: newOrder 2xx &gt; 99.5%. */
    public static final BigDecimal DEFAULT_NEW_ORDER_2XX_MIN = new BigDecimal("0.995");
    /** Seed: cancel P99 &lt; 250 ms. */
    public static final BigDecimal DEFAULT_CANCEL_P99_MAX_MS = new BigDecimal("250");
    /** Seed: slippage P95 &le; 0.50 bp. */
    public static final BigDecimal DEFAULT_SLIPPAGE_P95_MAX_BP = new BigDecimal("0.50");
    /** Seed: MAX_DAILY_LOSS_JPY=5000. */
    public static final BigDecimal DEFAULT_MAX_DAILY_LOSS_JPY = new BigDecimal("5000");
    /** Seed: {@code MAX_OPEN_NOTIONAL_JPY=100000}, as the order-router's limit; the k_inv gate is a third of it. */
    public static final BigDecimal DEFAULT_MAX_OPEN_NOTIONAL_JPY = new BigDecimal("100000");
    /** Seed: 連続リジェクト &ge; 3. */
    public static final int DEFAULT_MAX_CONSECUTIVE_REJECTS = 3;
    public static final String DEFAULT_PNL_DAY_ZONE = "UTC";
    public static final long DEFAULT_TICK_MS = 1_000;
    public static final long DEFAULT_STATUS_LOG_MS = 60_000;

    private static final BigDecimal MAX_JPY = new BigDecimal("1000000000000");

    /** Reads and validates the controller's keys; the signing key comes from the reader's environment. */
    public static CanaryConfig read(ConfigReader reader) {
        CommonConfig common = CommonConfig.read(reader, DEFAULT_METRICS_PORT, CommonConfig.OFF_PATH_COMMIT_INTERVAL_MS,
                CommonConfig.OFF_PATH_KAFKA_DEFAULTS);
        String service = reader.service();
        double scale = reader.decimal("canary.time.scale", DEFAULT_TIME_SCALE, new BigDecimal("0.001"), new BigDecimal("1000000"))
                .doubleValue();
        List<Stage> stages = stages(service, "canary.stages", reader.string("canary.stages", DEFAULT_STAGES));
        List<BigDecimal> expansion = fractions(service, "canary.expansion.stages",
                reader.string("canary.expansion.stages", DEFAULT_EXPANSION_STAGES), BigDecimal.ONE);
        if (!expansion.isEmpty() && expansion.get(0).compareTo(stages.get(stages.size() - 1).fraction()) <= 0) {
            throw new ConfigException(service + " config: canary.expansion.stages must start above the last canary stage ("
                    + Decimals.plain(stages.get(stages.size() - 1).fraction()) + "), got " + Decimals.plain(expansion.get(0)));
        }
        Duration expansionHold = duration(service, reader, "canary.expansion.hold", DEFAULT_EXPANSION_HOLD, MIN_EXPANSION_HOLD,
                MAX_EXPANSION_HOLD, "the seed expands only after 6-24 h with every SLO met and zero incidents");
        List<BigDecimal> kInvSteps = fractions(service, "canary.k.inv.steps", reader.string("canary.k.inv.steps", DEFAULT_K_INV_STEPS),
                MAX_K_INV);
        Duration kInvHold = duration(service, reader, "canary.k.inv.hold", DEFAULT_K_INV_HOLD, MIN_K_INV_HOLD, MAX_K_INV_HOLD,
                "the seed holds each k_inv step for 1-3 h");
        SloThresholds slo = new SloThresholds(
                reader.decimal("canary.slo.err.bp.p99.max", DEFAULT_ERR_BP_P99_MAX, new BigDecimal("0.001"), new BigDecimal("100")),
                reader.decimal("canary.slo.new.order.2xx.min", DEFAULT_NEW_ORDER_2XX_MIN, new BigDecimal("0.5"),
                        new BigDecimal("0.999999")),
                reader.decimal("canary.slo.cancel.p99.max.ms", DEFAULT_CANCEL_P99_MAX_MS, BigDecimal.ONE, new BigDecimal("60000")),
                reader.decimal("canary.slo.slippage.p95.max.bp", DEFAULT_SLIPPAGE_P95_MAX_BP, new BigDecimal("0.001"),
                        new BigDecimal("1000")),
                reader.decimal("limits.max.daily.loss.jpy", DEFAULT_MAX_DAILY_LOSS_JPY, BigDecimal.ONE, MAX_JPY),
                reader.decimal("limits.max.open.notional.jpy", DEFAULT_MAX_OPEN_NOTIONAL_JPY, BigDecimal.ONE, MAX_JPY));
        MinSamples defaults = MinSamples.SEED_DEFAULTS;
        MinSamples minSamples = new MinSamples(
                reader.integer("canary.min.samples.err.bp", defaults.errBp(), 1, 1_000_000),
                reader.integer("canary.min.samples.new.order", defaults.newOrders(), 1, 1_000_000),
                reader.integer("canary.min.samples.cancel", defaults.cancels(), 1, 1_000_000),
                reader.integer("canary.min.samples.slippage", defaults.slippage(), 1, 1_000_000));
        int rejects = reader.integer("canary.max.consecutive.rejects", DEFAULT_MAX_CONSECUTIVE_REJECTS, 1, 1_000);
        String zone = reader.string("canary.pnl.day.zone", DEFAULT_PNL_DAY_ZONE);
        ZoneId dayZone;
        try {
            dayZone = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ConfigException(service + " config: canary.pnl.day.zone='" + zone + "' is not a time zone (e.g. UTC or Asia/Tokyo)", e);
        }
        long tickMs = reader.longValue("canary.tick.ms", DEFAULT_TICK_MS, 0, 3_600_000L);
        long statusMs = reader.longValue("canary.status.log.ms", DEFAULT_STATUS_LOG_MS, 0, 86_400_000L);
        String key = reader.environmentVariable(ControlSigner.KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new ConfigException(service + " config: " + ControlSigner.KEY_ENV + " is not set; the canary controller signs every"
                    + " command it writes (a promotion raises risk and the router refuses it unsigned), so it refuses to start"
                    + " without the shared control key");
        }
        return new CanaryConfig(common, scale, new Plan(stages, expansion, expansionHold, kInvSteps, kInvHold), slo, minSamples,
                rejects, dayZone, Duration.ofMillis(tickMs), Duration.ofMillis(statusMs), ControlSigner.withKey(key));
    }

    /** {@code duration / canary.time.scale}, at least 1 ms. */
    public Duration scaled(Duration duration) {
        return Duration.ofMillis(Math.max(1, Math.round(duration.toMillis() / timeScale)));
    }

    /** The SLO window after scaling (the seed's 5 minutes at scale 1). */
    public Duration window() {
        return scaled(SloWindows.SEED_WINDOW);
    }

    /** {@code canary.stages}: {@code fraction:duration} pairs, fractions strictly increasing in (0, 1]. */
    static List<Stage> stages(String service, String key, String text) {
        List<Stage> stages = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (String part : text.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2) {
                throw new ConfigException(service + " config: " + key + "='" + text + "': each stage is fraction:duration, e.g. "
                        + DEFAULT_STAGES);
            }
            BigDecimal fraction = fraction(service, key, pair[0], previous, BigDecimal.ONE);
            Duration hold;
            try {
                hold = DurationText.parse(pair[1]);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(service + " config: " + key + ": stage " + part.trim() + ": " + e.getMessage(), e);
            }
            if (hold.isZero()) {
                throw new ConfigException(service + " config: " + key + ": stage " + part.trim() + " must be held for longer than 0");
            }
            stages.add(new Stage(fraction, hold));
            previous = fraction;
        }
        return stages;
    }

    /** A comma-separated list of strictly increasing values in (0, max]; empty text is an empty list. */
    static List<BigDecimal> fractions(String service, String key, String text, BigDecimal max) {
        List<BigDecimal> values = new ArrayList<>();
        if (text.isBlank() || text.trim().equals("-")) {
            return values;
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (String part : text.split(",")) {
            BigDecimal value = fraction(service, key, part, previous, max);
            values.add(value);
            previous = value;
        }
        return values;
    }

    private static BigDecimal fraction(String service, String key, String text, BigDecimal above, BigDecimal max) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(service + " config: " + key + ": '" + text.trim() + "' is not a decimal number", e);
        }
        if (value.compareTo(above) <= 0 || value.compareTo(max) > 0) {
            throw new ConfigException(service + " config: " + key + ": " + text.trim() + " must be above " + Decimals.plain(above)
                    + " and at most " + Decimals.plain(max) + " (values increase; fractions are of one, so 0.05 is 5%)");
        }
        return value;
    }

    private static Duration duration(String service, ConfigReader reader, String key, Duration defaultValue, Duration min,
                                     Duration max, String why) {
        String text = reader.string(key, DurationText.format(defaultValue));
        Duration value;
        try {
            value = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(service + " config: " + key + ": " + e.getMessage(), e);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(service + " config: " + key + "=" + text + " is out of range (" + DurationText.format(min) + ".."
                    + DurationText.format(max) + ": " + why + "; use canary.time.scale to run the plan faster)");
        }
        return value;
    }
}
