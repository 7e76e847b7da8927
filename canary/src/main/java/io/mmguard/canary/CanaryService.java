package io.mmguard.canary;

import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;

/** The canary controller as a deployable service: {@code canary-controller [--config file.properties]}, metrics on 9404. */
public final class CanaryService {

    /** What the runner needs to start the controller. */
    public static final ServiceDefinition<CanaryConfig> DEFINITION = ServiceDefinition.withMetrics(
            CanaryConfig.SERVICE, CanaryConfig.DEFAULT_METRICS_PORT, CanaryConfig::read, CanaryConfig::common,
            (topics, config, meters) -> CanaryTopology.build(topics, config, meters));

    private CanaryService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(DEFINITION, args));
    }
}
