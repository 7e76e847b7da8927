package io.mmguard.router;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;

/**
 * The order-router's config.
 *
 * @param common shared keys
 */
public record OrderRouterConfig(CommonConfig common) {

    public static final String SERVICE = "order-router";
    public static final int DEFAULT_METRICS_PORT = 9403;

    /** Reads and validates the order-router's keys. */
    public static OrderRouterConfig read(ConfigReader reader) {
        return new OrderRouterConfig(CommonConfig.read(reader, DEFAULT_METRICS_PORT));
    }
}
