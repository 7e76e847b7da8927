package io.mmguard.core.control;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime parameters a signed {@code SET_PARAM} may change, with their allowed values, in one place: {@code bin/mm
 * ctl} checks a command against it before publishing, the order-router's control fold refuses what it refuses, and the
 * service that applies a parameter checks the same range in its own fold. Before this registry the CLI and the router
 * accepted {@code k_inv} up to 1 while the quoter applied only up to 0.5, so {@code set-param k_inv 0.8} was reported
 * as accepted, shown in {@code mm.control.state}, and silently ignored by the quoter.
 *
 * <p>A name that is not here but is well formed (a risk-gate {@code risk.*} threshold) passes this check: the service
 * that owns it checks it.
 */
public final class ParamRegistry {

    /** {@code reduce_only}: 1 = only position-reducing orders go live (trading state REDUCING), 0 = normal. */
    public static final Spec REDUCE_ONLY = new Spec("reduce_only", BigDecimal.ZERO, BigDecimal.ONE, true, "flag",
            "order-router", false, "1 = only position-reducing orders go live, 0 = normal");
    /**
     * {@code k_inv}: the quoter's inventory skew, {@code bid_half = half (1 + k inv)}, {@code ask_half = half (1 - k inv)}
     * with {@code |inv| <= 1}. At most 0.5 keeps both halves at least half the configured one, so bid < mid < ask.
     */
    public static final Spec K_INV = new Spec("k_inv", BigDecimal.ZERO, new BigDecimal("0.5"), false, "coefficient",
            "quoter", true, "inventory skew k (the seed steps it 0 -> 0.05 -> 0.10; at most 0.5 keeps both half spreads positive)");
    /** {@code extra_bps}: the quoter's extra spread in basis points (5 = 0.05%). */
    public static final Spec EXTRA_BPS = new Spec("extra_bps", BigDecimal.ZERO, new BigDecimal("1000"), false, "bp",
            "quoter", false, "extra spread in bp (the seed's 5; 5 means 0.05%)");

    private static final Map<String, Spec> BY_NAME = new LinkedHashMap<>();

    static {
        for (Spec spec : List.of(REDUCE_ONLY, K_INV, EXTRA_BPS)) {
            BY_NAME.put(spec.name(), spec);
        }
    }

    private ParamRegistry() {
    }

    /**
     * One parameter.
     *
     * @param name        as on the wire ({@code ControlCommand.param})
     * @param min         smallest allowed value
     * @param max         largest allowed value
     * @param whole       only whole numbers
     * @param unit        what the number is (bp, a coefficient, a flag)
     * @param appliedBy   the service whose fold applies it
     * @param riskRising  raising it raises risk (wider skew moves quotes further from the fair side)
     * @param meaning     one line for operators
     */
    public record Spec(String name, BigDecimal min, BigDecimal max, boolean whole, String unit, String appliedBy,
                       boolean riskRising, String meaning) {

        /** Why {@code value} is not allowed, or empty when it is. */
        public Optional<String> problem(BigDecimal value) {
            if (value == null) {
                return Optional.of(name + " needs a value (" + meaning + ")");
            }
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                return Optional.of(name + " " + Decimals.plain(value) + " is out of range [" + Decimals.plain(min) + ", "
                        + Decimals.plain(max) + "] (" + meaning + "); refused, not clamped");
            }
            if (whole && value.stripTrailingZeros().scale() > 0) {
                return Optional.of(name + " " + Decimals.plain(value) + " must be a whole number (" + meaning + ")");
            }
            return Optional.empty();
        }
    }

    /** The parameter named {@code name}, if it is one of the registry's. */
    public static Optional<Spec> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every parameter, in a stable order. */
    public static List<Spec> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The names, comma separated (for messages). */
    public static String names() {
        return String.join(", ", BY_NAME.keySet());
    }
}
