package io.mmguard.router;

import io.mmguard.router.control.ControlView;
import io.mmguard.router.orders.RestingOrder;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;

/** Builds the router's order records. Ids derive from inputs, so a replay reproduces them. */
final class OrderCommands {

    /** A cancel's order id is its target's, prefixed: {@code x-o-<decision id>-B}. */
    static final String CANCEL_PREFIX = "x-";

    private OrderCommands() {
    }

    /** {@code o-<decision id>-B|S}: the order a decision makes on one side. */
    static String orderId(String decisionId, Side side) {
        return "o-" + decisionId + (side == Side.BUY ? "-B" : "-S");
    }

    /** Every field is set, to its default where the caller has no value: Avro's builder deep-copies the default of one left unset. */
    static Provenance provenance(String topic, int partition, long offset, String inputId, ControlView view, long configVersion,
                                 String codePath) {
        return Provenance.newBuilder()
                .setInputTopic(topic)
                .setInputPartition(partition)
                .setInputOffset(offset)
                .setInputId(inputId)
                .setControlVersion(view.version())
                .setConfigVersion(configVersion)
                .setCodePath(codePath)
                .setInstrumentVersion(null)
                .setInputsThrough(new HashMap<>())
                .setProcessedAt(null)
                .build();
    }

    /** A cancel of one resting live order. */
    static OrderCommand cancel(RestingOrder order, String symbol, String why, String decisionId, Provenance provenance, long ts,
                               ControlView view) {
        return base(view, provenance, ts)
                .setOrderId(CANCEL_PREFIX + order.orderId())
                .setAction(OrderAction.CANCEL)
                .setSymbol(symbol)
                .setSide(order.side())
                .setPrice(order.price())
                .setQuantity(order.quantity())
                .setRoute(Route.LIVE)
                .setRouteReason(why)
                .setDecisionId(decisionId)
                .setClientOrderId(order.clientOrderId())
                .build();
    }

    /** Cancels every open order of {@code symbol} at the exchange. */
    static OrderCommand cancelAll(String symbol, String orderId, String why, Provenance provenance, long ts, ControlView view) {
        return base(view, provenance, ts)
                .setOrderId(orderId)
                .setAction(OrderAction.CANCEL_ALL)
                .setSymbol(symbol)
                .setRoute(Route.LIVE)
                .setRouteReason(why)
                .build();
    }

    static OrderCommand.Builder base(ControlView view, Provenance provenance, long ts) {
        return OrderCommand.newBuilder()
                .setSide(null)
                .setPrice(null)
                .setQuantity(null)
                .setKillSwitchOn(!view.liveEnabled())
                .setFraction(view.fraction())
                .setSample(null)
                .setDecisionId(null)
                .setQuoteId(null)
                .setMidRef(null)
                .setTs(Instant.ofEpochMilli(ts))
                .setProvenance(provenance)
                .setClientOrderId(null)
                .setTradingState(view.tradingState())
                .setShadowReason(null);
    }

    static OrderDenial denial(String orderId, String symbol, Side side, BigDecimal price, BigDecimal quantity, OrderDenialReason reason,
                              String detail, String decisionId, long ts, Provenance provenance) {
        return OrderDenial.newBuilder()
                .setOrderId(orderId)
                .setSymbol(symbol)
                .setSide(side)
                .setPrice(price)
                .setQuantity(quantity)
                .setReason(reason)
                .setDetail(detail)
                .setDecisionId(decisionId)
                .setTs(Instant.ofEpochMilli(ts))
                .setProvenance(provenance)
                .build();
    }
}
