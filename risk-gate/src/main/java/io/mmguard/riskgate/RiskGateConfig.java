package io.mmguard.riskgate;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.CommandWindow;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.quote.QuoteSanity;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk-gate's config. The thresholds ({@link RiskParam}) are read from {@code risk.*} keys and
 * may later be changed by signed {@code SET_PARAM} commands; the other keys shape the topology and
 * need a restart.
 *
 * @param common               shared keys
 * @param params               the thresholds from the config file (before any SET_PARAM), version
 *                             {@code ParamsVersion.of(config.version, 0)}
 * @param silenceCheckMs       {@code risk.silence.check.ms}: how often the wall-clock punctuator looks for silent
 *                             symbols (default {@value #DEFAULT_SILENCE_CHECK_MS})
 * @param duplicateRetentionMs {@code risk.duplicate.retention.ms}: how long (record time) quote ids are remembered
 *                             to refuse a duplicate (default {@value #DEFAULT_DUPLICATE_RETENTION_MS})
 * @param signer               verifies SET_PARAM signatures; from {@code MM_CONTROL_KEY}. Empty: every
 *                             SET_PARAM is refused
 */
public record RiskGateConfig(CommonConfig common, RiskParams params, long silenceCheckMs, long duplicateRetentionMs,
                             Optional<ControlSigner> signer) {

    public static final String SERVICE = "risk-gate";
    public static final int DEFAULT_METRICS_PORT = 9402;

    /** Seed: {@code max_bps: float = 100.0}. */
    public static final BigDecimal DEFAULT_MAX_BP = QuoteSanity.DEFAULT_MAX_BP;
    /** Seed: {@code if l2_age_ms > 500: return Freeze("stale_book")}. */
    public static final long DEFAULT_STALE_MS = 500;
    /** Not in the seed: tolerated venue-clock lead of a book's exchange time over our receive time. */
    public static final long DEFAULT_FUTURE_SKEW_MS = 1_000;
    /** Seed: {@code if z > 5.0}. */
    public static final BigDecimal DEFAULT_JUMP_Z = new BigDecimal("5");
    /** Seed: {@code price_jump_5sigma_30s}. */
    public static final long DEFAULT_JUMP_FREEZE_MS = 30_000;
    /** The seed's {@code max(std, 1e-9)} has no unit; one bp of mid is the floor here. */
    public static final BigDecimal DEFAULT_SIGMA_FLOOR_BP = BigDecimal.ONE;
    /** The seed says "EMA/STD of the last N" without N; 20 samples of half-life. */
    public static final long DEFAULT_EMA_HALF_LIFE_SAMPLES = 20;
    /** Samples before sigma means anything; until then the symbol is frozen WARMING_UP (fail closed). */
    public static final long DEFAULT_WARMUP_SAMPLES = 20;
    /** Wall-clock silence after which a symbol gets a FEED_SILENT freeze record (twice the stale limit). */
    public static final long DEFAULT_SILENCE_MS = 1_000;
    /** 0: every sanity REJECT sends the full kill sequence, as the seed does. */
    public static final long DEFAULT_KILL_REPEAT_MS = 0;
    public static final long DEFAULT_SILENCE_CHECK_MS = 250;
    public static final long DEFAULT_DUPLICATE_RETENTION_MS = 600_000;

    private static final Logger LOG = LoggerFactory.getLogger(RiskGateConfig.class);

    public RiskGateConfig {
        signer = signer == null ? Optional.empty() : signer;
    }

    /** Reads and validates the risk-gate's keys; the control key comes from the process environment. */
    public static RiskGateConfig read(ConfigReader reader) {
        // the key from the environment the runner was given (the demo passes its own), else the process's
        String key = reader.environmentVariable(ControlSigner.KEY_ENV);
        return read(reader, key != null ? java.util.Map.of(ControlSigner.KEY_ENV, key) : System.getenv());
    }

    /** As {@link #read(ConfigReader)}, with {@code MM_CONTROL_KEY} taken from {@code environment}. */
    public static RiskGateConfig read(ConfigReader reader, Map<String, String> environment) {
        CommonConfig common = CommonConfig.read(reader, DEFAULT_METRICS_PORT);
        if (common.configVersion() > ParamsVersion.MAX_FILE_VERSION) {
            throw new ConfigException(reader.service() + " config: config.version=" + common.configVersion()
                    + " is too large: the risk-gate records config.version times 10^12 plus the control offset on every decision;"
                    + " use a version <= " + ParamsVersion.MAX_FILE_VERSION);
        }
        Map<RiskParam, BigDecimal> values = new EnumMap<>(RiskParam.class);
        for (RiskParam param : RiskParam.values()) {
            values.put(param, param.whole()
                    ? BigDecimal.valueOf(reader.longValue(param.key(), param.defaultValue().longValueExact(),
                            param.min().longValueExact(), param.max().longValueExact()))
                    : reader.decimal(param.key(), param.defaultValue(), param.min(), param.max()));
        }
        long silenceCheckMs = reader.longValue("risk.silence.check.ms", DEFAULT_SILENCE_CHECK_MS, 10, 60_000);
        long duplicateRetentionMs = reader.longValue("risk.duplicate.retention.ms", DEFAULT_DUPLICATE_RETENTION_MS,
                1_000, 86_400_000);
        CommandWindow window = CommandWindow.read(reader);
        Optional<ControlSigner> signer = ControlSigner.fromEnvironment(environment).map(key -> key.within(window));
        if (signer.isEmpty()) {
            LOG.warn("[PARAM] {}: no {} in the environment: every SET_PARAM for risk.* will be refused (the thresholds"
                    + " stay as configured)", reader.service(), ControlSigner.KEY_ENV);
        }
        return new RiskGateConfig(common, RiskParams.of(values, ParamsVersion.of(common.configVersion(), 0)),
                silenceCheckMs, duplicateRetentionMs, signer);
    }

    /** The same config with another control signer (tests). */
    public RiskGateConfig withSigner(Optional<ControlSigner> otherSigner) {
        return new RiskGateConfig(common, params, silenceCheckMs, duplicateRetentionMs, otherSigner);
    }

    /** The seed's {@code max_bp}, as configured (a SET_PARAM may change it at runtime). */
    public BigDecimal maxBps() {
        return params.maxBp();
    }
}
