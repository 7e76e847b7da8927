package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.T0;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.runtime.QuarantineConfig;
import io.mmguard.core.testing.RecordingGlobalQuarantine;
import io.mmguard.core.topics.Topic;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A {@link TopologyTestDriver} around the order-router with typed inputs and outputs (one task: partition 0 publishes). */
final class RouterDriver implements AutoCloseable {

    static final Topics TOPICS = Topics.create(SchemaRegistries.fromUrl(""));

    final TopologyTestDriver driver;
    private final Path stateDir;
    /** What the global thread quarantined (dead letters and alerts it could not send itself). */
    final RecordingGlobalQuarantine globalQuarantine = new RecordingGlobalQuarantine();
    final TestInputTopic<String, RiskDecision> decisions;
    final TestInputTopic<String, ExecutionReport> reports;
    final TestInputTopic<String, ControlCommand> control;
    final TestInputTopic<String, byte[]> rawControl;
    final TestInputTopic<String, Instrument> instruments;
    final TestOutputTopic<String, OrderCommand> live;
    final TestOutputTopic<String, OrderCommand> shadow;
    final TestOutputTopic<String, OrderDenial> denied;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, ControlState> states;
    final TestOutputTopic<String, ControlCommand> commandsWritten;
    final TestOutputTopic<String, io.mmguard.schemas.Position> positions;

    RouterDriver(OrderRouterConfig config) {
        this(config, new Properties());
    }

    /** A driver with extra Streams app configs (e.g. the meter registry under {@code mm.meter.registry}). */
    /** The router's wall clock: the record's (or punctuation's) time plus {@link #pipelineLag(long)}. */
    private long lagMs;
    private final io.mmguard.core.time.WallClock clock = recordTime -> recordTime + lagMs;

    /** From now on the router reads each record {@code ms} after its record time (a slowed pipeline upstream). */
    void pipelineLag(long ms) {
        this.lagMs = ms;
    }

    RouterDriver(OrderRouterConfig config, Properties extra) {
        Properties props = new Properties();
        props.putAll(extra);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            stateDir = Files.createTempDirectory("order-router-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        QuarantineConfig.apply(props, TopicNames.DLQ, globalQuarantine);
        driver = new TopologyTestDriver(OrderRouterTopology.build(TOPICS, config, clock), props, T0);
        decisions = input(TOPICS.decisions());
        reports = input(TOPICS.execReports());
        control = input(TOPICS.control());
        rawControl = driver.createInputTopic(TOPICS.control().name(), new StringSerializer(), (topic, bytes) -> bytes);
        instruments = input(TOPICS.instruments());
        live = output(TOPICS.ordersLive());
        shadow = output(TOPICS.ordersShadow());
        denied = output(TOPICS.ordersDenied());
        alerts = output(TOPICS.alerts());
        states = output(TOPICS.controlState());
        commandsWritten = output(TOPICS.control());
        positions = output(TOPICS.positions());
    }

    /** Bootstrap servers and defaults; every router key at its default (killed at start, no signing key, no break-glass dir). */
    static OrderRouterConfig defaults() {
        return OrderRouterConfig.defaults(CommonConfig.read(new ConfigReader("order-router", Map.of("bootstrap.servers", "unused:9092")),
                OrderRouterConfig.DEFAULT_METRICS_PORT));
    }

    /** A driver whose router starts live at {@code fraction} and verifies signatures with {@code key}. */
    static RouterDriver liveAt(String fraction, String key) {
        return new RouterDriver(defaults().startingLive(new java.math.BigDecimal(fraction)).withSigningKey(key));
    }

    void decide(RiskDecision decision) {
        decisions.pipeInput(decision.getSymbol(), decision, decision.getTs());
    }

    void report(ExecutionReport report) {
        reports.pipeInput(report.getSymbol(), report, report.getTs());
    }

    void command(ControlCommand command) {
        control.pipeInput(command.getSymbol() == null ? Topics.GLOBAL_KEY : command.getSymbol(), command, command.getIssuedAt());
    }

    void instrument(Instrument instrument) {
        instruments.pipeInput(instrument.getSymbol(), instrument, instrument.getUpdatedAt());
    }

    /** Lets the wall-clock punctuators run (kill reaction, publishing, break-glass). */
    void tick() {
        driver.advanceWallClockTime(Duration.ofMillis(OrderRouterConfig.DEFAULT_SWITCH_POLL_MS));
    }

    List<OrderCommand> liveOrders() {
        return live.readValuesToList();
    }

    List<OrderCommand> shadowOrders() {
        return shadow.readValuesToList();
    }

    /** The control state the router last published (after a tick). */
    ControlState publishedState() {
        List<ControlState> published = states.readValuesToList();
        if (published.isEmpty()) {
            throw new AssertionError("no control state published");
        }
        return published.get(published.size() - 1);
    }

    Instant now() {
        return T0;
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
