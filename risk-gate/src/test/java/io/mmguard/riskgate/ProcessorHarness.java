package io.mmguard.riskgate;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * {@link RiskGateProcessor} on a {@link MockProcessorContext}, which records every forward with its
 * child (sink) name in the order it happened: the way to see the order across output topics.
 */
final class ProcessorHarness {

    final MockProcessorContext<String, SpecificRecord> context;
    final RiskGateProcessor processor;
    private long offset;

    ProcessorHarness(RiskGateConfig config) {
        this(config, java.util.Map.of());
    }

    /** As {@link #ProcessorHarness(RiskGateConfig)} with extra Streams configs (objects allowed, e.g. a meter registry). */
    ProcessorHarness(RiskGateConfig config, java.util.Map<String, Object> extraConfigs) {
        Properties props = new Properties();
        props.putAll(extraConfigs);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-gate-mock");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put("processing.exception.handler.global.enabled", true);
        File stateDir;
        try {
            stateDir = Files.createTempDirectory(Files.createDirectories(java.nio.file.Path.of("target", "state")), "risk-gate-mock").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir);
        context.setCurrentSystemTimeMs(RiskGateDriver.WALL_CLOCK_START.toEpochMilli());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.EMA_SIGMA), Serdes.String(),
                StateSerdes.midStats()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.FREEZE), Serdes.String(),
                StateSerdes.symbolGuard()).withLoggingDisabled().build());
        add(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(RiskStores.RECENT_QUOTE_IDS,
                java.time.Duration.ofMillis(config.duplicateRetentionMs()), java.time.Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.PARAM_ALERTS), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build());
        add(RiskStores.params().build());
        KeyValueStore<String, Long> instruments = RiskStores.instruments().build();
        add(instruments);
        instruments.put("BTCJPY", aBtcJpyInstrument().build().getVersion());
        processor = new RiskGateProcessor(config, recordTime -> recordTime);
        processor.init(context);
    }

    private void add(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    /** Processes {@code value} as the next record of {@code topic} partition 0 at record time {@code ts}. */
    void process(String topic, String key, SpecificRecord value, long ts) {
        context.setRecordMetadata(topic, 0, offset++);
        processor.process(new Record<>(key, value, ts));
    }

    List<CapturedForward<? extends String, ? extends SpecificRecord>> forwarded() {
        return context.forwarded();
    }
}
