package io.mmguard.it.router;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The design the router did not take, built only to measure it (DESIGN.md section 4's first option): a
 * stream task reads the one-partition control log and multicasts every command onto a topic
 * co-partitioned with the decisions, where the task that owns a symbol's orders sends its CANCEL_ALL.
 * Two exactly-once hops instead of one. Minimal on purpose: no store, no filters, one live NEW per
 * decision while enabled (enough for the kill-latency harness, which only watches mm.orders.live).
 */
final class FanOutKillPrototype {

    /** The co-partitioned fan-out topic (create it with the decisions' partition count). */
    static final String FANOUT_TOPIC = "bench-control-fanout";

    private FanOutKillPrototype() {
    }

    static Topology build(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.control().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(FANOUT_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withStreamPartitioner((topic, key, value, partitions) ->
                                Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))));
        KStream<String, Object> decisions = builder.stream(topics.decisions().name(), topics.decisions().consumed())
                .mapValues(decision -> (Object) decision);
        KStream<String, Object> commands = builder.stream(FANOUT_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(bytes -> (Object) topics.control().valueSerde().deserializer().deserialize(topics.control().name(), bytes));
        decisions.merge(commands)
                .process(OwnerTask::new)
                .to(topics.ordersLive().name(), topics.ordersLive().produced());
        return builder.build();
    }

    /** Owns the symbols of its partition: live NEW per decision while enabled; on a kill, CANCEL_ALL per resting symbol. */
    private static final class OwnerTask implements Processor<String, Object, String, OrderCommand> {
        private final Set<String> resting = new HashSet<>();
        private boolean live = true;
        private ProcessorContext<String, OrderCommand> context;

        @Override
        public void init(ProcessorContext<String, OrderCommand> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Object> record) {
            if (record.value() instanceof ControlCommand command) {
                if (command.getType() == ControlType.DISABLE_LIVE) {
                    live = false;
                    for (String symbol : resting) {
                        context.forward(new Record<>(symbol, order(symbol, OrderAction.CANCEL_ALL, command.getId(), record.timestamp()),
                                record.timestamp()));
                    }
                    resting.clear();
                    context.commit();
                } else if (command.getType() == ControlType.ENABLE_LIVE) {
                    live = true;
                }
            } else if (record.value() instanceof RiskDecision decision && live) {
                resting.add(decision.getSymbol());
                context.forward(record.withKey(decision.getSymbol())
                        .withValue(order(decision.getSymbol(), OrderAction.NEW, decision.getDecisionId(), record.timestamp())));
            }
        }

        private static OrderCommand order(String symbol, OrderAction action, String inputId, long ts) {
            return OrderCommand.newBuilder()
                    .setOrderId(action + "-" + inputId + "-" + symbol)
                    .setAction(action)
                    .setSymbol(symbol)
                    .setRoute(Route.LIVE)
                    .setRouteReason("fan-out prototype")
                    .setKillSwitchOn(action == OrderAction.CANCEL_ALL)
                    .setFraction(BigDecimal.ONE)
                    .setTs(Instant.ofEpochMilli(ts))
                    .setProvenance(Provenance.newBuilder().setInputTopic("prototype").setInputPartition(0).setInputOffset(0)
                            .setInputId(inputId).build())
                    .build();
        }
    }
}
