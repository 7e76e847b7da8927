package io.mmguard.router.control;

import io.mmguard.core.control.ParamRegistry;
import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a control command may say, and whether it raises risk. The router's fold and {@code bin/mm ctl}
 * use the same rules, so the CLI refuses locally exactly what the router would refuse.
 *
 * <ul>
 *   <li>Lowering risk never needs a signature: {@code DISABLE_LIVE}, {@code CANCEL_ALL}, a
 *       {@code SET_FRACTION} not above the fraction in force, {@code SET_PARAM reduce_only 1}.</li>
 *   <li>Raising risk needs one: {@code ENABLE_LIVE}, a higher fraction, any other {@code SET_PARAM}.</li>
 *   <li>A kill or cancel-all that names no symbol (or a symbol-scoped one without a symbol) acts
 *       globally: a malformed command that lowers risk is read in its broadest sense, never dropped.</li>
 *   <li>Out-of-range values are refused, never clamped.</li>
 * </ul>
 */
public final class ControlRules {

    /** {@code SET_PARAM reduce_only 1}: only position-reducing orders go live (trading state REDUCING). */
    public static final String REDUCE_ONLY = ParamRegistry.REDUCE_ONLY.name();
    /** The quoter's inventory skew; the seed steps it 0 -> 0.05 -> 0.10. Range: {@link ParamRegistry#K_INV}. */
    public static final String K_INV = ParamRegistry.K_INV.name();
    /** The quoter's configured extra spread in bp. */
    public static final String EXTRA_BPS = ParamRegistry.EXTRA_BPS.name();

    private static final Pattern PARAM_NAME = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    /** Decimal places a value on the wire may have (Avro decimal(38, 12)). */
    private static final int MAX_SCALE = 12;

    private ControlRules() {
    }

    /** Why {@code command} cannot be applied as written (out of range, missing value), or empty when it can. */
    public static Optional<String> problem(ControlCommand command) {
        ControlType type = command.getType();
        if (type == null || type == ControlType.UNKNOWN) {
            return Optional.of("unknown command type (a type this router does not know is refused: fail closed)");
        }
        return switch (type) {
            case SET_FRACTION -> fractionProblem(command.getValue());
            case SET_PARAM -> paramProblem(command.getParam(), command.getValue());
            case ENABLE_LIVE -> command.getScope() == Scope.SYMBOL && blank(command.getSymbol())
                    ? Optional.of("ENABLE_LIVE with scope SYMBOL names no symbol")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Why {@code value} is not a canary fraction, or empty. The message says that 0.05 is 5%. */
    public static Optional<String> fractionProblem(BigDecimal value) {
        if (value == null) {
            return Optional.of("SET_FRACTION needs a value: a fraction of one in [0, 1] (0.05 is 5%)");
        }
        if (tooPrecise(value)) {
            return Optional.of("fraction " + value.toPlainString() + " has more than " + MAX_SCALE + " decimal places");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            return Optional.of("fraction " + Decimals.plain(value) + " is out of range [0, 1]: it is a fraction of one, so 0.05 is 5%"
                    + " and 1 is 100%; refused, not clamped");
        }
        return Optional.empty();
    }

    /** Why {@code param = value} cannot be set, or empty. */
    public static Optional<String> paramProblem(String param, BigDecimal value) {
        if (blank(param)) {
            return Optional.of("SET_PARAM needs a parameter name (" + ParamRegistry.names()
                    + ", or another service's parameter)");
        }
        if (!PARAM_NAME.matcher(param).matches()) {
            return Optional.of("parameter name '" + param + "' is not well formed (lower case letters, digits, '_' and '.')");
        }
        if (value == null) {
            return Optional.of("SET_PARAM " + param + " needs a value");
        }
        if (tooPrecise(value)) {
            return Optional.of(param + " " + value.toPlainString() + " has more than " + MAX_SCALE + " decimal places");
        }
        // the registry's range (the applying service checks the same one); another well-formed name passes through
        return ParamRegistry.find(param).flatMap(spec -> spec.problem(value));
    }

    /**
     * True when applying {@code command} to a state with {@code currentFraction} and {@code params} in force
     * raises risk (and so needs a valid signature).
     */
    public static boolean raisesRisk(ControlCommand command, BigDecimal currentFraction, Map<String, String> params) {
        return switch (command.getType()) {
            case DISABLE_LIVE, CANCEL_ALL -> false;
            case SET_FRACTION -> command.getValue() == null || command.getValue().compareTo(currentFraction) > 0;
            case SET_PARAM -> !(REDUCE_ONLY.equals(command.getParam()) && command.getValue() != null
                    && command.getValue().compareTo(BigDecimal.ONE) == 0);
            default -> true;
        };
    }

    /** True when a command of {@code type} can raise risk for some value (so the CLI must sign it or check first). */
    public static boolean mayRaiseRisk(ControlType type) {
        return type != ControlType.DISABLE_LIVE && type != ControlType.CANCEL_ALL;
    }

    /**
     * The symbol a kill, cancel-all or enable applies to, or empty for every symbol. A lowering command
     * whose scope and symbol disagree acts globally (its broadest reading).
     */
    public static Optional<String> targetSymbol(ControlCommand command) {
        if (command.getScope() == Scope.SYMBOL && !blank(command.getSymbol())) {
            return Optional.of(command.getSymbol());
        }
        return Optional.empty();
    }

    /** The record key a command is published under: its symbol, or {@value Topics#GLOBAL_KEY}. */
    public static String key(ControlCommand command) {
        return targetSymbol(command).orElse(Topics.GLOBAL_KEY);
    }

    private static boolean tooPrecise(BigDecimal value) {
        return value.stripTrailingZeros().scale() > MAX_SCALE;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
