package io.mmguard.router.orders;

import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;

/**
 * A live order the router sent and believes is on the exchange's book.
 *
 * @param orderId       the router's order id ({@code o-<decision id>-B|S})
 * @param clientOrderId the exchange's {@code newClientOrderId}
 * @param side          BUY (our bid) or SELL (our ask)
 * @param price         limit price
 * @param quantity      quantity
 * @param decisionId    the decision that placed it
 */
public record RestingOrder(String orderId, String clientOrderId, Side side, BigDecimal price, BigDecimal quantity, String decisionId) {

    /** The resting order a live NEW command creates. */
    public static RestingOrder of(OrderCommand order) {
        return new RestingOrder(order.getOrderId(), order.getClientOrderId(), order.getSide(), order.getPrice(), order.getQuantity(),
                order.getDecisionId());
    }

    /** True when an execution report's order id names this order (the router's id or the exchange client id). */
    public boolean isNamedBy(String reportedOrderId) {
        return orderId.equals(reportedOrderId) || (clientOrderId != null && clientOrderId.equals(reportedOrderId));
    }
}
