package io.mmguard.riskgate;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;

/**
 * Everything one input leads to, in the order it is written: the decision, then (sanity REJECT
 * only) the kill sequence, then at most one alert; plus the symbol's state after it.
 *
 * @param decision the decision record (always)
 * @param kill     the kill sequence, or null
 * @param alert    an alert that is not part of a kill sequence, or null
 * @param stats    the symbol's mid statistics after this input
 * @param guard    the symbol's guard state after this input
 */
record Evaluation(RiskDecision decision, KillSequence kill, Alert alert, MidStats stats, SymbolGuard guard) {

    /**
     * True when the seed's guard failed (the kill sequence fired, or was already sent within
     * {@code risk.kill.repeat.ms}); the other REJECTs are a duplicate or an absurd record.
     */
    boolean sanityFailure() {
        return decision.getVerdict() == Verdict.REJECT && decision.getReason() != DecisionReason.BAD_QUOTE
                && decision.getReason() != DecisionReason.DUPLICATE_QUOTE;
    }
}
