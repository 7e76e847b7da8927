package io.mmguard.router;

import io.mmguard.core.topics.FailClosedTable;
import io.mmguard.core.topics.Topic;
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
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.RiskDecision;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The order-router: risk decisions become order commands, live or shadow, under the control state.
 *
 * <ul>
 *   <li>in: {@code mm.control} (global store {@value ControlLedger#STORE}, folded on every instance), key {@code "*"} or symbol,
 *       value {@link ControlCommand}</li>
 *   <li>in: {@code mm.ref.instruments} (global store, fail closed per symbol), key symbol, value {@link Instrument}: the
 *       exchange filters</li>
 *   <li>in: {@code mm.risk.decisions}, key symbol, value {@link RiskDecision}: PASS routes a quote; FREEZE and REJECT cancel the
 *       symbol's resting orders</li>
 *   <li>in: {@code mm.exec.reports}, key symbol, value {@link ExecutionReport}: fills (positions, PnL), acks, cancels, rejects</li>
 *   <li>out: {@code mm.orders.live} / {@code mm.orders.shadow}, key symbol, value {@link OrderCommand}, each with its route reason
 *       and provenance (control version)</li>
 *   <li>out: {@code mm.orders.denied}, key symbol, value {@link OrderDenial}: filters, halts, REDUCING, open notional</li>
 *   <li>out: {@code mm.control.state}, key {@code "*"}, value {@link ControlState}: every accepted change</li>
 *   <li>out: {@code mm.control}, key {@code "*"} or symbol, value {@link ControlCommand}: automatic risk-lowering commands
 *       (reject codes, daily loss, break-glass)</li>
 *   <li>out: {@code mm.alerts}, key symbol or {@code "*"}, value {@link Alert}</li>
 * </ul>
 */
public final class OrderRouterTopology {

    static final String DAILY_PNL_REPARTITION = "daily-pnl";

    private OrderRouterTopology() {
    }

    /** The order-router's topology; pure: no I/O, no clients. */
    public static Topology build(Topics topics, OrderRouterConfig config) {
        return build(topics, config, io.mmguard.core.time.WallClock.SYSTEM);
    }

    /**
     * As {@link #build(Topics, OrderRouterConfig)} with the wall clock the router stamps each input with (recorded as
     * {@code provenance.processed_at}; the book's age at routing is measured from it). Tests pass a clock of their own.
     */
    public static Topology build(Topics topics, OrderRouterConfig config, io.mmguard.core.time.WallClock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(ControlLedger.storeBuilder(), topics.control().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("control"),
                () -> new ControlFoldProcessor(topics, new ControlFold(config.signer()),
                        ControlFold.initial(config.canaryMode(), config.canaryFraction())));
        FailClosedTable.addGlobalStore(builder, RouterProcessor.INSTRUMENTS_STORE, "instruments", topics.instruments(),
                "%s orders nothing (denied NO_INSTRUMENT: its exchange filters are unknown) until a readable"
                        + " instrument record replaces it");
        builder.addStateStore(store(RouterProcessor.ORDERS_STORE, SymbolOrders.class));
        builder.addStateStore(store(RouterProcessor.POSITIONS_STORE, SymbolPosition.class));
        builder.addStateStore(store(RouterProcessor.GUARDS_STORE, SymbolGuard.class));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RouterProcessor.PROGRESS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled()); // input positions change with every record
        builder.addStateStore(store(DailyLossProcessor.STORE, DailyBook.class));

        KStream<String, RouterInput> decisions = builder
                .stream(topics.decisions().name(), topics.decisions().consumed().withName("decisions-source"))
                .mapValues(RouterInput.Decision::new, Named.as("decision-input"));
        KStream<String, RouterInput> reports = builder
                .stream(topics.execReports().name(), topics.execReports().consumed().withName("exec-reports-source"))
                .mapValues(RouterInput.Report::new, Named.as("report-input"));
        KStream<String, RouterOutput> routed = decisions.merge(reports, Named.as("router-inputs"))
                .process(() -> new RouterProcessor(config, topics, clock), Named.as("router"), RouterProcessor.ORDERS_STORE,
                        RouterProcessor.POSITIONS_STORE, RouterProcessor.GUARDS_STORE, RouterProcessor.PROGRESS_STORE);

        BranchedKStream<String, RouterOutput> outputs = routed.split(Named.as("router-"));
        outputs.branch((key, out) -> out instanceof RouterOutput.Order order && order.live(),
                sink(topics.ordersLive(), "orders-live", "orders-live", out -> ((RouterOutput.Order) out).order()));
        outputs.branch((key, out) -> out instanceof RouterOutput.Order,
                sink(topics.ordersShadow(), "orders-shadow", "orders-shadow", out -> ((RouterOutput.Order) out).order()));
        outputs.branch((key, out) -> out instanceof RouterOutput.Denial,
                sink(topics.ordersDenied(), "orders-denied", "orders-denied", out -> ((RouterOutput.Denial) out).denial()));
        outputs.branch((key, out) -> out instanceof RouterOutput.Command,
                sink(topics.control(), "control", "control", out -> ((RouterOutput.Command) out).command()));
        outputs.branch((key, out) -> out instanceof RouterOutput.State,
                sink(topics.controlState(), "control-state", "control-state", out -> ((RouterOutput.State) out).state()));
        outputs.branch((key, out) -> out instanceof RouterOutput.PositionChange,
                sink(topics.positions(), "positions", "positions", out -> ((RouterOutput.PositionChange) out).position()));
        outputs.branch((key, out) -> out instanceof RouterOutput.Notice,
                sink(topics.alerts(), "alerts", "alerts", out -> ((RouterOutput.Notice) out).alert()));
        outputs.branch((key, out) -> out instanceof RouterOutput.Pnl, Branched.withConsumer(pnl -> pnl
                .mapValues(out -> ((RouterOutput.Pnl) out).update(), Named.as("pnl-update"))
                .repartition(Repartitioned.<String, PnlUpdate>as(DAILY_PNL_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(PnlUpdate.class))
                        .withNumberOfPartitions(1))
                .process(() -> new DailyLossProcessor(config.maxDailyLossJpy(), config.common().configVersion()),
                        Named.as("daily-loss"), DailyLossProcessor.STORE)
                .split(Named.as("daily-loss-"))
                .branch((key, out) -> out instanceof RouterOutput.Command, sink(topics.control(), "control", "daily-loss-control",
                        out -> ((RouterOutput.Command) out).command()))
                .defaultBranch(sink(topics.alerts(), "alerts", "daily-loss-alerts", out -> ((RouterOutput.Notice) out).alert())),
                "pnl"));
        outputs.noDefaultBranch();
        return builder.build();
    }

    /** A branch {@code branch} whose records go to {@code topic} through nodes named {@code <nodes>-value} and {@code <nodes>-sink}. */
    private static <V> Branched<String, RouterOutput> sink(Topic<String, V> topic, String branch, String nodes,
                                                          Function<RouterOutput, V> value) {
        return Branched.withConsumer(stream -> stream
                .mapValues(value::apply, Named.as(nodes + "-value"))
                .to(topic.name(), topic.produced().withName(nodes + "-sink")), branch);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Class<V> type) {
        Serde<V> values = new JsonSerde<>(type);
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values).withCachingEnabled();
    }
}
