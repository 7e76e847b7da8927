package io.mmguard.router.control;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds one control command into the control state: a pure function of (state, command, signing key),
 * so every instance that folds the same log derives the same versions, and an audit can re-derive them.
 */
public final class ControlFold {

    /** What a command did. */
    public sealed interface Outcome permits Accepted, Refused, Duplicate {
    }

    /**
     * The command changed the state.
     *
     * @param state the new state (version + 1)
     * @param halts symbol halts in force: symbol -> until (epoch ms; {@link Long#MAX_VALUE} = until a signed enable)
     */
    public record Accepted(ControlState state, Map<String, Long> halts) implements Outcome {
    }

    /**
     * The command was refused; the state is unchanged.
     *
     * @param severity how loud the alert is (a forged signature is CRIT)
     * @param why      the operator's one-line reason
     */
    public record Refused(Severity severity, String why) implements Outcome {
    }

    /**
     * The command's id was already applied: no second effect.
     *
     * @param couldRaiseRisk true for a command type that can raise risk (a replay of it is worth an alert)
     */
    public record Duplicate(boolean couldRaiseRisk) implements Outcome {
    }

    private final Optional<ControlSigner> signer;

    public ControlFold(Optional<ControlSigner> signer) {
        this.signer = signer;
    }

    /**
     * Version 0, before any command: killed unless {@code live} (the seed's {@code CANARY_MODE=1}).
     *
     * @param live     start with live trading on
     * @param fraction the initial canary fraction
     */
    public static ControlState initial(boolean live, BigDecimal fraction) {
        String reason = live
                ? "initial state: canary.mode=1 (CANARY_MODE): live at canary.fraction " + Decimals.plain(fraction)
                : "initial state: canary.mode=0 (CANARY_MODE): killed until a signed ENABLE_LIVE";
        return ControlState.newBuilder()
                .setVersion(0)
                .setTradingState(live ? TradingState.ACTIVE : TradingState.HALTED)
                .setLiveEnabled(live)
                .setFraction(fraction)
                .setParams(Map.of())
                .setHaltedSymbols(Map.of())
                .setLastCommandId(null)
                .setLastCommandType(null)
                .setLastActor("config")
                .setLastReason(reason)
                .setAt(Instant.EPOCH)
                .build();
    }

    /**
     * Applies {@code command} (read at record time {@code recordTs}) to {@code current}.
     *
     * @param current    the state in force
     * @param halts      the symbol halts in force (see {@link Accepted#halts()})
     * @param command    the command
     * @param seenBefore true when a command with this id was already accepted
     * @param recordTs   the command record's timestamp
     */
    public Outcome apply(ControlState current, Map<String, Long> halts, ControlCommand command, boolean seenBefore, long recordTs) {
        if (seenBefore) {
            return new Duplicate(command.getType() != null && ControlRules.mayRaiseRisk(command.getType()));
        }
        Optional<String> problem = ControlRules.problem(command);
        if (problem.isPresent()) {
            return new Refused(Severity.WARN, problem.get() + "; state unchanged");
        }
        if (ControlRules.raisesRisk(command, current.getFraction(), current.getParams())) {
            Optional<Refused> refusal = checkSignature(command, recordTs);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        Map<String, Long> nextHalts = nextHalts(halts, command, recordTs);
        return new Accepted(next(current, nextHalts, command, recordTs), nextHalts);
    }

    private Optional<Refused> checkSignature(ControlCommand command, long recordTs) {
        String what = describeRaise(command);
        if (signer.isEmpty()) {
            return Optional.of(new Refused(Severity.WARN, what + " raises risk and needs a signed command, but this router has no "
                    + ControlSigner.KEY_ENV + " to verify it with; state unchanged"));
        }
        if (command.getSignature() == null || command.getSignature().isBlank()) {
            return Optional.of(new Refused(Severity.WARN, what + " raises risk and is not signed (sign with " + ControlSigner.KEY_ENV
                    + "; bin/mm ctl does when the key is in its environment); state unchanged"));
        }
        if (!signer.get().verify(command)) {
            return Optional.of(new Refused(Severity.CRIT, what + " carries a signature that does not verify (forged, altered, or made"
                    + " with another key); state unchanged"));
        }
        return signer.get().window().problem(command, recordTs)
                .map(why -> new Refused(Severity.WARN, what + " is signed but refused: " + why + "; state unchanged"));
    }

    private static String describeRaise(ControlCommand command) {
        return switch (command.getType()) {
            case SET_FRACTION -> "SET_FRACTION " + Decimals.plain(command.getValue());
            case SET_PARAM -> "SET_PARAM " + command.getParam() + " " + Decimals.plain(command.getValue());
            default -> command.getType().name();
        };
    }

    private static ControlState next(ControlState current, Map<String, Long> nextHalts, ControlCommand command, long recordTs) {
        boolean live = current.getLiveEnabled();
        BigDecimal fraction = current.getFraction();
        Map<String, String> params = new TreeMap<>(current.getParams());
        Map<String, String> halted = new TreeMap<>(current.getHaltedSymbols());
        halted.keySet().retainAll(nextHalts.keySet());
        Optional<String> symbol = ControlRules.targetSymbol(command);
        switch (command.getType()) {
            case DISABLE_LIVE -> {
                if (symbol.isPresent()) {
                    long until = haltUntil(command);
                    halted.put(symbol.get(), command.getReason() + " (by " + command.getActor()
                            + (until == Long.MAX_VALUE ? ", until a signed enable)" : ", until " + Instant.ofEpochMilli(until) + ")"));
                } else {
                    live = false;
                }
            }
            case ENABLE_LIVE -> {
                if (symbol.isPresent()) {
                    halted.remove(symbol.get());
                } else {
                    live = true;
                }
            }
            case SET_FRACTION -> fraction = command.getValue();
            case SET_PARAM -> params.put(command.getParam(), Decimals.plain(command.getValue()));
            default -> {
                // CANCEL_ALL changes no setting; the version bump is what the stream tasks act on
            }
        }
        boolean reduceOnly = "1".equals(params.get(ControlRules.REDUCE_ONLY));
        return ControlState.newBuilder()
                .setVersion(current.getVersion() + 1)
                .setTradingState(!live ? TradingState.HALTED : reduceOnly ? TradingState.REDUCING : TradingState.ACTIVE)
                .setLiveEnabled(live)
                .setFraction(fraction)
                .setParams(params)
                .setHaltedSymbols(halted)
                .setLastCommandId(command.getId())
                .setLastCommandType(command.getType())
                .setLastActor(command.getActor())
                .setLastReason(command.getReason())
                .setAt(Instant.ofEpochMilli(recordTs))
                .build();
    }

    private static Map<String, Long> nextHalts(Map<String, Long> halts, ControlCommand command, long recordTs) {
        Map<String, Long> next = new TreeMap<>(halts);
        next.values().removeIf(until -> until <= recordTs);
        Optional<String> symbol = ControlRules.targetSymbol(command);
        if (symbol.isPresent() && command.getType() == ControlType.DISABLE_LIVE) {
            next.merge(symbol.get(), haltUntil(command), Math::max);
        } else if (symbol.isPresent() && command.getType() == ControlType.ENABLE_LIVE) {
            next.remove(symbol.get());
        }
        return next;
    }

    /** A symbol kill with a positive value halts for that many seconds from when it was issued; otherwise until enabled. */
    private static long haltUntil(ControlCommand command) {
        BigDecimal seconds = command.getValue();
        if (seconds == null || seconds.signum() <= 0) {
            return Long.MAX_VALUE;
        }
        return command.getIssuedAt().toEpochMilli() + seconds.movePointRight(3).longValue();
    }
}
