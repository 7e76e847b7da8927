package io.mmguard.riskgate;

import io.mmguard.core.quote.QuoteMath;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Starts a decision record from its input with every measurement that can be taken from it; the
 * gate then sets verdict, reason and detail. Prices a denial or a silence does not have are recorded
 * as 0 (the fields are required on the wire).
 */
final class Decisions {

    static final String CODE_PATH_QUOTE = "risk-gate/quote";
    static final String CODE_PATH_DENIAL = "risk-gate/denial";
    static final String CODE_PATH_SILENCE = "risk-gate/silence";

    private Decisions() {
    }

    /**
     * A decision about {@code quote}: id {@code d-<quote_id>}, prices as quoted, implied bp re-measured here, the book's
     * age when the gate decided ({@code l2_age_ms = processedAt - book_ts}) and the wall-clock stamp it was measured with.
     */
    static RiskDecision.Builder forQuote(String symbol, Quote quote, long ts, long processedAt, InputRef source, RiskParams params) {
        String quoteId = orEmpty(quote.getQuoteId());
        BigDecimal mid = orZero(quote.getMid());
        BigDecimal cfg = orZero(quote.getCfgTotalBp());
        BigDecimal implied = measuredImpliedBp(quote);
        long controlVersion = quote.getProvenance() == null ? 0 : quote.getProvenance().getControlVersion();
        return RiskDecision.newBuilder()
                .setDecisionId("d-" + quoteId)
                .setQuoteId(quoteId)
                .setSymbol(symbol)
                .setTs(Instant.ofEpochMilli(ts))
                .setMid(mid)
                .setBid(orZero(quote.getBid()))
                .setAsk(orZero(quote.getAsk()))
                .setBidSize(orZero(quote.getBidSize()))
                .setAskSize(orZero(quote.getAskSize()))
                .setCfgBp(cfg)
                .setImpliedBp(implied)
                .setErrBp(implied.subtract(cfg).abs())
                .setL2AgeMs(quote.getBookTs() == null ? null : processedAt - quote.getBookTs().toEpochMilli())
                .setBookTs(quote.getBookTs())
                .setDetail("")
                .setProvenance(provenance(source, quoteId, controlVersion, params, CODE_PATH_QUOTE, processedAt));
    }

    /** A decision about a book update the quoter denied: id {@code d-<denial_id>}, quote id = denial id. */
    static RiskDecision.Builder forDenial(String symbol, QuoteDenial denial, long ts, long processedAt, InputRef source, RiskParams params) {
        String denialId = orEmpty(denial.getDenialId());
        BigDecimal cfg = orZero(denial.getCfgTotalBp());
        BigDecimal implied = orZero(denial.getImpliedBp());
        long controlVersion = denial.getProvenance() == null ? 0 : denial.getProvenance().getControlVersion();
        return RiskDecision.newBuilder()
                .setDecisionId("d-" + denialId)
                .setQuoteId(denialId)
                .setSymbol(symbol)
                .setTs(Instant.ofEpochMilli(ts))
                .setMid(orZero(denial.getMid()))
                .setBid(orZero(denial.getBid()))
                .setAsk(orZero(denial.getAsk()))
                .setBidSize(BigDecimal.ZERO)
                .setAskSize(BigDecimal.ZERO)
                .setCfgBp(cfg)
                .setImpliedBp(implied)
                .setErrBp(denial.getImpliedBp() == null || denial.getCfgTotalBp() == null ? BigDecimal.ZERO
                        : implied.subtract(cfg).abs())
                .setL2AgeMs(denial.getBookTs() == null ? null : processedAt - denial.getBookTs().toEpochMilli())
                .setBookTs(denial.getBookTs())
                .setDetail("")
                .setProvenance(provenance(source, denialId, controlVersion, params, CODE_PATH_DENIAL, processedAt));
    }

    /**
     * The freeze record for a symbol the feed has gone silent on: written by the wall-clock
     * punctuator at {@code now}, id derived from the symbol and the last input seen for it.
     */
    static RiskDecision feedSilent(String symbol, SymbolGuard guard, long now, long silentForMs, RiskParams params) {
        InputRef last = new InputRef(guard.lastTopic(), guard.lastPartition(), guard.lastOffset());
        return RiskDecision.newBuilder()
                .setDecisionId("d-silent-" + symbol + "-" + last.topic() + "-" + last.partition() + "-" + last.offset())
                .setQuoteId("")
                .setSymbol(symbol)
                .setVerdict(Verdict.FREEZE)
                .setReason(DecisionReason.FEED_SILENT)
                .setDetail("no quote or denial for " + symbol + " for " + silentForMs + " ms by the wall clock (risk.silence.ms="
                        + params.silenceMs() + "); last input " + last + "; resting orders should be cancelled")
                .setTs(Instant.ofEpochMilli(now))
                .setMid(BigDecimal.ZERO)
                .setBid(BigDecimal.ZERO)
                .setAsk(BigDecimal.ZERO)
                .setBidSize(BigDecimal.ZERO)
                .setAskSize(BigDecimal.ZERO)
                .setCfgBp(BigDecimal.ZERO)
                .setImpliedBp(BigDecimal.ZERO)
                .setErrBp(BigDecimal.ZERO)
                .setProvenance(provenance(last, null, 0, params, CODE_PATH_SILENCE, now))
                .build();
    }

    static void verdict(RiskDecision.Builder decision, Verdict verdict, DecisionReason reason, String detail) {
        decision.setVerdict(verdict).setReason(reason).setDetail(detail);
    }

    /** The implied spread re-measured from the quote's own prices, or the quoter's figure when they cannot be used. */
    static BigDecimal measuredImpliedBp(Quote quote) {
        if (quote.getMid() != null && quote.getMid().signum() > 0 && quote.getBid() != null && quote.getAsk() != null) {
            return QuoteMath.impliedBps(quote.getBid(), quote.getAsk(), quote.getMid());
        }
        return orZero(quote.getImpliedBp());
    }

    private static Provenance provenance(InputRef source, String inputId, long controlVersion, RiskParams params,
                                         String codePath, long processedAt) {
        return Provenance.newBuilder()
                .setInputTopic(source.topic())
                .setInputPartition(source.partition())
                .setInputOffset(source.offset())
                .setInputId(inputId)
                .setControlVersion(controlVersion)
                .setConfigVersion(params.version())
                .setCodePath(codePath)
                .setProcessedAt(Instant.ofEpochMilli(processedAt))
                .build();
    }

    static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
