package io.mmguard.riskgate;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import java.util.List;

/**
 * The seed's reaction to a sanity failure ({@code disable_live(f"sanity_fail: {e}")}, then
 * {@code cancel_all_open_orders}, then {@code notify}), as records written after the REJECT decision
 * in the same task (so under exactly-once they commit atomically with it). The commands lower risk,
 * so they are unsigned; their ids derive from the quote id, so a replay produces the same ones.
 *
 * @param disableLive {@code DISABLE_LIVE}, scope GLOBAL, key {@value Topics#GLOBAL_KEY}
 * @param cancelAll   {@code CANCEL_ALL}, scope GLOBAL, key {@value Topics#GLOBAL_KEY}
 * @param alert       CRIT {@code QUOTE_SANITY_FAIL}
 * @param reason      the kill reason, as logged after {@code [KILL_SWITCH]}
 */
record KillSequence(ControlCommand disableLive, ControlCommand cancelAll, Alert alert, String reason) {

    static final String ACTOR = "risk-gate";

    /** The kill sequence for a REJECT {@code decision} whose failure is {@code failure} (tagged [QUOTE_SANITY_FAIL]). */
    static KillSequence after(RiskDecision decision, String failure) {
        String reason = "sanity_fail: " + failure + " (symbol=" + decision.getSymbol() + " quote=" + decision.getQuoteId()
                + " rule=" + decision.getReason() + ")";
        Alert alert = Alerts.about(decision, AlertKind.QUOTE_SANITY_FAIL, "KILL SWITCH – " + reason
                + "; live trading disabled and all open orders cancelled");
        return new KillSequence(
                command("kill-" + decision.getQuoteId(), ControlType.DISABLE_LIVE, reason, decision),
                command("cancel-all-" + decision.getQuoteId(), ControlType.CANCEL_ALL, reason, decision),
                alert,
                reason);
    }

    List<ControlCommand> commands() {
        return List.of(disableLive, cancelAll);
    }

    private static ControlCommand command(String id, ControlType type, String reason, RiskDecision decision) {
        return ControlCommand.newBuilder()
                .setId(id)
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setSymbol(null)
                .setParam(null)
                .setValue(null)
                .setReason(reason)
                .setActor(ACTOR)
                .setIssuedAt(decision.getTs())
                .setSignature(null)
                .setProvenance(decision.getProvenance())
                .build();
    }
}
