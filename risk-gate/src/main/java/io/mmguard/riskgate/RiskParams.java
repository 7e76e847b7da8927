package io.mmguard.riskgate;

import io.mmguard.core.units.Bps;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The thresholds in force for one decision, and the version that identifies them on the decision's
 * {@code provenance.config_version} (see {@link ParamsVersion}). Immutable; a change makes a new one.
 */
public final class RiskParams {

    private final Map<RiskParam, BigDecimal> values;
    private final long version;
    private final long staleMs;
    private final long futureSkewMs;
    private final double jumpZ;
    private final long jumpFreezeMs;
    private final double sigmaFloorFraction;
    private final double alpha;
    private final long warmupSamples;
    private final long silenceMs;
    private final long killRepeatMs;

    private RiskParams(Map<RiskParam, BigDecimal> values, long version) {
        EnumMap<RiskParam, BigDecimal> copy = new EnumMap<>(RiskParam.class);
        for (RiskParam param : RiskParam.values()) {
            BigDecimal value = values.get(param);
            copy.put(param, value == null ? param.defaultValue() : value);
        }
        this.values = Collections.unmodifiableMap(copy);
        this.version = version;
        this.staleMs = copy.get(RiskParam.STALE_MS).longValueExact();
        this.futureSkewMs = copy.get(RiskParam.FUTURE_SKEW_MS).longValueExact();
        this.jumpZ = copy.get(RiskParam.JUMP_Z).doubleValue();
        this.jumpFreezeMs = copy.get(RiskParam.JUMP_FREEZE_MS).longValueExact();
        this.sigmaFloorFraction = Bps.toFraction(copy.get(RiskParam.SIGMA_FLOOR_BP)).doubleValue();
        this.alpha = MidStats.alphaForHalfLife(copy.get(RiskParam.EMA_HALF_LIFE_SAMPLES).longValueExact());
        this.warmupSamples = copy.get(RiskParam.WARMUP_SAMPLES).longValueExact();
        this.silenceMs = copy.get(RiskParam.SILENCE_MS).longValueExact();
        this.killRepeatMs = copy.get(RiskParam.KILL_REPEAT_MS).longValueExact();
    }

    /** Parameters with the given values (missing ones at their defaults) and version. */
    public static RiskParams of(Map<RiskParam, BigDecimal> values, long version) {
        return new RiskParams(values, version);
    }

    /** Every parameter at its default. */
    public static RiskParams defaults(long version) {
        return new RiskParams(Map.of(), version);
    }

    /** The same parameters with {@code param} changed and a new version. */
    public RiskParams with(RiskParam param, BigDecimal value, long newVersion) {
        EnumMap<RiskParam, BigDecimal> changed = new EnumMap<>(values);
        changed.put(param, value);
        return new RiskParams(changed, newVersion);
    }

    /** The same values under another version. */
    public RiskParams withVersion(long newVersion) {
        return new RiskParams(values, newVersion);
    }

    public BigDecimal value(RiskParam param) {
        return values.get(param);
    }

    public Map<RiskParam, BigDecimal> values() {
        return values;
    }

    /** What {@code provenance.config_version} records for decisions made with these parameters. */
    public long version() {
        return version;
    }

    public BigDecimal maxBp() {
        return values.get(RiskParam.MAX_BP);
    }

    public long staleMs() {
        return staleMs;
    }

    public long futureSkewMs() {
        return futureSkewMs;
    }

    public double jumpZ() {
        return jumpZ;
    }

    public long jumpFreezeMs() {
        return jumpFreezeMs;
    }

    /** The sigma floor as a fraction of mid (from {@code risk.sigma.floor.bp} through {@link Bps}). */
    public double sigmaFloorFraction() {
        return sigmaFloorFraction;
    }

    /** EMA weight of a new sample, from the half-life. */
    public double alpha() {
        return alpha;
    }

    public long warmupSamples() {
        return warmupSamples;
    }

    public long silenceMs() {
        return silenceMs;
    }

    public long killRepeatMs() {
        return killRepeatMs;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RiskParams that && that.version == version && that.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RiskParams{version=").append(version);
        values.forEach((param, value) -> text.append(", ").append(param.key()).append('=').append(value.toPlainString()));
        return text.append('}').toString();
    }
}
