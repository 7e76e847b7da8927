package io.mmguard.sim.exchange;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.Optional;

/** Binance-spot exchange filters (EXCHANGE.md): each failure is {@code -1013} with the filter's name. */
final class ExchangeRules {

    static final int FILTER_FAILURE = -1013;

    private ExchangeRules() {
    }

    /** The first filter a new order fails, as Binance words it, or empty. {@code mid} is the reference for PERCENT_PRICE_BY_SIDE. */
    static Optional<String> filterFailure(Instrument instrument, Side side, BigDecimal price, BigDecimal quantity, BigDecimal mid) {
        if (price == null || price.signum() <= 0 || price.remainder(instrument.getTickSize()).signum() != 0) {
            return Optional.of("Filter failure: PRICE_FILTER (price " + Decimals.plain(price) + " is not a positive multiple of tick "
                    + Decimals.plain(instrument.getTickSize()) + ")");
        }
        if (quantity == null || quantity.compareTo(instrument.getMinQty()) < 0
                || quantity.subtract(instrument.getMinQty()).remainder(instrument.getLotStep()).signum() != 0) {
            return Optional.of("Filter failure: LOT_SIZE (quantity " + Decimals.plain(quantity) + " is below min "
                    + Decimals.plain(instrument.getMinQty()) + " or off the step " + Decimals.plain(instrument.getLotStep()) + ")");
        }
        BigDecimal notional = price.multiply(quantity);
        if (notional.compareTo(instrument.getMinNotional()) < 0
                || (instrument.getMaxNotional() != null && notional.compareTo(instrument.getMaxNotional()) > 0)) {
            return Optional.of("Filter failure: NOTIONAL (price x quantity " + Decimals.plain(notional) + " is outside ["
                    + Decimals.plain(instrument.getMinNotional()) + ", "
                    + (instrument.getMaxNotional() == null ? "no max" : Decimals.plain(instrument.getMaxNotional())) + "])");
        }
        if (mid != null) {
            BigDecimal up = side == Side.BUY ? instrument.getBidMultiplierUp() : instrument.getAskMultiplierUp();
            BigDecimal down = side == Side.BUY ? instrument.getBidMultiplierDown() : instrument.getAskMultiplierDown();
            BigDecimal low = mid.multiply(down);
            BigDecimal high = mid.multiply(up);
            if (price.compareTo(low) < 0 || price.compareTo(high) > 0) {
                return Optional.of("Filter failure: PERCENT_PRICE_BY_SIDE (" + side + " price " + Decimals.plain(price)
                        + " is outside [" + Decimals.plain(low) + ", " + Decimals.plain(high) + "] around mid " + Decimals.plain(mid) + ")");
            }
        }
        return Optional.empty();
    }
}
