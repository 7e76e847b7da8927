package io.mmguard.canary.slo;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the controller writes numbers for operators. Fractions of one are shown as percentages through the JDK's percent
 * format (exact for {@link BigDecimal}): this is display only, no value is ever converted by hand (DESIGN.md invariant 1).
 */
public final class Formats {

    private Formats() {
    }

    /** A canary fraction: {@code 0.05 -> 5%}, {@code 0.125 -> 12.5%}, {@code 1 -> 100%}. */
    public static String percent(BigDecimal fraction) {
        return format("0.###%", fraction);
    }

    /** A share with two decimals: {@code 0.99833 -> 99.83%} (rounded down, so 99.499% never reads as 99.50%). */
    public static String share(long part, long whole) {
        if (whole == 0) {
            return "n/a";
        }
        BigDecimal share = BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), new MathContext(12, RoundingMode.DOWN));
        DecimalFormat format = formatter("0.00%");
        format.setRoundingMode(RoundingMode.DOWN);
        return format.format(share);
    }

    /** A basis-point measurement with three decimals ({@code inf} beyond the histogram's range). */
    public static String bp(double value) {
        return Double.isInfinite(value) ? "inf" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A latency in ms with one decimal. */
    public static String ms(double value) {
        return Double.isInfinite(value) ? "inf" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Yen with at most two decimals, rounded half-even. */
    public static String jpy(BigDecimal value) {
        return Decimals.plain(value.setScale(2, RoundingMode.HALF_EVEN));
    }

    private static String format(String pattern, BigDecimal value) {
        return formatter(pattern).format(value);
    }

    private static DecimalFormat formatter(String pattern) {
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setParseBigDecimal(true);
        return format;
    }
}
