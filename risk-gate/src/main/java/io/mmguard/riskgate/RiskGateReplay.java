package io.mmguard.riskgate;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One risk-gate task's code run offline over recorded inputs (bin/mm audit): the service's own
 * {@link RiskGateProcessor} and {@link ParamControl} on in-memory copies of its stores, fed record by
 * record with the recorded topic, partition, offset and timestamp. The wall-clock punctuator (feed
 * silence) is never run: its FREEZE {@code FEED_SILENT} records are recorded facts, not derivations.
 *
 * <p>The caller decides the interleaving with the global inputs: which risk parameters were folded
 * ({@link #foldControl}) and which instrument version the task saw ({@link #instrumentVersion}), as the
 * recorded decision's provenance names them.
 */
public final class RiskGateReplay implements AutoCloseable {

    private final Topics topics;
    private final RiskGateConfig config;
    private final MockProcessorContext<String, SpecificRecord> context;
    private final MockProcessorContext<Void, Void> foldContext = new MockProcessorContext<>();
    private final KeyValueStore<String, String> params;
    private final KeyValueStore<String, Long> instruments;
    private final RiskGateProcessor processor;
    private final StateStore recentQuoteIds;
    private ParamControl fold;
    private final io.mmguard.core.time.ReplayClock clock = new io.mmguard.core.time.ReplayClock();

    /**
     * @param partition the task's input partition (its task id's partition)
     * @param stateDir  a scratch directory for the recent-quote-id window store (the others are in memory)
     */
    public RiskGateReplay(RiskGateConfig config, Topics topics, int partition, File stateDir) {
        this.topics = topics;
        this.config = config;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.common().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, partition), stateDir);
        context.setCurrentSystemTimeMs(0); // read at init for wall-clock bookkeeping that no replayed decision uses
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.EMA_SIGMA), Serdes.String(),
                StateSerdes.midStats()).withLoggingDisabled().build());
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.FREEZE), Serdes.String(),
                StateSerdes.symbolGuard()).withLoggingDisabled().build());
        // the service's own segmented window store (RocksDB in stateDir): the same expiry of old quote ids, and a fetch
        // that seeks instead of scanning every window in the retention period
        recentQuoteIds = RiskStores.recentQuoteIds(config.duplicateRetentionMs()).withLoggingDisabled().build();
        add(recentQuoteIds);
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RiskStores.PARAM_ALERTS), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build());
        params = RiskStores.params().build();
        add(params);
        foldContext.addStateStore(params);
        instruments = RiskStores.instruments().build();
        add(instruments);
        newFold();
        processor = new RiskGateProcessor(config, clock);
        processor.init(context);
    }

    private void add(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private void newFold() {
        fold = new ParamControl(config.signer());
        fold.init(foldContext);
    }

    /** Folds the mm.control record at {@code offset} into the risk parameters, as the service's global store does. */
    public void foldControl(String key, ControlCommand command, long offset, long timestamp) {
        foldContext.setRecordMetadata(topics.control().name(), 0, offset);
        fold.process(new Record<>(key, command, timestamp));
    }

    /** Forgets every folded parameter (to fold again from the start of mm.control up to an earlier offset). */
    public void clearParams() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = params.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(params::delete);
        newFold();
    }

    /** The packed parameter version decisions would record now ({@link ParamsVersion}). */
    public long paramsVersion() {
        String version = params.get(ParamsStore.VERSION_KEY);
        return ParamsVersion.of(ParamsVersion.fileVersion(config.params().version()), version == null ? 0 : Long.parseLong(version));
    }

    /** Sets what the task knows of {@code symbol} on mm.ref.instruments: a version, or null for nothing. */
    public void instrumentVersion(String symbol, Long version) {
        if (version == null) {
            instruments.delete(symbol);
        } else {
            instruments.put(symbol, version);
        }
    }

    /** Closes the window store (its files stay in the scratch directory, which the caller deletes). */
    @Override
    public void close() {
        processor.close();
        recentQuoteIds.close();
    }

    /**
     * Processes one recorded quote or denial; returns what the task writes, in order. {@code processedAt} is the stamp
     * recorded on its decision (the gate's wall clock when it read it); null (none recorded): the record time, no lag.
     */
    public List<Derived> process(String topic, int partition, long offset, long timestamp, String key, SpecificRecord value,
                                 Long processedAt) {
        clock.set(processedAt);
        context.resetForwards();
        context.setRecordMetadata(topic, partition, offset);
        processor.process(new Record<>(key, value, timestamp));
        List<Derived> derived = new ArrayList<>(3);
        for (MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward : context.forwarded()) {
            String child = forward.childName().orElse("");
            String to = switch (child) {
                case RiskGateProcessor.DECISIONS_SINK -> topics.decisions().name();
                case RiskGateProcessor.CONTROL_SINK -> topics.control().name();
                case RiskGateProcessor.ALERTS_SINK -> topics.alerts().name();
                default -> throw new IllegalStateException("the risk-gate forwarded to an unknown sink '" + child + "'");
            };
            derived.add(new Derived(to, forward.record().key(), forward.record().value(), forward.record().timestamp()));
        }
        return derived;
    }
}
