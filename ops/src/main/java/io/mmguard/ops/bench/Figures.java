package io.mmguard.ops.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Rounding, ratios and formatting of the bench's figures (doubles: these are measurements, not prices). */
final class Figures {

    private Figures() {
    }

    /** {@code value / baseline}, NaN when either is missing or the baseline is zero. */
    static double ratio(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }

    /** {@code value} rounded half-up to {@code places} decimals (NaN stays NaN). */
    static double round(double value, int places) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** A JSON value: the number rounded to 3 decimals, or null when it was not measured. */
    static Double orNull(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : round(value, 3);
    }

    /** Milliseconds for a table: {@code 0.42 ms}, {@code 35.1 ms}, {@code 412 ms}; {@code n/a} when not measured. */
    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (value < 10 ? String.format(Locale.ROOT, "%.2f", value)
                : value < 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value)) + " ms";
    }

    /** A rate for a table: {@code 1,234/s}. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "n/a" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** A ratio for a table: {@code ×11.8}, {@code ×0.31}. */
    static String times(double ratio) {
        if (Double.isNaN(ratio)) {
            return "×n/a";
        }
        return ratio >= 10 ? String.format(Locale.ROOT, "×%.1f", ratio) : String.format(Locale.ROOT, "×%.2f", ratio);
    }
}
