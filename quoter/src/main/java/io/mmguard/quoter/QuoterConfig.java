package io.mmguard.quoter;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import java.math.BigDecimal;

/**
 * The quoter's config.
 *
 * @param common   shared keys
 * @param extraBps {@code quote.extra.bps}: the configured spread added to the market component, in bp (seed: 5)
 */
public record QuoterConfig(CommonConfig common, BigDecimal extraBps) {

    public static final String SERVICE = "quoter";
    public static final int DEFAULT_METRICS_PORT = 9401;
    public static final BigDecimal DEFAULT_EXTRA_BPS = new BigDecimal("5");
    private static final BigDecimal MAX_EXTRA_BPS = new BigDecimal("1000");

    /** Reads and validates the quoter's keys. */
    public static QuoterConfig read(ConfigReader reader) {
        return new QuoterConfig(CommonConfig.read(reader, DEFAULT_METRICS_PORT),
                reader.decimal("quote.extra.bps", DEFAULT_EXTRA_BPS, BigDecimal.ZERO, MAX_EXTRA_BPS));
    }
}
