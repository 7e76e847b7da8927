package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mmguard.core.topics.Topics;
import io.mmguard.router.control.ControlFold;
import io.mmguard.router.control.ControlFoldProcessor;
import io.mmguard.router.control.ControlLedger;
import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.DailyBook;
import io.mmguard.router.limits.PnlUpdate;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.router.support.JsonSerde;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Route;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly-once Streams closes a task dirty when its transaction aborts (TaskCorruptedException, a revival): it wipes
 * the task's stores, restores them from the changelog (what the last committed transaction wrote) and runs {@code init}
 * again on the same processor instances. Re-processing from the committed offsets must then decide from the restored
 * stores, never from what the processors held in memory for the aborted records.
 */
class TaskRevivalTest {

    private static final Topics TOPICS = RouterDriver.TOPICS;

    @TempDir
    Path stateDir;

    @Test
    void aRevivedRouterTaskReroutesFromTheRestoredStoresNotFromTheOrdersItPlacedInTheAbortedTransaction() {
        RouterTask task = new RouterTask(RouterDriver.defaults().startingLive(BigDecimal.ONE), 0, stateDir.toFile());
        Committed committed = task.commit();
        List<RouterOutput> first = task.decide(0, pass(1).build());
        assertThat(orders(first)).extracting(OrderCommand::getAction, OrderCommand::getRoute)
                .containsExactly(tuple(OrderAction.NEW, Route.LIVE), tuple(OrderAction.NEW, Route.LIVE));
        assertThat(task.orders.get("BTCJPY")).isNotNull();

        task.abortAndRevive(committed);
        List<RouterOutput> again = task.decide(0, pass(1).build());

        assertThat(again).as("no cancel for the orders of the aborted transaction: they never left").hasToString(first.toString());
        assertThat(task.orders.get("BTCJPY").resting()).extracting(io.mmguard.router.orders.RestingOrder::orderId)
                .containsExactly("o-d-1-B", "o-d-1-S");
        assertThat(task.orders.get("BTCJPY").cancelling()).isEmpty();
    }

    @Test
    void aRevivedRouterTaskReadsTheRestoredPositionNotTheFillOfTheAbortedTransaction() {
        RouterTask task = new RouterTask(RouterDriver.defaults().startingLive(BigDecimal.ONE), 0, stateDir.toFile());
        task.report(0, Records.fill("r-1", "o-external", io.mmguard.schemas.Side.BUY, "0.005", "17154978", 1).build());
        Committed committed = task.commit();
        task.report(1, Records.fill("r-2", "o-external", io.mmguard.schemas.Side.BUY, "0.001", "17154978", 2).build());

        task.abortAndRevive(committed);

        List<RouterOutput> outputs = task.decide(0, pass(3).build());
        assertThat(outputs).filteredOn(RouterOutput.Denial.class::isInstance).as("position 0.005, as committed, not 0.006")
                .singleElement().satisfies(denial -> assertThat(((RouterOutput.Denial) denial).denial().getDetail())
                        .contains("BUY 0.001 would take BTCJPY to position 0.006 x 17154978"));
        assertThat(task.positions.get("BTCJPY").position()).isEqualByComparingTo("0.005");
    }

    @Test
    void aRevivedRouterTaskStampsOnlyTheInputPositionsOfTheRestoredProgress() {
        RouterTask task = new RouterTask(RouterDriver.defaults().startingLive(BigDecimal.ONE), 0, stateDir.toFile());
        task.decide(0, pass(1).build());
        Committed committed = task.commit();
        task.report(0, report("r-1", "o-d-1-B", ExecType.ACK, 2).build());

        task.abortAndRevive(committed);
        List<RouterOutput> outputs = task.decide(1, pass(3).build());

        assertThat(orders(outputs)).isNotEmpty().allSatisfy(order -> assertThat(order.getProvenance().getInputsThrough())
                .as("the report was never processed as far as the restored stores know").containsOnlyKeys(TOPICS.decisions().name() + "-0"));
    }

    @Test
    void aRevivedRouterTaskAlertsThePipelineLagEpisodeWhoseAlertTheAbortedTransactionLost() {
        RouterTask task = new RouterTask(RouterDriver.defaults().startingLive(BigDecimal.ONE), 900, stateDir.toFile());
        Committed committed = task.commit();
        assertThat(task.decide(0, pass(1).build())).filteredOn(RouterOutput.Notice.class::isInstance).hasSize(1);

        task.abortAndRevive(committed);

        assertThat(task.decide(0, pass(1).build())).filteredOn(RouterOutput.Notice.class::isInstance).singleElement()
                .satisfies(notice -> assertThat(((RouterOutput.Notice) notice).alert().getKind()).isEqualTo("PIPELINE_LAG"));
    }

    @Test
    void aRevivedDailyLossTaskStillFiresTheKillTheAbortedTransactionLost() {
        DailyLossTask task = new DailyLossTask(new BigDecimal("5000"), stateDir.toFile());
        task.update(0, new PnlUpdate("BTCJPY", 20_417, new BigDecimal("-3000"), new BigDecimal("0.01"), null, "mark d-1"));
        Committed committed = task.commit();
        List<RouterOutput> first = task.update(1, new PnlUpdate("ETHJPY", 20_417, new BigDecimal("-2000"), new BigDecimal("0.01"), null,
                "mark d-2"));
        assertThat(commandTypes(first)).containsExactly(ControlType.SET_FRACTION, ControlType.DISABLE_LIVE);

        task.abortAndRevive(committed);
        List<RouterOutput> again = task.update(1, new PnlUpdate("ETHJPY", 20_417, new BigDecimal("-2000"), new BigDecimal("0.01"), null,
                "mark d-2"));

        assertThat(commandTypes(again)).as("the book restored is not killed yet: the kill fires again")
                .containsExactly(ControlType.SET_FRACTION, ControlType.DISABLE_LIVE);
        assertThat(again).hasToString(first.toString());
    }

    private static List<OrderCommand> orders(List<RouterOutput> outputs) {
        return outputs.stream().filter(RouterOutput.Order.class::isInstance).map(output -> ((RouterOutput.Order) output).order()).toList();
    }

    private static List<ControlType> commandTypes(List<RouterOutput> outputs) {
        return outputs.stream().filter(RouterOutput.Command.class::isInstance)
                .map(output -> ((RouterOutput.Command) output).command().getType()).toList();
    }

    /** What the changelogs hold after a commit: every store's entries. */
    private record Committed(List<List<KeyValue<String, Object>>> stores) {
    }

    /** One stream task's processor on in-memory stores, closed dirty and revived as Streams does it. */
    private abstract static class Task<V> {

        final MockProcessorContext<String, RouterOutput> context;
        private final List<KeyValueStore<String, Object>> stores = new ArrayList<>();
        private final Processor<String, V, String, RouterOutput> processor;

        Task(Processor<String, V, String, RouterOutput> processor, File stateDir) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-router-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            this.context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir);
            this.processor = processor;
        }

        @SuppressWarnings("unchecked")
        <T> KeyValueStore<String, T> store(String name, Serde<T> values) {
            KeyValueStore<String, T> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                    .withLoggingDisabled().build();
            add(store);
            stores.add((KeyValueStore<String, Object>) (KeyValueStore<String, ?>) store);
            return store;
        }

        void add(StateStore store) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }

        void start() {
            processor.init(context);
        }

        List<RouterOutput> process(String topic, long offset, String key, V value, long timestamp) {
            context.resetForwards();
            context.setRecordMetadata(topic, 0, offset);
            processor.process(new Record<>(key, value, timestamp));
            return context.forwarded().stream().<RouterOutput>map(forward -> forward.record().value()).toList();
        }

        Committed commit() {
            List<List<KeyValue<String, Object>>> contents = new ArrayList<>();
            for (KeyValueStore<String, Object> store : stores) {
                try (KeyValueIterator<String, Object> all = store.all()) {
                    List<KeyValue<String, Object>> entries = new ArrayList<>();
                    all.forEachRemaining(entries::add);
                    contents.add(entries);
                }
            }
            return new Committed(contents);
        }

        /** Close dirty, wipe and restore every store to {@code committed}, then init the same processor again. */
        void abortAndRevive(Committed committed) {
            processor.close();
            for (int i = 0; i < stores.size(); i++) {
                KeyValueStore<String, Object> store = stores.get(i);
                List<String> keys = new ArrayList<>();
                try (KeyValueIterator<String, Object> all = store.all()) {
                    all.forEachRemaining(entry -> keys.add(entry.key));
                }
                keys.forEach(store::delete);
                committed.stores().get(i).forEach(entry -> store.put(entry.key, entry.value));
            }
            processor.init(context);
        }
    }

    /** The router's task: its JSON stores and progress, the control ledger folded to its initial state, BTCJPY's filters. */
    private static final class RouterTask extends Task<RouterInput> {

        final KeyValueStore<String, SymbolOrders> orders;
        final KeyValueStore<String, SymbolPosition> positions;

        RouterTask(OrderRouterConfig config, long pipelineLagMs, File stateDir) {
            super(new RouterProcessor(config, TOPICS, recordTime -> recordTime + pipelineLagMs), stateDir);
            orders = store(RouterProcessor.ORDERS_STORE, new JsonSerde<>(SymbolOrders.class));
            positions = store(RouterProcessor.POSITIONS_STORE, new JsonSerde<>(SymbolPosition.class));
            store(RouterProcessor.GUARDS_STORE, new JsonSerde<>(SymbolGuard.class));
            store(RouterProcessor.PROGRESS_STORE, Serdes.Long());
            KeyValueStore<String, io.mmguard.schemas.Instrument> instruments = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(RouterProcessor.INSTRUMENTS_STORE), Serdes.String(), TOPICS.instruments().valueSerde())
                    .withLoggingDisabled().build();
            add(instruments);
            instruments.put("BTCJPY", aBtcJpyInstrument().build());
            KeyValueStore<String, byte[]> ledger = ControlLedger.storeBuilder().build();
            add(ledger);
            MockProcessorContext<Void, Void> foldContext = new MockProcessorContext<>();
            foldContext.addStateStore(ledger);
            new ControlFoldProcessor(TOPICS, new ControlFold(config.signer()),
                    ControlFold.initial(config.canaryMode(), config.canaryFraction())).init(foldContext);
            start();
        }

        List<RouterOutput> decide(long offset, io.mmguard.schemas.RiskDecision decision) {
            return process(TOPICS.decisions().name(), offset, decision.getSymbol(), new RouterInput.Decision(decision),
                    decision.getTs().toEpochMilli());
        }

        List<RouterOutput> report(long offset, io.mmguard.schemas.ExecutionReport report) {
            return process(TOPICS.execReports().name(), offset, report.getSymbol(), new RouterInput.Report(report),
                    report.getTs().toEpochMilli());
        }
    }

    /** The daily-loss task: one book in its JSON store. */
    private static final class DailyLossTask extends Task<PnlUpdate> {

        DailyLossTask(BigDecimal maxDailyLoss, File stateDir) {
            super(new DailyLossProcessor(maxDailyLoss, 1), stateDir);
            store(DailyLossProcessor.STORE, new JsonSerde<>(DailyBook.class));
            start();
        }

        List<RouterOutput> update(long offset, PnlUpdate update) {
            return process(OrderRouterTopology.DAILY_PNL_REPARTITION, offset, Topics.GLOBAL_KEY, update,
                    Records.at(0).toEpochMilli() + offset);
        }
    }
}
