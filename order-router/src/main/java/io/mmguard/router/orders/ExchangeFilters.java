package io.mmguard.router.orders;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The exchange's pre-trade filters (EXCHANGE.md), checked before an order is sent so that a violation
 * is a typed denial here instead of a {@code -1013} from the venue. Exact decimal arithmetic throughout.
 *
 * <ul>
 *   <li>PRICE_FILTER: price &gt; 0 and a multiple of {@code tick_size} (a tick of 0 disables the step check)</li>
 *   <li>LOT_SIZE: quantity &ge; {@code min_qty} and {@code (quantity - min_qty)} a multiple of {@code lot_step}</li>
 *   <li>MIN_NOTIONAL / MAX_NOTIONAL: {@code min_notional <= price x quantity <= max_notional} (no max when null)</li>
 *   <li>PERCENT_PRICE_BY_SIDE: BUY within {@code [ref x bid_multiplier_down, ref x bid_multiplier_up]}, SELL with the
 *       ask multipliers; the reference price is the decision's mid (the venue uses its recent average price)</li>
 * </ul>
 */
public final class ExchangeFilters {

    private ExchangeFilters() {
    }

    /**
     * A failed filter.
     *
     * @param reason the filter's name as a denial reason
     * @param detail one line with the numbers
     */
    public record Violation(OrderDenialReason reason, String detail) {
    }

    /** The first filter {@code price x quantity} on {@code side} fails, or empty when it passes them all. */
    public static Optional<Violation> check(Instrument instrument, Side side, BigDecimal price, BigDecimal quantity,
                                            BigDecimal referencePrice) {
        if (price == null || price.signum() <= 0) {
            return violation(OrderDenialReason.PRICE_FILTER, "price " + plain(price) + " is not positive");
        }
        BigDecimal tick = instrument.getTickSize();
        if (tick.signum() > 0 && price.remainder(tick).signum() != 0) {
            return violation(OrderDenialReason.PRICE_FILTER, "price " + plain(price) + " is not a multiple of tick_size " + plain(tick));
        }
        if (quantity == null || quantity.signum() <= 0 || quantity.compareTo(instrument.getMinQty()) < 0) {
            return violation(OrderDenialReason.LOT_SIZE, "quantity " + plain(quantity) + " is below min_qty " + plain(instrument.getMinQty()));
        }
        BigDecimal step = instrument.getLotStep();
        if (step.signum() > 0 && quantity.subtract(instrument.getMinQty()).remainder(step).signum() != 0) {
            return violation(OrderDenialReason.LOT_SIZE, "quantity " + plain(quantity) + " is not min_qty " + plain(instrument.getMinQty())
                    + " plus a multiple of lot_step " + plain(step));
        }
        BigDecimal notional = price.multiply(quantity);
        if (notional.compareTo(instrument.getMinNotional()) < 0) {
            return violation(OrderDenialReason.MIN_NOTIONAL, "notional " + plain(notional) + " (" + plain(price) + " x " + plain(quantity)
                    + ") is below min_notional " + plain(instrument.getMinNotional()));
        }
        BigDecimal maxNotional = instrument.getMaxNotional();
        if (maxNotional != null && maxNotional.signum() > 0 && notional.compareTo(maxNotional) > 0) {
            return violation(OrderDenialReason.MAX_NOTIONAL, "notional " + plain(notional) + " (" + plain(price) + " x " + plain(quantity)
                    + ") is above max_notional " + plain(maxNotional));
        }
        if (referencePrice != null && referencePrice.signum() > 0) {
            BigDecimal down = side == Side.BUY ? instrument.getBidMultiplierDown() : instrument.getAskMultiplierDown();
            BigDecimal up = side == Side.BUY ? instrument.getBidMultiplierUp() : instrument.getAskMultiplierUp();
            BigDecimal low = referencePrice.multiply(down);
            BigDecimal high = referencePrice.multiply(up);
            if (price.compareTo(low) < 0 || price.compareTo(high) > 0) {
                return violation(OrderDenialReason.PERCENT_PRICE_BY_SIDE, side + " price " + plain(price) + " is outside ["
                        + plain(low) + ", " + plain(high) + "] (reference " + plain(referencePrice) + " x " + (side == Side.BUY ? "bid" : "ask")
                        + " multipliers " + plain(down) + ".." + plain(up) + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(OrderDenialReason reason, String detail) {
        return Optional.of(new Violation(reason, reason + ": " + detail));
    }

    private static String plain(BigDecimal value) {
        return Decimals.plain(value);
    }
}
