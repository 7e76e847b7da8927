package io.mmguard.notifier;

import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;

/** The notifier as a deployable service. */
public final class NotifierService {

    /** What the runner needs to start the notifier. */
    public static final ServiceDefinition<NotifierConfig> DEFINITION = ServiceDefinition.withMetrics(
            NotifierConfig.SERVICE, NotifierConfig.DEFAULT_METRICS_PORT, NotifierConfig::read, NotifierConfig::common,
            NotifierTopology::build);

    private NotifierService() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(DEFINITION, args));
    }
}
