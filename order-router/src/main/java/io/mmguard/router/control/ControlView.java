package io.mmguard.router.control;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The control state as routing reads it: one immutable snapshot per version, decoded once and shared
 * by every decision routed under that version.
 *
 * @param version the state's version ({@code -1}: no state could be read, fail closed)
 * @param state   the published state
 * @param halts   symbol halts: symbol -> until (epoch ms, {@link Long#MAX_VALUE} = until a signed enable)
 */
public record ControlView(long version, ControlState state, Map<String, Long> halts) {

    /** No readable control state: live trading is off (DESIGN.md invariant 5). A new instance each time (Avro records are mutable). */
    public static ControlView failClosed() {
        return new ControlView(-1, ControlState.newBuilder()
                .setVersion(-1)
                .setTradingState(TradingState.HALTED)
                .setLiveEnabled(false)
                .setFraction(BigDecimal.ZERO)
                .setLastReason("no readable control state (fail closed)")
                .setAt(Instant.EPOCH)
                .build(), Map.of());
    }

    public ControlView {
        halts = Map.copyOf(halts);
    }

    public boolean liveEnabled() {
        return state.getLiveEnabled();
    }

    public BigDecimal fraction() {
        return state.getFraction();
    }

    public TradingState tradingState() {
        return state.getTradingState();
    }

    /** True in REDUCING: only position-reducing orders go live. */
    public boolean reduceOnly() {
        return state.getTradingState() == TradingState.REDUCING;
    }

    /** The symbol's halt reason when it is halted at record time {@code ts}. */
    public Optional<String> haltOf(String symbol, long ts) {
        Long until = halts.get(symbol);
        if (until == null || until <= ts) {
            return Optional.empty();
        }
        String reason = state.getHaltedSymbols().get(symbol);
        return Optional.of(reason == null ? "halted by the control state" : reason);
    }

    /** Why live trading is off, for an order's {@code route_reason}. */
    public String killReason() {
        return "kill_switch_on: live trading is off (control v" + version + ": "
                + (state.getLastCommandType() == null ? "" : state.getLastCommandType() + " ")
                + (state.getLastActor() == null ? "" : "by " + state.getLastActor() + ": ")
                + state.getLastReason() + ")";
    }

    /** The fraction as an operator reads it. */
    public String fractionText() {
        return Decimals.plain(state.getFraction());
    }
}
