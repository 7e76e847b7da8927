package io.mmguard.router.orders;

import io.mmguard.schemas.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol's live orders as the router knows them: the resting bid and ask, and orders whose cancel
 * was sent but not yet confirmed. A kill sends {@code CANCEL_ALL} for a symbol while any of these exist.
 *
 * @param bid        the resting live bid, or null
 * @param ask        the resting live ask, or null
 * @param cancelling orders with a cancel in flight (bounded: the oldest are forgotten past {@value #MAX_CANCELLING};
 *                   a symbol-wide {@code CANCEL_ALL} covers them at the exchange anyway)
 */
public record SymbolOrders(RestingOrder bid, RestingOrder ask, List<RestingOrder> cancelling) {

    public static final int MAX_CANCELLING = 32;
    public static final SymbolOrders NONE = new SymbolOrders(null, null, List.of());

    public SymbolOrders {
        cancelling = cancelling == null ? List.of() : List.copyOf(cancelling);
    }

    /** True when the router knows of no live order for the symbol. */
    public boolean isEmpty() {
        return bid == null && ask == null && cancelling.isEmpty();
    }

    /** The resting bid and ask (those that exist), bid first. */
    public List<RestingOrder> resting() {
        List<RestingOrder> resting = new ArrayList<>(2);
        if (bid != null) {
            resting.add(bid);
        }
        if (ask != null) {
            resting.add(ask);
        }
        return resting;
    }

    /** After cancels were sent for the resting bid and ask: they move to {@link #cancelling()}. */
    public SymbolOrders cancelRequested() {
        List<RestingOrder> next = new ArrayList<>(cancelling);
        next.addAll(resting());
        while (next.size() > MAX_CANCELLING) {
            next.remove(0);
        }
        return new SymbolOrders(null, null, next);
    }

    /** With {@code order} resting on its side. */
    public SymbolOrders withResting(RestingOrder order) {
        return order.side() == Side.BUY ? new SymbolOrders(order, ask, cancelling) : new SymbolOrders(bid, order, cancelling);
    }

    /** Without the order named {@code reportedOrderId} (filled, cancelled, rejected or already gone). */
    public SymbolOrders without(String reportedOrderId) {
        return new SymbolOrders(
                bid != null && bid.isNamedBy(reportedOrderId) ? null : bid,
                ask != null && ask.isNamedBy(reportedOrderId) ? null : ask,
                cancelling.stream().filter(order -> !order.isNamedBy(reportedOrderId)).toList());
    }

    /** True when {@code reportedOrderId} names one of these orders. */
    public boolean knows(String reportedOrderId) {
        return (bid != null && bid.isNamedBy(reportedOrderId)) || (ask != null && ask.isNamedBy(reportedOrderId))
                || cancelling.stream().anyMatch(order -> order.isNamedBy(reportedOrderId));
    }
}
