package io.mmguard.router;

import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Makes the two order commands (buy at the bid, sell at the ask) of one passed decision, routed by the state. */
final class OrderMaker {

    private final long configVersion;

    OrderMaker(long configVersion) {
        this.configVersion = configVersion;
    }

    List<OrderCommand> orders(RiskDecision decision, RoutingState state, String topic, int partition, long offset, long timestamp) {
        Route route = state.killSwitchOn() ? Route.SHADOW : Route.LIVE;
        return List.of(
                order(decision, Side.BUY, decision.getBid(), decision.getBidSize(), route, state, topic, partition, offset, timestamp),
                order(decision, Side.SELL, decision.getAsk(), decision.getAskSize(), route, state, topic, partition, offset, timestamp));
    }

    private OrderCommand order(RiskDecision decision, Side side, BigDecimal price, BigDecimal quantity, Route route,
                               RoutingState state, String topic, int partition, long offset, long timestamp) {
        return OrderCommand.newBuilder()
                .setOrderId("o-" + decision.getDecisionId() + (side == Side.BUY ? "-B" : "-S"))
                .setAction(OrderAction.NEW)
                .setSymbol(decision.getSymbol())
                .setSide(side)
                .setPrice(price)
                .setQuantity(quantity)
                .setRoute(route)
                .setRouteReason(state.reason())
                .setKillSwitchOn(state.killSwitchOn())
                .setFraction(state.fraction())
                .setDecisionId(decision.getDecisionId())
                .setQuoteId(decision.getQuoteId())
                .setMidRef(decision.getMid())
                .setTs(Instant.ofEpochMilli(timestamp))
                .setProvenance(Provenance.newBuilder()
                        .setInputTopic(topic)
                        .setInputPartition(partition)
                        .setInputOffset(offset)
                        .setInputId(decision.getDecisionId())
                        .setControlVersion(state.controlVersion())
                        .setConfigVersion(configVersion)
                        .setCodePath("route")
                        .build())
                .build();
    }
}
