package io.mmguard.canary;

import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.observe.ObservationSerde;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.testing.TestRecords;
import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The controller's topology in a {@link TopologyTestDriver}, driven by record time, with a {@link FakeRouter} that folds
 * every command written to {@code mm.control} into the control state and publishes it on {@code mm.control.state} at
 * the command's time, as the order-router does.
 */
final class CanaryDriver implements AutoCloseable {

    static final String KEY = "canary-test-key";
    static final ControlSigner SIGNER = ControlSigner.withKey(KEY);
    static final Instant T0 = TestRecords.T0;
    static final String HUMAN = "ops@desk";
    static final String APPLICATION_ID = "canary-test";

    final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    final CanaryConfig config;
    final TopologyTestDriver driver;
    private final TestInputTopic<String, Quote> quotes;
    private final TestInputTopic<String, RiskDecision> decisions;
    private final TestInputTopic<String, QuoteDenial> denials;
    private final TestInputTopic<String, ExecutionReport> reports;
    private final TestInputTopic<String, ControlState> controlState;
    private final TestInputTopic<String, Alert> alertsIn;
    private final TestInputTopic<String, Long> ticks;
    private final TestOutputTopic<String, ControlCommand> control;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, Long> ticksOut;
    private final TestOutputTopic<String, Observation> observationsOut;
    private final FakeRouter router = new FakeRouter();
    private final List<ControlCommand> commands = new ArrayList<>();
    private final List<Alert> alertsWritten = new ArrayList<>();
    private final List<Long> ticksWritten = new ArrayList<>();
    private final List<TestRecord<String, Observation>> observed = new ArrayList<>();
    private boolean echo = true;
    private long beats;

    CanaryDriver(Map<String, String> overrides) {
        this(config(overrides));
    }

    CanaryDriver(CanaryConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(CanaryTopology.build(topics, config), props, T0);
        StringSerializer keys = new StringSerializer();
        quotes = driver.createInputTopic(topics.quotes().name(), keys, topics.quotes().valueSerde().serializer());
        decisions = driver.createInputTopic(topics.decisions().name(), keys, topics.decisions().valueSerde().serializer());
        denials = driver.createInputTopic(topics.quotesDenied().name(), keys, topics.quotesDenied().valueSerde().serializer());
        reports = driver.createInputTopic(topics.execReports().name(), keys, topics.execReports().valueSerde().serializer());
        controlState = driver.createInputTopic(topics.controlState().name(), keys, topics.controlState().valueSerde().serializer());
        alertsIn = driver.createInputTopic(topics.alerts().name(), keys, topics.alerts().valueSerde().serializer());
        ticks = driver.createInputTopic(CanaryTopology.TICKS_TOPIC, keys, new LongSerializer());
        control = driver.createOutputTopic(topics.control().name(), topics.control().keySerde().deserializer(),
                topics.control().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
        ticksOut = driver.createOutputTopic(CanaryTopology.TICKS_TOPIC, new StringDeserializer(), new LongDeserializer());
        observationsOut = driver.createOutputTopic(APPLICATION_ID + "-" + CanaryTopology.OBSERVATIONS + "-repartition",
                new StringDeserializer(), new ObservationSerde().deserializer());
    }

    /** The controller's config from seed defaults plus {@code overrides}, signing with {@link #KEY}. */
    static CanaryConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "unused:9092"));
        values.putAll(overrides);
        ConfigReader reader = new ConfigReader(CanaryConfig.SERVICE, values, Map.of(ControlSigner.KEY_ENV, KEY));
        CanaryConfig config = CanaryConfig.read(reader);
        reader.refuseUnknownKeys();
        return config;
    }

    /** Stops the fake router from echoing the controller's commands into the control state. */
    void withoutEcho() {
        echo = false;
    }

    // ---- human operators (through the fake router, like bin/mm ctl) ----

    /** {@code bin/mm ctl enable} then {@code set-fraction}, at {@code at}. */
    void humanEnables(String fraction, Instant at) {
        human(ControlType.ENABLE_LIVE, null, null, at);
        human(ControlType.SET_FRACTION, null, new BigDecimal(fraction), at);
    }

    void humanSetsFraction(String fraction, Instant at) {
        human(ControlType.SET_FRACTION, null, new BigDecimal(fraction), at);
    }

    void humanSetsParam(String param, String value, Instant at) {
        human(ControlType.SET_PARAM, param, new BigDecimal(value), at);
    }

    void humanKills(Instant at) {
        human(ControlType.DISABLE_LIVE, null, null, at);
    }

    private void human(ControlType type, String param, BigDecimal value, Instant at) {
        ControlCommand command = ControlCommand.newBuilder().setId("h-" + router.version() + "-" + type).setType(type)
                .setScope(Scope.GLOBAL).setParam(param).setValue(value).setReason("by hand").setActor(HUMAN).setIssuedAt(at).build();
        controlState.pipeInput(Topics.GLOBAL_KEY, router.apply(command), at);
        drain();
    }

    // ---- market and exchange traffic ----

    void quote(Quote quote, Instant at) {
        quotes.pipeInput(quote.getSymbol(), quote, at);
        drain();
    }

    void report(ExecutionReport report, Instant at) {
        reports.pipeInput(report.getSymbol(), report, at);
        drain();
    }

    void decision(RiskDecision decision, Instant at) {
        decisions.pipeInput(decision.getSymbol(), decision, at);
        drain();
    }

    void denial(QuoteDenial denial, Instant at) {
        denials.pipeInput(denial.getSymbol(), denial, at);
        drain();
    }

    void alert(Alert alert, Instant at) {
        alertsIn.pipeInput(Topics.GLOBAL_KEY, alert, at);
        drain();
    }

    void tick(Instant at) {
        ticks.pipeInput(Topics.GLOBAL_KEY, at.toEpochMilli(), at);
        drain();
    }

    /** Calls {@code beat} at every {@code step} from {@code from} (inclusive) to {@code to} (exclusive). */
    void every(Duration step, Instant from, Instant to, Consumer<Instant> beat) {
        for (Instant at = from; at.isBefore(to); at = at.plus(step)) {
            beat.accept(at);
        }
    }

    /** One healthy beat: a quote (err_bp 0.01), an ACK, a 40 ms cancel and a clean fill (sides alternate). */
    void healthyBeat(Instant at) {
        quote(Traffic.quote(at, "0.01"), at);
        report(Traffic.ack(at), at);
        report(Traffic.canceled(at, Duration.ofMillis(40)), at);
        report(Traffic.cleanFill(at, (beats++ % 2 == 0) ? Side.BUY : Side.SELL), at);
    }

    /** Advances the driver's wall clock (punctuators: ticks). */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
        drain();
    }

    // ---- what the controller wrote ----

    /** Every command written so far. */
    List<ControlCommand> commands() {
        drain();
        return List.copyOf(commands);
    }

    /** Commands of one type. */
    List<ControlCommand> commands(ControlType type) {
        return commands().stream().filter(c -> c.getType() == type).toList();
    }

    /** Every alert written so far. */
    List<Alert> alerts() {
        drain();
        return List.copyOf(alertsWritten);
    }

    /** Ticks written so far. */
    List<Long> ticksWritten() {
        drain();
        return List.copyOf(ticksWritten);
    }

    /** Every observation the controller task processed so far, in order (off the internal repartition topic). */
    List<TestRecord<String, Observation>> observations() {
        drain();
        return List.copyOf(observed);
    }

    /** The status JSON in the status store. */
    String status() {
        KeyValueStore<String, String> store = driver.getKeyValueStore(CanaryTopology.STATUS_STORE);
        return store.get(CanaryTopology.STATUS_KEY);
    }

    ControlState controlState() {
        return router.state;
    }

    private void drain() {
        boolean more = true;
        while (more) {
            more = false;
            while (!alerts.isEmpty()) {
                Alert alert = alerts.readValue();
                alertsWritten.add(alert);
            }
            while (!ticksOut.isEmpty()) {
                ticksWritten.add(ticksOut.readValue());
            }
            while (!observationsOut.isEmpty()) {
                observed.add(observationsOut.readRecord());
            }
            List<ControlCommand> fresh = new ArrayList<>();
            while (!control.isEmpty()) {
                ControlCommand command = control.readValue();
                commands.add(command);
                fresh.add(command);
            }
            if (echo) {
                for (ControlCommand command : fresh) {
                    controlState.pipeInput(Topics.GLOBAL_KEY, router.apply(command), command.getIssuedAt());
                    more = true;
                }
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Folds commands into a control state and numbers the versions, as the order-router does (no signature checks). */
    static final class FakeRouter {

        private ControlState state = ControlState.newBuilder().setVersion(0).setTradingState(TradingState.HALTED).setLiveEnabled(false)
                .setFraction(BigDecimal.ZERO).setAt(Instant.EPOCH).build();

        long version() {
            return state.getVersion();
        }

        ControlState apply(ControlCommand command) {
            boolean live = state.getLiveEnabled();
            BigDecimal fraction = state.getFraction();
            Map<String, String> params = new TreeMap<>(state.getParams());
            switch (command.getType()) {
                case DISABLE_LIVE -> live = false;
                case ENABLE_LIVE -> live = true;
                case SET_FRACTION -> fraction = command.getValue();
                case SET_PARAM -> params.put(command.getParam(), Decimals.plain(command.getValue()));
                default -> {
                }
            }
            state = ControlState.newBuilder().setVersion(state.getVersion() + 1)
                    .setTradingState(live ? TradingState.ACTIVE : TradingState.HALTED).setLiveEnabled(live).setFraction(fraction)
                    .setParams(params).setLastCommandId(command.getId()).setLastCommandType(command.getType())
                    .setLastActor(command.getActor()).setLastReason(command.getReason()).setAt(command.getIssuedAt()).build();
            return state;
        }
    }
}
