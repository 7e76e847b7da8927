package io.mmguard.ops;

import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.notifier.NotifierService;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.sim.MarketFeed;
import io.mmguard.sim.SimSymbol;
import io.mmguard.sim.exchange.ExchangeFaults;
import io.mmguard.sim.exchange.LatencyModel;
import io.mmguard.sim.exchange.PaperExchange;
import io.mmguard.sim.exchange.PaperExchangeService;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Everything on one machine: a real embedded Kafka broker, the topics, the three services as
 * separate Kafka Streams applications, and a synthetic market feed. Prints where things are, a
 * running status line, and a summary when it stops.
 */
final class Demo implements AutoCloseable {

    /** The venue of the simulated market. */
    static final String VENUE = "sim";
    static final List<SimSymbol> SYMBOLS = List.of(SimSymbol.BTCJPY, SimSymbol.ETHJPY, SimSymbol.XRPJPY);
    static final LatencyModel ACK_LATENCY = new LatencyModel(25, 0.4);
    static final LatencyModel CANCEL_LATENCY = new LatencyModel(40, 0.5);

    private final DemoOptions options;
    private final PrintStream status;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private EmbeddedKafka broker;
    private PipelineCounter counter;
    private MarketFeed feed;
    private PaperExchangeService exchange;
    private Path stateDir;
    private boolean closed;

    Demo(DemoOptions options, PrintStream status) {
        this.options = options;
        this.status = status;
    }

    /** Starts broker, topics, services and feed; returns once everything runs. */
    void start() throws IOException, InterruptedException {
        broker = EmbeddedKafka.start(EmbeddedKafka.Options.builder().port(options.port()).closeOnJvmExit(false).build());
        status.println("bootstrap " + broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of(VENUE), TopicLayout.DEFAULT_PARTITIONS));
        }
        stateDir = Files.createTempDirectory("mm-demo-state");
        Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
        counter = new PipelineCounter(broker.bootstrapServers(), topics.control().valueSerde().deserializer(),
                topics.decisions().valueSerde().deserializer()).start();
        for (ServiceDefinition<?> service : List.of(QuoterService.DEFINITION, RiskGateService.DEFINITION,
                OrderRouterService.DEFINITION, NotifierService.DEFINITION)) {
            RunningService running = ServiceRunner.start(service, serviceConfig(service.name()), System.getenv());
            toClose.add(0, running);
            status.println(service.name() + " metrics http://127.0.0.1:" + running.metricsPort() + "/metrics");
        }
        exchange = new PaperExchangeService(broker.bootstrapServers(), topics, VENUE,
                new PaperExchange(ACK_LATENCY, CANCEL_LATENCY, ExchangeFaults.NONE, options.seed())).start();
        toClose.add(0, exchange);
        status.println("paper exchange: reads mm.orders.live, writes mm.exec.reports (ack median " + (long) ACK_LATENCY.medianMs()
                + " ms, cancel median " + (long) CANCEL_LATENCY.medianMs() + " ms)");
        feed = new MarketFeed(broker.bootstrapServers(), topics, VENUE, SYMBOLS, options.updatesPerSecond(), options.seed()).start();
    }

    private Map<String, String> serviceConfig(String service) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("state.dir", stateDir.resolve(service).toString());
        config.put("metrics.port", "0");
        return config;
    }

    /** Counts as they stand now. */
    DemoSummary summary(Duration elapsed) {
        return new DemoSummary(
                counter.count(TopicNames.book(VENUE)),
                counter.count(TopicNames.QUOTES),
                counter.count(TopicNames.QUOTES_DENIED),
                counter.count(TopicNames.DECISIONS),
                counter.passed(),
                counter.count(TopicNames.ORDERS_LIVE),
                counter.count(TopicNames.ORDERS_SHADOW),
                counter.count(TopicNames.EXEC_REPORTS),
                counter.kills(),
                counter.count(TopicNames.ALERTS),
                counter.count(TopicNames.DLQ),
                elapsed.toMillis() / 1000.0);
    }

    /** Stops the feed, then waits (bounded) for the pipeline to catch up with what was published. */
    void drain(Duration timeout) throws InterruptedException {
        if (feed != null) {
            feed.close();
            feed = null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastDecisions = -1;
        while (System.nanoTime() < deadline) {
            long books = counter.count(TopicNames.book(VENUE));
            long quotes = counter.count(TopicNames.QUOTES);
            long decisions = counter.count(TopicNames.DECISIONS);
            if (books > 0 && quotes + counter.count(TopicNames.QUOTES_DENIED) + counter.count(TopicNames.DLQ) >= books
                    && decisions >= quotes && decisions == lastDecisions) {
                return;
            }
            lastDecisions = decisions;
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (feed != null) {
            feed.close();
        }
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                status.println("warning: " + e.getMessage());
            }
        }
        if (counter != null) {
            counter.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (stateDir != null) {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
