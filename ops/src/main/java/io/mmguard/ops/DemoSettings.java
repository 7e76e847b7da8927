package io.mmguard.ops;

import io.mmguard.canary.CanaryService;
import io.mmguard.notifier.NotifierService;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's {@code --set [SERVICE.]KEY=VALUE} overrides: a key without a service prefix goes to every
 * service (the shared keys: {@code commit.interval.ms}, {@code processing.guarantee}, ...), one prefixed with
 * a service name only to that service; one prefixed with {@code broker.} is a property of the embedded broker
 * ({@code broker.num.io.threads=2}). Each service's config reader still refuses keys it does not know.
 */
record DemoSettings(Map<String, String> everyService, Map<String, Map<String, String>> perService, Map<String, String> broker) {

    static final List<String> SERVICES = List.of(QuoterService.DEFINITION.name(), RiskGateService.DEFINITION.name(),
            OrderRouterService.DEFINITION.name(), CanaryService.DEFINITION.name(), NotifierService.DEFINITION.name());

    static final String BROKER_PREFIX = "broker.";
    static final DemoSettings NONE = new DemoSettings(Map.of(), Map.of(), Map.of());

    DemoSettings {
        everyService = Map.copyOf(everyService);
        perService = Map.copyOf(perService);
        broker = Map.copyOf(broker);
    }

    static DemoSettings parse(List<String> assignments) {
        Map<String, String> every = new LinkedHashMap<>();
        Map<String, Map<String, String>> per = new LinkedHashMap<>();
        Map<String, String> broker = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + assignment + ": expected [SERVICE.]KEY=VALUE, e.g. commit.interval.ms=50"
                        + " or risk-gate.risk.stale.ms=800 (services: " + String.join(", ", SERVICES) + ")");
            }
            String key = assignment.substring(0, eq).trim();
            String value = assignment.substring(eq + 1).trim();
            if (key.startsWith(BROKER_PREFIX)) {
                broker.put(key.substring(BROKER_PREFIX.length()), value);
                continue;
            }
            String service = SERVICES.stream().filter(name -> key.startsWith(name + ".")).findFirst().orElse(null);
            if (service == null) {
                every.put(key, value);
            } else {
                per.computeIfAbsent(service, name -> new LinkedHashMap<>()).put(key.substring(service.length() + 1), value);
            }
        }
        return new DemoSettings(every, per, broker);
    }

    /** The overrides for {@code service}: every-service keys first, then its own. */
    Map<String, String> forService(String service) {
        Map<String, String> merged = new LinkedHashMap<>(everyService);
        merged.putAll(perService.getOrDefault(service, Map.of()));
        return merged;
    }
}
