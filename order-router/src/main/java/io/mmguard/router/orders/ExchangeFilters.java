package io.mmguard.router.orders;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
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

    /** 10^0 .. 10^18: the powers of ten a long holds. */
    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

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
        if (tick.signum() > 0 && !isMultipleOf(price, tick)) {
            return violation(OrderDenialReason.PRICE_FILTER, "price " + plain(price) + " is not a multiple of tick_size " + plain(tick));
        }
        if (quantity == null || quantity.signum() <= 0 || quantity.compareTo(instrument.getMinQty()) < 0) {
            return violation(OrderDenialReason.LOT_SIZE, "quantity " + plain(quantity) + " is below min_qty " + plain(instrument.getMinQty()));
        }
        BigDecimal step = instrument.getLotStep();
        if (step.signum() > 0 && !isMultipleOf(quantity.subtract(instrument.getMinQty()), step)) {
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

    /**
     * True when {@code value} is a whole multiple of {@code step}: exactly {@code value.remainder(step).signum() == 0},
     * without BigDecimal division. With {@code value = a x 10^-s} and {@code step = b x 10^-u} (a, b integers), that holds
     * when, on the finer of the two scales, the integer step divides the integer value: {@code b | a x 10^(u-s)} for
     * {@code u >= s}, {@code b x 10^(s-u) | a} otherwise. In longs when they fit, else one BigInteger remainder; scales
     * more than 18 places apart (and a zero step) go to {@code remainder} itself.
     */
    static boolean isMultipleOf(BigDecimal value, BigDecimal step) {
        long apart = (long) step.scale() - value.scale();
        if (step.signum() == 0 || Math.abs(apart) >= POWERS_OF_TEN.length) {
            return value.remainder(step).signum() == 0; // a zero step throws, as remainder always did
        }
        if (value.signum() == 0) {
            return true;
        }
        BigInteger a = value.unscaledValue();
        BigInteger b = step.unscaledValue();
        long factor = POWERS_OF_TEN[(int) Math.abs(apart)];
        if (a.bitLength() < Long.SIZE - 1 && b.bitLength() < Long.SIZE - 1) { // |a|, |b| < 2^62: Math.abs cannot overflow
            long unscaledValue = a.longValue();
            long unscaledStep = b.longValue();
            if (apart >= 0 && Math.abs(unscaledValue) <= Long.MAX_VALUE / factor) {
                return unscaledValue * factor % unscaledStep == 0;
            }
            if (apart < 0 && Math.abs(unscaledStep) <= Long.MAX_VALUE / factor) {
                return unscaledValue % (unscaledStep * factor) == 0;
            }
        }
        return apart >= 0
                ? a.multiply(BigInteger.valueOf(factor)).remainder(b).signum() == 0
                : a.remainder(b.multiply(BigInteger.valueOf(factor))).signum() == 0;
    }

    private static Optional<Violation> violation(OrderDenialReason reason, String detail) {
        return Optional.of(new Violation(reason, reason + ": " + detail));
    }

    private static String plain(BigDecimal value) {
        return Decimals.plain(value);
    }
}
