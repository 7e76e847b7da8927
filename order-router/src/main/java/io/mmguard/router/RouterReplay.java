package io.mmguard.router;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.Topics;
import io.mmguard.router.control.ControlFold;
import io.mmguard.router.control.ControlFoldProcessor;
import io.mmguard.router.control.ControlLedger;
import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.router.support.JsonSerde;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.Instrument;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * One order-router task's code run offline over recorded inputs (bin/mm audit): the service's own
 * {@link RouterProcessor} on in-memory copies of its stores, with mm.control folded into the ledger by
 * the service's own {@link ControlFoldProcessor}. The caller feeds decisions and execution reports in the
 * order the task processed them (from {@code provenance.inputs_through}), folds the ledger to the control
 * version each recorded output names, sets the instrument version it used, and fires the control tick
 * where the task reacted to a kill between two records. The break-glass punctuator is never run.
 */
public final class RouterReplay {

    private final io.mmguard.core.time.ReplayClock clock = new io.mmguard.core.time.ReplayClock();
    private final Topics topics;
    private final MockProcessorContext<String, RouterOutput> context;
    private final MockProcessorContext<Void, Void> foldContext = new MockProcessorContext<>();
    private final KeyValueStore<String, Instrument> instruments;
    private final ControlFoldProcessor fold;
    private final ControlLedger ledger;
    private final RouterProcessor processor;

    /**
     * @param partition the task's input partition (its task id's partition; partition 0 also publishes control states)
     * @param stateDir  a scratch directory (the stores are in memory; the context wants one)
     */
    public RouterReplay(OrderRouterConfig config, Topics topics, int partition, File stateDir) {
        this.topics = topics;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.common().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, partition), stateDir);
        context.setCurrentSystemTimeMs(0); // read at init for wall-clock bookkeeping that no replayed decision uses
        add(jsonStore(RouterProcessor.ORDERS_STORE, SymbolOrders.class));
        add(jsonStore(RouterProcessor.POSITIONS_STORE, SymbolPosition.class));
        add(jsonStore(RouterProcessor.GUARDS_STORE, SymbolGuard.class));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RouterProcessor.PROGRESS_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build());
        instruments = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RouterProcessor.INSTRUMENTS_STORE), Serdes.String(),
                topics.instruments().valueSerde()).withLoggingDisabled().build();
        add(instruments);
        KeyValueStore<String, byte[]> ledgerStore = ControlLedger.storeBuilder().build();
        add(ledgerStore);
        foldContext.addStateStore(ledgerStore);
        ledger = new ControlLedger(ledgerStore, topics);
        fold = new ControlFoldProcessor(topics, new ControlFold(config.signer()),
                ControlFold.initial(config.canaryMode(), config.canaryFraction()));
        fold.init(foldContext);
        processor = new RouterProcessor(config, topics, clock);
        processor.init(context);
    }

    private <V> KeyValueStore<String, V> jsonStore(String name, Class<V> type) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), new JsonSerde<>(type))
                .withLoggingDisabled().build();
    }

    private void add(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    /** Folds the raw mm.control record at {@code offset} into the ledger (an unreadable one kills, as in the service). */
    public void foldControl(String key, byte[] value, long offset, long timestamp) {
        foldContext.setRecordMetadata(topics.control().name(), 0, offset);
        try {
            fold.process(new Record<>(key, value, timestamp));
        } catch (io.mmguard.core.runtime.UnreadableRecord unreadable) {
            // the service folds the kill, then quarantines the bytes: the replay has folded the same kill
        }
    }

    /** The control version the folded ledger is at. */
    public long controlVersion() {
        return ledger.version();
    }

    /** The control state of {@code version}, if the ledger still keeps it. */
    public Optional<ControlState> controlState(long version) {
        return ledger.state(version);
    }

    /** Sets the instrument the task sees for {@code symbol} (null: none). */
    public void instrument(String symbol, Instrument instrument) {
        if (instrument == null) {
            instruments.delete(symbol);
        } else {
            instruments.put(symbol, instrument);
        }
    }

    /**
     * Processes one recorded risk decision or execution report; returns what the task writes, in order. {@code processedAt}
     * is the router's wall-clock stamp recorded on what it derived from this input (null: none recorded, the record time).
     */
    public List<Derived> process(String topic, int partition, long offset, long timestamp, String key, org.apache.avro.specific.SpecificRecord value,
                                 Long processedAt) {
        clock.set(processedAt);
        context.resetForwards();
        context.setRecordMetadata(topic, partition, offset);
        RouterInput input = value instanceof io.mmguard.schemas.RiskDecision decision ? new RouterInput.Decision(decision)
                : new RouterInput.Report((io.mmguard.schemas.ExecutionReport) value);
        processor.process(new Record<>(key, input, timestamp));
        return forwarded();
    }

    /**
     * Runs the task's control punctuation at wall-clock {@code now}: it acts on every control version it has not acted on.
     * {@code processedAt} is the stamp recorded on the reaction's outputs (null: {@code now}).
     */
    public List<Derived> controlTick(long now, Long processedAt) {
        clock.set(processedAt);
        context.resetForwards();
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
        return forwarded();
    }

    private List<Derived> forwarded() {
        List<Derived> derived = new ArrayList<>(4);
        for (MockProcessorContext.CapturedForward<? extends String, ? extends RouterOutput> forward : context.forwarded()) {
            RouterOutput output = forward.record().value();
            String key = forward.record().key();
            long ts = forward.record().timestamp();
            if (output instanceof RouterOutput.Order order) {
                derived.add(new Derived(order.live() ? topics.ordersLive().name() : topics.ordersShadow().name(), key, order.order(), ts));
            } else if (output instanceof RouterOutput.Denial denial) {
                derived.add(new Derived(topics.ordersDenied().name(), key, denial.denial(), ts));
            } else if (output instanceof RouterOutput.Command command) {
                derived.add(new Derived(topics.control().name(), key, command.command(), ts));
            } else if (output instanceof RouterOutput.State state) {
                derived.add(new Derived(topics.controlState().name(), key, state.state(), ts));
            } else if (output instanceof RouterOutput.Notice notice) {
                derived.add(new Derived(topics.alerts().name(), key, notice.alert(), ts));
            } else if (output instanceof RouterOutput.PositionChange change) {
                derived.add(new Derived(topics.positions().name(), key, change.position(), ts));
            }
            // RouterOutput.Pnl goes to the internal daily-loss repartition topic, which Kafka purges: not audited
        }
        return derived;
    }
}
