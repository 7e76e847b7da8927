package io.mmguard.riskgate;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.RiskDecision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The alert records the risk-gate writes, each after the decision (or command) it notifies about. */
final class Alerts {

    private Alerts() {
    }

    /** An alert about {@code decision}: id {@code a-<kind>-<decision id>}, same time and provenance. */
    static Alert about(RiskDecision decision, AlertKind kind, String message) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("decision_id", decision.getDecisionId());
        details.put("quote_id", decision.getQuoteId());
        details.put("verdict", decision.getVerdict().name());
        details.put("reason", decision.getReason().name());
        if (decision.getL2AgeMs() != null) {
            details.put("l2_age_ms", Long.toString(decision.getL2AgeMs()));
        }
        if (decision.getZScore() != null) {
            details.put("z_score", decision.getZScore().toPlainString());
        }
        if (decision.getFreezeUntil() != null) {
            details.put("freeze_until", decision.getFreezeUntil().toString());
        }
        return Alert.newBuilder()
                .setAlertId("a-" + kind.name().toLowerCase(Locale.ROOT) + "-" + decision.getDecisionId())
                .setSeverity(kind.severity())
                .setKind(kind.name())
                .setSymbol(decision.getSymbol())
                .setMessage(message)
                .setDetails(details)
                .setTs(decision.getTs())
                .setProvenance(decision.getProvenance())
                .build();
    }

    /** The WARN alert for a refused risk SET_PARAM; key {@value Topics#GLOBAL_KEY}. */
    static Alert paramRefused(ParamRefusal refusal, long now) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("command_id", refusal.commandId());
        details.put("param", refusal.param());
        details.put("value", refusal.value());
        details.put("actor", refusal.actor());
        details.put("control_offset", Long.toString(refusal.offset()));
        return Alert.newBuilder()
                .setAlertId("a-param-refused-" + refusal.offset())
                .setSeverity(AlertKind.PARAM_REFUSED.severity())
                .setKind(AlertKind.PARAM_REFUSED.name())
                .setSymbol(null)
                .setMessage("risk-gate ignored SET_PARAM " + refusal.param() + "=" + refusal.value() + " (command "
                        + refusal.commandId() + " by " + refusal.actor() + "): " + refusal.why()
                        + "; the previous value stays in force")
                .setDetails(details)
                .setTs(java.time.Instant.ofEpochMilli(now))
                .build();
    }
}
