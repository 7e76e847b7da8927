package io.mmguard.ops;

import io.mmguard.canary.CanaryService;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.Topics;
import io.mmguard.notifier.NotifierService;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.sim.BookSource;
import io.mmguard.sim.MarketFeed;
import io.mmguard.sim.RecordedFeed;
import io.mmguard.sim.SyntheticBook;
import io.mmguard.sim.exchange.ExchangeFaults;
import io.mmguard.sim.exchange.LatencyModel;
import io.mmguard.sim.exchange.PaperExchange;
import io.mmguard.sim.exchange.PaperExchangeService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm run <service>}: one service as its own process, the deployed shape without containers. The Streams
 * services read the same config as in a container ({@code --config} file, then {@code MMGUARD_*} environment variables,
 * then each {@code --set}, then {@code --bootstrap}) and serve the same {@code /health} and {@code /metrics}; the market
 * feed and the paper exchange read the {@code sim.*} keys. Runs in the foreground until Ctrl-C or until the service
 * stops by itself. Exit codes: 0 stopped, 1 the service failed, 2 its config was refused.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs one service as its own process: quoter, risk-gate, order-router, canary, notifier,"
                + " paper-exchange or feed. Ctrl-C stops it.")
final class RunCommand implements Callable<Integer> {

    /** The Streams services by the name operators type. */
    static final Map<String, ServiceDefinition<?>> STREAMS_SERVICES = streamsServices();
    /** Every name {@code run} accepts. */
    static final List<String> SERVICES = services();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<service>", description = "quoter, risk-gate, order-router, canary, notifier,"
            + " paper-exchange or feed")
    private String service;

    @Option(names = "--bootstrap", required = true, description = "Kafka brokers, e.g. 127.0.0.1:9092,127.0.0.1:9093")
    private String bootstrap;

    @Option(names = "--config", description = "a .properties file of the service's keys (as in its container)")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a config key, after the file and the environment"
            + " (repeatable), e.g. --set metrics.port=9411 --set state.dir=/tmp/quoter-2")
    private List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // a service in its own process logs its state changes (the demo keeps them quiet); read by logback.xml at its first use
        System.setProperty("mm.log.runner", "INFO");
        PrintWriter err = spec.commandLine().getErr();
        if (!SERVICES.contains(service)) {
            err.println("mm run: unknown service '" + service + "'; one of " + String.join(", ", SERVICES));
            return 2;
        }
        Map<String, String> values;
        try {
            values = config(System.getenv());
        } catch (ConfigException e) {
            err.println("mm run " + service + ": refusing to start: " + e.getMessage());
            return 2;
        }
        ServiceDefinition<?> definition = STREAMS_SERVICES.get(service);
        return definition != null ? runStreams(definition, values, err) : runSim(values, err);
    }

    /** The file's keys, overlaid by {@code MMGUARD_*} variables, each {@code --set}, and {@code --bootstrap}. */
    Map<String, String> config(Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>(ServiceMain.config(
                config == null ? new String[0] : new String[] {"--config", config.toString()}, environment));
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set '" + set + "' is not KEY=VALUE (e.g. --set metrics.port=9411)");
            }
            values.put(set.substring(0, eq).trim(), set.substring(eq + 1).trim());
        }
        values.put("bootstrap.servers", bootstrap);
        return values;
    }

    private int runStreams(ServiceDefinition<?> definition, Map<String, String> values, PrintWriter err)
            throws InterruptedException {
        RunningService running;
        try {
            running = ServiceRunner.start(definition, values, System.getenv());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("mm run " + service + ": refusing to start: " + e.getMessage());
            return 2;
        }
        System.out.println(service + " metrics http://" + values.getOrDefault("metrics.host", "127.0.0.1") + ":"
                + running.metricsPort() + "/metrics");
        System.out.flush();
        StopSignals.onStop(service, running::close);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, service + "-shutdown"));
        running.awaitStopped();
        if (running.failed()) {
            err.println("mm run " + service + ": the service failed (state " + running.state() + "); see its log above");
            return 1;
        }
        return 0;
    }

    private int runSim(Map<String, String> values, PrintWriter err) throws Exception {
        ConfigReader reader = new ConfigReader(service, values);
        String brokers = reader.requireString("bootstrap.servers", "127.0.0.1:9092");
        String registry = reader.string("schema.registry.url", "");
        String venue = reader.string("sim.venue", "sim");
        long seed = reader.longValue("sim.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        AutoCloseable running;
        String started;
        try {
            if (service.equals("feed")) {
                int rate = reader.integer("sim.rate", 200, 1, 100_000);
                String replay = reader.string("sim.replay.file", "");
                reader.refuseUnknownKeys();
                Topics topics = Topics.create(SchemaRegistries.fromUrl(registry));
                BookSource source = replay.isBlank()
                        ? BookSource.synthetic(new SyntheticBook(venue, Demo.SYMBOLS, seed))
                        : BookSource.recorded(RecordedFeed.read(Path.of(replay), venue));
                running = new MarketFeed(brokers, topics, venue, Demo.SYMBOLS, rate, source).start();
                started = "feed publishing " + Demo.SYMBOLS.size() + " symbols on venue " + venue + " at " + rate
                        + " updates/s" + (replay.isBlank() ? " (synthetic, seed " + seed + ")" : " from " + replay);
            } else {
                long ackMs = reader.longValue("sim.ack.median.ms", 25, 0, 60_000);
                long cancelMs = reader.longValue("sim.cancel.median.ms", 40, 0, 60_000);
                reader.refuseUnknownKeys();
                Topics topics = Topics.create(SchemaRegistries.fromUrl(registry));
                PaperExchange exchange = new PaperExchange(new LatencyModel(ackMs, Demo.ACK_LATENCY.sigma()),
                        new LatencyModel(cancelMs, Demo.CANCEL_LATENCY.sigma()), ExchangeFaults.NONE, seed);
                running = new PaperExchangeService(brokers, topics, venue, exchange).start();
                started = "paper exchange for venue " + venue + " (ack median " + ackMs + " ms, cancel median " + cancelMs
                        + " ms, seed " + seed + ")";
            }
        } catch (ConfigException e) {
            err.println("mm run " + service + ": refusing to start: " + e.getMessage());
            return 2;
        }
        System.out.println(service + " running against " + bootstrap + ": " + started);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            try {
                running.close();
            } catch (Exception e) {
                err.println("mm run " + service + ": error while stopping: " + e.getMessage());
                err.flush();
            }
            stopped.countDown();
        };
        StopSignals.onStop(service, stop);
        stopped.await();
        return 0;
    }

    private static Map<String, ServiceDefinition<?>> streamsServices() {
        Map<String, ServiceDefinition<?>> services = new LinkedHashMap<>();
        services.put("quoter", QuoterService.DEFINITION);
        services.put("risk-gate", RiskGateService.DEFINITION);
        services.put("order-router", OrderRouterService.DEFINITION);
        services.put("canary", CanaryService.DEFINITION);
        services.put("notifier", NotifierService.DEFINITION);
        return java.util.Collections.unmodifiableMap(services);
    }

    private static List<String> services() {
        List<String> names = new ArrayList<>(STREAMS_SERVICES.keySet());
        names.addAll(List.of("paper-exchange", "feed"));
        return List.copyOf(names);
    }
}
