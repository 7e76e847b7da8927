package io.mmguard.riskgate;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.quote.QuoteSanity;
import java.math.BigDecimal;

/**
 * The risk-gate's config.
 *
 * @param common shared keys
 * @param maxBps {@code risk.max.bp}: ceiling of any implied spread, in bp; a quote wider than
 *               {@code max(2 * cfg_bp, max_bp)} is a sanity failure (seed: 100)
 */
public record RiskGateConfig(CommonConfig common, BigDecimal maxBps) {

    public static final String SERVICE = "risk-gate";
    public static final int DEFAULT_METRICS_PORT = 9402;
    private static final BigDecimal MAX_MAX_BPS = new BigDecimal("10000");

    /** Reads and validates the risk-gate's keys. */
    public static RiskGateConfig read(ConfigReader reader) {
        return new RiskGateConfig(CommonConfig.read(reader, DEFAULT_METRICS_PORT),
                reader.decimal("risk.max.bp", QuoteSanity.DEFAULT_MAX_BP, BigDecimal.ONE, MAX_MAX_BPS));
    }
}
