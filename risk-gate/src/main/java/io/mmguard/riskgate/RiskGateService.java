package io.mmguard.riskgate;

import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;

/** The risk-gate as a deployable service. */
public final class RiskGateService {

    /** What the runner needs to start the risk-gate. */
    public static final ServiceDefinition<RiskGateConfig> DEFINITION = new ServiceDefinition<>(
            RiskGateConfig.SERVICE, RiskGateConfig.DEFAULT_METRICS_PORT, RiskGateConfig::read, RiskGateConfig::common,
            (topics, config) -> RiskGateTopology.build(topics, config));

    private RiskGateService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(DEFINITION, args));
    }
}
