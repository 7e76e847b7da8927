package io.mmguard.router;

import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;

/** The order-router as a deployable service. */
public final class OrderRouterService {

    /** What the runner needs to start the order-router. */
    public static final ServiceDefinition<OrderRouterConfig> DEFINITION = new ServiceDefinition<>(
            OrderRouterConfig.SERVICE, OrderRouterConfig.DEFAULT_METRICS_PORT, OrderRouterConfig::read,
            OrderRouterConfig::common, (topics, config) -> OrderRouterTopology.build(topics, config));

    private OrderRouterService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(DEFINITION, args));
    }
}
