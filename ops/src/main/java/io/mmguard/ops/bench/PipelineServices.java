package io.mmguard.ops.bench;

import io.mmguard.canary.CanaryService;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.notifier.NotifierService;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The demo's five services, each its own Kafka Streams application started through {@link ServiceRunner}
 * as the demo starts them, with the given processing guarantee and otherwise the demo's config: the quoter
 * leaves out XRPJPY ({@code quote.max.tick.bp=0.1}), the canary runs its real time scale (no promotion within
 * a bench), the router's break-glass directory is private to the run.
 */
final class PipelineServices implements AutoCloseable {

    static final String QUOTER_MAX_TICK_BP = "0.1";
    static final String CANARY_UNREACHABLE_SAMPLES = "1000000";
    private static final List<ServiceDefinition<?>> SERVICES = List.of(QuoterService.DEFINITION, RiskGateService.DEFINITION,
            OrderRouterService.DEFINITION, CanaryService.DEFINITION, NotifierService.DEFINITION);

    private final List<RunningService> running = new ArrayList<>();

    private PipelineServices() {
    }

    /** Starts the five services, each with its bench config plus {@code settings}, and returns once every one is RUNNING. */
    static PipelineServices start(String bootstrap, String guarantee, Path stateDir, Map<String, String> environment,
                                  Map<String, String> settings) {
        PipelineServices services = new PipelineServices();
        try {
            for (ServiceDefinition<?> service : SERVICES) {
                Map<String, String> config = config(service.name(), bootstrap, guarantee, stateDir);
                config.putAll(settings);
                services.running.add(ServiceRunner.start(service, config, environment));
            }
            Await.until(Duration.ofSeconds(90), "every service RUNNING", services::states,
                    () -> services.running.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    static Map<String, String> config(String service, String bootstrap, String guarantee, Path stateDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("state.dir", stateDir.resolve(service).toString());
        config.put("metrics.port", "0");
        config.put("processing.guarantee", guarantee);
        if (service.equals(QuoterService.DEFINITION.name())) {
            config.put("quote.max.tick.bp", QUOTER_MAX_TICK_BP);
        }
        if (service.equals(CanaryService.DEFINITION.name())) {
            // the exchange-response SLO windows (newOrder 2xx, cancel p99) cannot conclude within a bench run: a 2xx rollback
            // would end live trading mid-measurement; err_bp, daily loss, reject streaks and sanity failures still roll back
            config.put("canary.min.samples.new.order", CANARY_UNREACHABLE_SAMPLES);
            config.put("canary.min.samples.cancel", CANARY_UNREACHABLE_SAMPLES);
        }
        if (service.equals(OrderRouterService.DEFINITION.name())) {
            config.put("switch.dir", stateDir.resolve("switches").toString());
        }
        return config;
    }

    /** Each service's state, e.g. {@code quoter=RUNNING}. */
    String states() {
        return running.stream().map(s -> s.name() + "=" + s.state()).toList().toString();
    }

    /** Names of services that failed (their stream thread died: fail closed). */
    List<String> failed() {
        return running.stream().filter(RunningService::failed).map(RunningService::name).toList();
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }
}
