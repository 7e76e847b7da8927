package io.mmguard.canary.observe;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.util.Set;

/** Reduces each input record to the observation the controller needs, or to nothing. Pure functions. */
public final class Observations {

    /** The param name of the quoter's inventory skew in {@link ControlState#getParams()}. */
    public static final String K_INV = "k_inv";
    /** Alert kinds this controller writes start with this; they are never incidents of their own. */
    public static final String OWN_ALERT_PREFIX = "CANARY_";

    private static final Set<DecisionReason> SANITY_REASONS = Set.of(
            DecisionReason.ASK_NOT_ABOVE_BID, DecisionReason.IMPLIED_BP_TOO_WIDE, DecisionReason.PATH_DISAGREEMENT);

    private Observations() {
    }

    /** Every quote: its err_bp sample and its mid. */
    public static Observation ofQuote(Quote quote, Source source) {
        if (quote.getErrBp() == null) {
            return null;
        }
        return new Observation.QuoteSample(withId(source, quote.getQuoteId()), quote.getSymbol(), quote.getErrBp(), quote.getMid());
    }

    /** A REJECT for ask &le; bid, implied bp too wide or a path disagreement is a sanity failure; other decisions are not. */
    public static Observation ofDecision(RiskDecision decision, Source source) {
        if (decision.getVerdict() != Verdict.REJECT || !SANITY_REASONS.contains(decision.getReason())) {
            return null;
        }
        return new Observation.SanityFailure(withId(source, decision.getDecisionId()), decision.getSymbol(),
                "risk decision " + decision.getDecisionId() + " REJECT " + decision.getReason() + " for " + decision.getSymbol()
                        + ": " + decision.getDetail());
    }

    /** A quote denial with {@code sanity_failure=true} is a sanity failure; bad market input is not. */
    public static Observation ofDenial(QuoteDenial denial, Source source) {
        if (!denial.getSanityFailure()) {
            return null;
        }
        return new Observation.SanityFailure(withId(source, denial.getDenialId()), denial.getSymbol(),
                "quote denial " + denial.getDenialId() + " " + denial.getReason() + " for " + denial.getSymbol() + ": "
                        + denial.getDetail());
    }

    /**
     * An execution report (live orders only: shadow orders never reach the exchange): ACK and REJECT are new-order
     * outcomes, CANCELED a cancel ack with its latency, PARTIAL_FILL and FILL fills; CANCEL_REJECT (an order already gone,
     * -2011) is not a new-order failure and is not observed.
     */
    public static Observation ofReport(ExecutionReport report, Source source) {
        Source from = withId(source, report.getReportId());
        return switch (report.getExecType()) {
            case ACK -> new Observation.NewOrderResult(from, report.getSymbol(), true, null, null);
            case REJECT -> new Observation.NewOrderResult(from, report.getSymbol(), false, report.getRejectCode(),
                    report.getRejectReason());
            case CANCELED -> {
                long acked = report.getAckTs() != null ? report.getAckTs().toEpochMilli() : report.getTs().toEpochMilli();
                yield new Observation.CancelAck(from, report.getSymbol(), Math.max(0, acked - report.getRequestTs().toEpochMilli()));
            }
            case PARTIAL_FILL, FILL -> report.getLastQty() == null || report.getLastPrice() == null || report.getSide() == null
                    ? null
                    : new Observation.Fill(from, report.getSymbol(), report.getSide(), report.getLastQty(), report.getLastPrice(),
                            report.getQuoteRefPrice(), report.getMidRef());
            case CANCEL_REJECT -> null;
        };
    }

    /** Every control state the router publishes. */
    public static Observation ofControlState(ControlState state, Source source) {
        return new Observation.ControlChange(withId(source, state.getLastCommandId()), state.getVersion(), state.getLiveEnabled(),
                state.getTradingState(), state.getFraction(), kInv(state), state.getLastActor(), state.getLastCommandId(),
                state.getLastCommandType() == null ? null : state.getLastCommandType().name(), state.getLastReason());
    }

    /** A CRIT alert from any other component is an incident. */
    public static Observation ofAlert(Alert alert, Source source) {
        if (alert.getSeverity() != Severity.CRIT || alert.getKind().startsWith(OWN_ALERT_PREFIX)) {
            return null;
        }
        return new Observation.Incident(withId(source, alert.getAlertId()), alert.getKind(), alert.getSymbol(), alert.getMessage());
    }

    /** A recorded tick. */
    public static Observation ofTick(Long wallClockMs, Source source) {
        return new Observation.Tick(source, wallClockMs);
    }

    /** The k_inv in force, or null when none was ever set (the quoter then uses 0) or it is unreadable. */
    static BigDecimal kInv(ControlState state) {
        String value = state.getParams() == null ? null : state.getParams().get(K_INV);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Source withId(Source source, String id) {
        return new Source(source.topic(), source.partition(), source.offset(), id);
    }
}
