package io.mmguard.riskgate;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.runtime.QuarantineConfig;
import io.mmguard.core.testing.RecordingGlobalQuarantine;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The risk-gate topology in a {@link TopologyTestDriver}, driven by event time (record timestamps),
 * with the wall clock advanced by hand for the silence punctuator. BTCJPY reference data is loaded.
 */
final class RiskGateDriver implements AutoCloseable {

    static final Instant WALL_CLOCK_START = Instant.parse("2026-11-25T00:00:00Z");

    final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    final RiskGateConfig config;
    private final TopologyTestDriver driver;
    /** What the global thread quarantined (dead letters and alerts it could not send itself). */
    final RecordingGlobalQuarantine globalQuarantine = new RecordingGlobalQuarantine();
    /** The gate's wall clock: the record's time plus {@link #pipelineLag(long)} (0: the gate keeps up). */
    private long lagMs;
    private final io.mmguard.core.time.WallClock clock = recordTime -> recordTime + lagMs;
    private final TestInputTopic<String, Quote> quotes;
    private final TestInputTopic<String, QuoteDenial> denials;
    private final TestInputTopic<String, ControlCommand> control;
    private final TestInputTopic<String, io.mmguard.schemas.Instrument> instruments;
    private final TestInputTopic<String, byte[]> rawQuotes;
    private final TestInputTopic<String, byte[]> rawInstruments;
    private final TestInputTopic<String, byte[]> rawControl;
    private final TestOutputTopic<String, RiskDecision> decisions;
    private final TestOutputTopic<String, ControlCommand> commands;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<byte[], byte[]> quarantine;

    /** The default config (with the tests' control key) plus {@code overrides}. */
    static RiskGateConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        values.put("bootstrap.servers", "unused:9092");
        return RiskGateConfig.read(new ConfigReader("risk-gate", values),
                Map.of(io.mmguard.core.control.ControlSigner.KEY_ENV, RiskTestRecords.CONTROL_KEY));
    }

    RiskGateDriver() {
        this(config(Map.of()));
    }

    /** From now on the gate reads each record {@code ms} after its record time (a slowed pipeline). */
    void pipelineLag(long ms) {
        this.lagMs = ms;
    }

    RiskGateDriver(RiskGateConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-gate-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(Files.createDirectories(java.nio.file.Path.of("target", "state")), "risk-gate-ttd").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QuarantineConfig.apply(props, TopicNames.DLQ, globalQuarantine);
        driver = new TopologyTestDriver(RiskGateTopology.build(topics, config, clock), props, WALL_CLOCK_START);
        StringSerializer keys = new StringSerializer();
        quotes = driver.createInputTopic(TopicNames.QUOTES, keys, topics.quotes().valueSerde().serializer());
        denials = driver.createInputTopic(TopicNames.QUOTES_DENIED, keys, topics.quotesDenied().valueSerde().serializer());
        control = driver.createInputTopic(TopicNames.CONTROL, keys, topics.control().valueSerde().serializer());
        instruments = driver.createInputTopic(TopicNames.INSTRUMENTS, keys, topics.instruments().valueSerde().serializer());
        rawQuotes = driver.createInputTopic(TopicNames.QUOTES, keys, new ByteArraySerializer());
        rawInstruments = driver.createInputTopic(TopicNames.INSTRUMENTS, keys, new ByteArraySerializer());
        rawControl = driver.createInputTopic(TopicNames.CONTROL, keys, new ByteArraySerializer());
        StringDeserializer keyReader = new StringDeserializer();
        decisions = driver.createOutputTopic(TopicNames.DECISIONS, keyReader, topics.decisions().valueSerde().deserializer());
        commands = driver.createOutputTopic(TopicNames.CONTROL, keyReader, topics.control().valueSerde().deserializer());
        alerts = driver.createOutputTopic(TopicNames.ALERTS, keyReader, topics.alerts().valueSerde().deserializer());
        quarantine = driver.createOutputTopic(TopicNames.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        instrument("BTCJPY");
    }

    /** Reference data for {@code symbol} (tick 1). */
    void instrument(String symbol) {
        instruments.pipeInput(symbol, aBtcJpyInstrument().setSymbol(symbol).build());
    }

    /** {@code quote} keyed by its symbol, with record time {@code at}. */
    void quote(Quote quote, Instant at) {
        quotes.pipeInput(quote.getSymbol(), quote, at);
    }

    /** {@code quote} under an explicit key. */
    void quote(String key, Quote quote, Instant at) {
        quotes.pipeInput(key, quote, at);
    }

    /** Raw bytes on mm.quotes (undeserialisable input, tombstones). */
    void rawQuote(String key, byte[] value, Instant at) {
        rawQuotes.pipeInput(new TestRecord<>(key, value, at));
    }

    /** Raw bytes on mm.ref.instruments for {@code symbol} (undeserialisable reference data). */
    void rawInstrument(String symbol, byte[] value) {
        rawInstruments.pipeInput(symbol, value);
    }

    /** Raw bytes on mm.control (an undeserialisable command). */
    void rawControl(byte[] value) {
        rawControl.pipeInput("*", value);
    }

    void denial(QuoteDenial denial, Instant at) {
        denials.pipeInput(denial.getSymbol(), denial, at);
    }

    /** {@code command} on mm.control in a record stamped {@code recordTs} (not its issued_at). */
    void control(ControlCommand command, Instant recordTs) {
        control.pipeInput(command.getSymbol() == null ? "*" : command.getSymbol(), command, recordTs);
    }

    void control(ControlCommand command) {
        control.pipeInput(command.getSymbol() == null ? "*" : command.getSymbol(), command, command.getIssuedAt());
    }

    /**
     * {@code count} correct quotes for {@code symbol} one every 100 ms from {@code from}, mid
     * wiggling by a yen around the seed's mid, each book fresh; returns the time after the last.
     */
    Instant warmUp(String symbol, int count, Instant from) {
        Instant at = from;
        for (int i = 0; i < count; i++) {
            String mid = Long.toString(Long.parseLong(RiskTestRecords.SEED_MID) + (i % 3) - 1);
            quote(RiskTestRecords.aQuote("warm-" + symbol + "-" + i, mid, at).setSymbol(symbol).build(), at);
            at = at.plusMillis(100);
        }
        return at;
    }

    /** Advances the wall clock (fires due wall-clock punctuators). */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    RiskDecision decision() {
        return decisions.readValue();
    }

    List<RiskDecision> decisions() {
        return decisions.readValuesToList();
    }

    /** The last decision written, discarding the ones before it. */
    RiskDecision lastDecision() {
        List<RiskDecision> all = decisions.readValuesToList();
        if (all.isEmpty()) {
            throw new AssertionError("no decision was written");
        }
        return all.get(all.size() - 1);
    }

    List<ControlCommand> controlCommands() {
        return commands.readValuesToList();
    }

    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<TestRecord<byte[], byte[]>> quarantined() {
        return quarantine.readRecordsToList();
    }

    /** The global params store as the decision processor reads it. */
    RiskParams paramsInForce() {
        return new ParamsStore(driver.getKeyValueStore(RiskStores.PARAMS), config.params()).current();
    }

    @Override
    public void close() {
        driver.close();
    }
}
