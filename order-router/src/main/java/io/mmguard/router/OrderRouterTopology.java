package io.mmguard.router;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Verdict;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The order-router: passed decisions become order commands, live or shadow.
 *
 * <ul>
 *   <li>in: {@code mm.risk.decisions}, key symbol, value {@link RiskDecision}; only PASS makes orders
 *       (FREEZE and REJECT are already recorded as decisions)</li>
 *   <li>out: {@code mm.orders.live} and {@code mm.orders.shadow}, key symbol, value {@link OrderCommand},
 *       each carrying why it took its route</li>
 * </ul>
 *
 * <p>This first version has no control plane yet, so it routes under {@link RoutingState#FAIL_CLOSED}:
 * every order is shadow.
 */
public final class OrderRouterTopology {

    private OrderRouterTopology() {
    }

    /** The order-router's topology; pure: no I/O, no clients. */
    public static Topology build(Topics topics, OrderRouterConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        OrderMaker maker = new OrderMaker(config.common().configVersion());
        builder.stream(topics.decisions().name(), topics.decisions().consumed().withName("decisions-source"))
                .filter((symbol, decision) -> decision.getVerdict() == Verdict.PASS, Named.as("passed-only"))
                .processValues(() -> new RouteProcessor(maker), Named.as("route"))
                .split(Named.as("route-"))
                .branch((symbol, order) -> order.getRoute() == Route.LIVE, Branched.withConsumer(live ->
                        live.to(topics.ordersLive().name(), topics.ordersLive().produced().withName("orders-live-sink")), "live"))
                .defaultBranch(Branched.withConsumer(shadow ->
                        shadow.to(topics.ordersShadow().name(), topics.ordersShadow().produced().withName("orders-shadow-sink")),
                        "shadow"));
        return builder.build();
    }

    private static final class RouteProcessor extends ContextualFixedKeyProcessor<String, RiskDecision, OrderCommand> {

        private final OrderMaker maker;

        RouteProcessor(OrderMaker maker) {
            this.maker = maker;
        }

        @Override
        public void process(FixedKeyRecord<String, RiskDecision> record) {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            for (OrderCommand order : maker.orders(record.value(), RoutingState.FAIL_CLOSED, source.topic(),
                    source.partition(), source.offset(), record.timestamp())) {
                context().forward(record.withValue(order));
            }
        }
    }
}
