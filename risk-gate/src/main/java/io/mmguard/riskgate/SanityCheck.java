package io.mmguard.riskgate;

import io.mmguard.core.quote.QuoteSanity;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.util.Optional;

/** The seed's sanity guard applied to one quote, producing its decision record. */
final class SanityCheck {

    private final BigDecimal maxBps;
    private final long configVersion;

    SanityCheck(BigDecimal maxBps, long configVersion) {
        this.maxBps = maxBps;
        this.configVersion = configVersion;
    }

    RiskDecision decide(Quote quote, String topic, int partition, long offset, long timestamp) {
        Optional<QuoteSanity.Violation> violation = QuoteSanity.check(quote.getMid(), quote.getBid(), quote.getAsk(),
                quote.getCfgTotalBp(), maxBps);
        RiskDecision.Builder decision = RiskDecision.newBuilder()
                .setDecisionId("d-" + quote.getQuoteId())
                .setQuoteId(quote.getQuoteId())
                .setSymbol(quote.getSymbol())
                .setTs(java.time.Instant.ofEpochMilli(timestamp))
                .setMid(quote.getMid())
                .setBid(quote.getBid())
                .setAsk(quote.getAsk())
                .setBidSize(quote.getBidSize())
                .setAskSize(quote.getAskSize())
                .setCfgBp(quote.getCfgTotalBp())
                .setImpliedBp(quote.getImpliedBp())
                .setErrBp(quote.getErrBp())
                .setProvenance(Provenance.newBuilder()
                        .setInputTopic(topic)
                        .setInputPartition(partition)
                        .setInputOffset(offset)
                        .setInputId(quote.getQuoteId())
                        .setControlVersion(quote.getProvenance().getControlVersion())
                        .setConfigVersion(configVersion)
                        .setCodePath("sanity")
                        .build());
        if (violation.isEmpty()) {
            return decision.setVerdict(Verdict.PASS).setReason(DecisionReason.OK).setDetail("").build();
        }
        DecisionReason reason = violation.get().failure() == QuoteSanity.Failure.ASK_NOT_ABOVE_BID
                ? DecisionReason.ASK_NOT_ABOVE_BID
                : DecisionReason.IMPLIED_BP_TOO_WIDE;
        return decision.setVerdict(Verdict.REJECT).setReason(reason).setDetail(violation.get().message()).build();
    }
}
