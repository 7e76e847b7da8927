package io.mmguard.quoter;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.CommandWindow;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.quote.QuoteSanity;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The quoter's config.
 *
 * @param common             shared keys
 * @param extraBps           {@code quote.extra.bps}: configured spread added to the market component, in bp (seed: 5);
 *                           a signed {@code SET_PARAM extra_bps} on mm.control overrides it at run time
 * @param path               {@code quote.path}: {@code fast}, {@code reference} or {@code both} (compare; a
 *                           disagreement is a sanity failure). Without it, the seed's {@code FORCE_PY_QUOTES=1}
 *                           ({@code quote.force.reference}) selects reference, {@code USE_RUST_QUOTES=1}
 *                           ({@code quote.use.fast}) fast, and the default is both
 * @param maxBps             {@code quote.max.bp}: the sanity ceiling {@code max(2 * cfg_bp, max_bp)} (seed: 100)
 * @param qualityGoalBps     {@code quote.quality.goal.bp}: the err_bp goal (seed: 0.1); a tick whose rounding alone
 *                           can exceed it is flagged
 * @param maxTickBps         {@code quote.max.tick.bp}: a symbol whose tick is more than this many bp of mid is not
 *                           quoted (denial TICK_TOO_COARSE)
 * @param pathLogIntervalMs  {@code quote.path.log.interval.ms}: at most one {@code [QUOTE_PATH]} line per symbol per interval
 * @param signer             verifies SET_PARAM commands (key from {@code MM_CONTROL_KEY}); empty: every param change is refused
 * @param inventoryCapJpy    {@code limits.max.open.notional.jpy} ({@code MAX_OPEN_NOTIONAL_JPY}, default the seed's 100000,
 *                           the same key and variable as the order-router's limit and the canary's inventory gate): the net
 *                           notional at which the inventory skew is at its full k_inv ({@code inv = net_qty x mid / cap},
 *                           clamped to [-1, 1])
 */
public record QuoterConfig(CommonConfig common, BigDecimal extraBps, QuotePath path, BigDecimal maxBps,
                           BigDecimal qualityGoalBps, BigDecimal maxTickBps, long pathLogIntervalMs,
                           Optional<ControlSigner> signer, BigDecimal inventoryCapJpy) {

    public static final String SERVICE = "quoter";
    public static final int DEFAULT_METRICS_PORT = 9401;
    public static final BigDecimal DEFAULT_EXTRA_BPS = new BigDecimal("5");
    public static final BigDecimal MAX_EXTRA_BPS = io.mmguard.core.control.ParamRegistry.EXTRA_BPS.max();
    public static final BigDecimal DEFAULT_QUALITY_GOAL_BPS = new BigDecimal("0.1");
    public static final BigDecimal DEFAULT_MAX_TICK_BPS = new BigDecimal("1");
    public static final long DEFAULT_PATH_LOG_INTERVAL_MS = 10_000;
    /** The seed's {@code MAX_OPEN_NOTIONAL_JPY=100000}, the order-router's open-notional limit by default. */
    public static final BigDecimal DEFAULT_INVENTORY_CAP_JPY = new BigDecimal("100000");

    /** Reads and validates the quoter's keys. */
    public static QuoterConfig read(ConfigReader reader) {
        CommonConfig common = CommonConfig.read(reader, DEFAULT_METRICS_PORT);
        BigDecimal extra = reader.decimal("quote.extra.bps", DEFAULT_EXTRA_BPS, BigDecimal.ZERO, MAX_EXTRA_BPS);
        QuotePath path = path(reader);
        BigDecimal maxBps = reader.decimal("quote.max.bp", QuoteSanity.DEFAULT_MAX_BP, BigDecimal.ONE, new BigDecimal("10000"));
        BigDecimal goal = reader.decimal("quote.quality.goal.bp", DEFAULT_QUALITY_GOAL_BPS, new BigDecimal("0.001"), BigDecimal.TEN);
        BigDecimal maxTick = reader.decimal("quote.max.tick.bp", DEFAULT_MAX_TICK_BPS, new BigDecimal("0.001"), new BigDecimal("1000"));
        long interval = reader.longValue("quote.path.log.interval.ms", DEFAULT_PATH_LOG_INTERVAL_MS, 0, 86_400_000L);
        CommandWindow window = CommandWindow.read(reader);
        // one number for the three services: the router's hard limit, the canary's gate (a third of it), the skew's cap
        BigDecimal cap = reader.decimal("limits.max.open.notional.jpy", DEFAULT_INVENTORY_CAP_JPY, BigDecimal.ONE,
                new BigDecimal("1000000000000"));
        return new QuoterConfig(common, extra, path, maxBps, goal, maxTick, interval,
                ControlSigner.fromEnvironment(java.util.Map.of(ControlSigner.KEY_ENV,
                        Optional.ofNullable(reader.environmentVariable(ControlSigner.KEY_ENV)).orElse("")))
                        .map(signer -> signer.within(window)), cap);
    }

    private static QuotePath path(ConfigReader reader) {
        String explicit = reader.string("quote.path", null);
        boolean forceReference = reader.bool("quote.force.reference", false);
        boolean useFast = reader.bool("quote.use.fast", false);
        if (explicit != null) {
            QuotePath chosen = switch (explicit.toLowerCase(Locale.ROOT)) {
                case "fast" -> QuotePath.FAST;
                case "reference" -> QuotePath.REFERENCE;
                case "both" -> QuotePath.BOTH;
                default -> throw new ConfigException("quoter config: quote.path='" + explicit + "' is not one of "
                        + List.of("fast", "reference", "both"));
            };
            if (forceReference && chosen != QuotePath.REFERENCE) {
                throw new ConfigException("quoter config: quote.path=" + explicit + " contradicts FORCE_PY_QUOTES=1"
                        + " (quote.force.reference), which forces the reference path; set one of them, not both");
            }
            return chosen;
        }
        if (forceReference) {
            return QuotePath.REFERENCE;
        }
        return useFast ? QuotePath.FAST : QuotePath.BOTH;
    }
}
