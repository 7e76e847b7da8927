package io.mmguard.quoter;

import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;

/** The quoter as a deployable service. */
public final class QuoterService {

    /** What the runner needs to start the quoter. */
    public static final ServiceDefinition<QuoterConfig> DEFINITION = ServiceDefinition.withMetrics(
            QuoterConfig.SERVICE, QuoterConfig.DEFAULT_METRICS_PORT, QuoterConfig::read, QuoterConfig::common,
            (topics, config, meters) -> QuoterTopology.build(topics, config, meters));

    private QuoterService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(DEFINITION, args));
    }
}
