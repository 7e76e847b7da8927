package io.mmguard.riskgate;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The risk-gate's thresholds that an operator may change at runtime with a signed
 * {@code SET_PARAM <key> <value>} on {@code mm.control}. Each has its config key (the same name is
 * the SET_PARAM param name), its default and its allowed range; config and SET_PARAM are checked
 * against the same range, and an out-of-range value is refused, never clamped.
 */
public enum RiskParam {

    /** Seed {@code quote_sanity_check(max_bps=100)}. */
    MAX_BP("risk.max.bp", RiskGateConfig.DEFAULT_MAX_BP, "1", "10000", false,
            "ceiling of any implied spread in bp: a quote wider than max(2 * cfg_bp, max_bp) fails the sanity guard"),
    /** Seed {@code if l2_age_ms > 500}. */
    STALE_MS("risk.stale.ms", BigDecimal.valueOf(RiskGateConfig.DEFAULT_STALE_MS), "1", "3600000", true,
            "a quote whose book is older than this (record time - book exchange time) is frozen STALE_BOOK"),
    FUTURE_SKEW_MS("risk.future.skew.ms", BigDecimal.valueOf(RiskGateConfig.DEFAULT_FUTURE_SKEW_MS), "0", "3600000", true,
            "a quote whose book time is this much later than its record time is rejected BAD_QUOTE"),
    /** Seed {@code if z > 5.0}. */
    JUMP_Z("risk.jump.z", RiskGateConfig.DEFAULT_JUMP_Z, "1", "1000", false,
            "|mid - EMA| / max(sigma, floor) above this freezes the symbol PRICE_JUMP"),
    /** Seed {@code Freeze("price_jump_5sigma_30s")}. */
    JUMP_FREEZE_MS("risk.jump.freeze.ms", BigDecimal.valueOf(RiskGateConfig.DEFAULT_JUMP_FREEZE_MS), "1", "86400000", true,
            "how long (record time) a price jump freezes its symbol"),
    SIGMA_FLOOR_BP("risk.sigma.floor.bp", RiskGateConfig.DEFAULT_SIGMA_FLOOR_BP, "0.000001", "10000", false,
            "smallest sigma used in the z-score, in bp of mid (the seed's max(std, 1e-9), made unit-aware)"),
    EMA_HALF_LIFE_SAMPLES("risk.ema.half.life.samples", BigDecimal.valueOf(RiskGateConfig.DEFAULT_EMA_HALF_LIFE_SAMPLES), "1",
            "1000000", true, "half-life of the mid EMA and its variance, in samples"),
    WARMUP_SAMPLES("risk.warmup.samples", BigDecimal.valueOf(RiskGateConfig.DEFAULT_WARMUP_SAMPLES), "1", "1000000", true,
            "a symbol stays FREEZE WARMING_UP until this many mids are in its statistics (fail closed)"),
    SILENCE_MS("risk.silence.ms", BigDecimal.valueOf(RiskGateConfig.DEFAULT_SILENCE_MS), "1", "86400000", true,
            "no quote or denial for a symbol for this long by the wall clock writes a FREEZE FEED_SILENT record"),
    KILL_REPEAT_MS("risk.kill.repeat.ms", BigDecimal.valueOf(RiskGateConfig.DEFAULT_KILL_REPEAT_MS), "0", "3600000", true,
            "0 = every sanity REJECT sends the kill sequence; otherwise at most one per symbol per this many ms (record time)");

    private final String key;
    private final BigDecimal defaultValue;
    private final BigDecimal min;
    private final BigDecimal max;
    private final boolean whole;
    private final String meaning;

    RiskParam(String key, BigDecimal defaultValue, String min, String max, boolean whole, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = new BigDecimal(min);
        this.max = new BigDecimal(max);
        this.whole = whole;
        this.meaning = meaning;
    }

    /** The config key, also the SET_PARAM param name. */
    public String key() {
        return key;
    }

    public BigDecimal defaultValue() {
        return defaultValue;
    }

    public BigDecimal min() {
        return min;
    }

    public BigDecimal max() {
        return max;
    }

    /** True when the value must be a whole number (milliseconds, samples). */
    public boolean whole() {
        return whole;
    }

    /** One line for operators. */
    public String meaning() {
        return meaning;
    }

    /** The parameter named {@code key}, if the risk-gate has one. */
    public static Optional<RiskParam> byKey(String key) {
        for (RiskParam param : values()) {
            if (param.key.equals(key)) {
                return Optional.of(param);
            }
        }
        return Optional.empty();
    }

    /** Why {@code value} is not acceptable for this parameter, or empty when it is. */
    public Optional<String> refusal(BigDecimal value) {
        if (value == null) {
            return Optional.of(key + " needs a value");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return Optional.of(key + "=" + Decimals.plain(value) + " is out of range (expected " + Decimals.plain(min) + ".."
                    + Decimals.plain(max) + "; " + meaning + ")");
        }
        if (whole && value.stripTrailingZeros().scale() > 0) {
            return Optional.of(key + "=" + Decimals.plain(value) + " is not a whole number");
        }
        return Optional.empty();
    }
}
