package io.mmguard.core.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Exact-decimal helpers shared by every service. */
public final class Decimals {

    /** Scale of every decimal on the wire (Avro {@code decimal(38, 12)}). */
    public static final int WIRE_SCALE = 12;

    /** Precision for measurements that are ratios (implied bp, z-scores): never for prices. */
    public static final MathContext MEASUREMENT = new MathContext(34, RoundingMode.HALF_EVEN);

    private Decimals() {
    }

    /**
     * A measurement (a ratio, not a price) rounded half-even to the wire scale. Prices never pass
     * through here: they are exact by construction and a price with more places is refused.
     */
    public static BigDecimal measurement(BigDecimal value) {
        return value.setScale(WIRE_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A decimal as an operator reads it: {@code 4295.7}, never {@code 4295.700000000000}. */
    public static String plain(BigDecimal value) {
        if (value == null) {
            return "null";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** Parses a decimal from config or a command line, naming the key when it is not a number. */
    public static BigDecimal parse(String key, String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a decimal number (e.g. 0.05 or 17159268)", e);
        }
    }
}
