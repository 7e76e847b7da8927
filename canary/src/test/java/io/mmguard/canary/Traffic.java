package io.mmguard.canary;

import static io.mmguard.core.testing.TestRecords.aSaneQuote;

import io.mmguard.core.testing.TestRecords;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Named builders of the controller's inputs: BTCJPY at the seed's mid, 5 bp quotes, live execution reports. */
final class Traffic {

    static final String SYMBOL = "BTCJPY";
    static final BigDecimal MID = new BigDecimal("17159268");
    static final BigDecimal BID = new BigDecimal("17154978");
    static final BigDecimal ASK = new BigDecimal("17163558");
    static final BigDecimal QTY = new BigDecimal("0.001");

    private static long sequence;

    private Traffic() {
    }

    /** A 5 bp quote whose err_bp is {@code errBp}. */
    static Quote quote(Instant at, String errBp) {
        return aSaneQuote().setQuoteId("q-" + (++sequence)).setBookTs(at).setErrBp(new BigDecimal(errBp)).build();
    }

    /** A quote at another mid (marks the position for PnL). */
    static Quote quoteAtMid(Instant at, BigDecimal mid) {
        return aSaneQuote().setQuoteId("q-" + (++sequence)).setBookTs(at).setMid(mid).build();
    }

    static ExecutionReport ack(Instant at) {
        return report(ExecType.ACK, at).setAckTs(at).build();
    }

    static ExecutionReport reject(Instant at, int code) {
        return report(ExecType.REJECT, at).setAckTs(at).setRejectCode(code).setRejectReason("Order would immediately match and take.")
                .build();
    }

    /** A cancel acknowledged at {@code at}, requested {@code latency} before. */
    static ExecutionReport canceled(Instant at, Duration latency) {
        return report(ExecType.CANCELED, at.minus(latency)).setAckTs(at).setTs(at).build();
    }

    /** A fill of {@code qty} at {@code price} for an order quoted at {@code ref}, mid {@link #MID}. */
    static ExecutionReport fill(Instant at, Side side, BigDecimal qty, BigDecimal price, BigDecimal ref) {
        return report(ExecType.FILL, at).setSide(side).setLastQty(qty).setLastPrice(price).setCumQty(qty).setQuoteRefPrice(ref)
                .setOrderPrice(ref).setMidRef(MID).setAckTs(at).build();
    }

    /** A fill exactly at the quoted price (no slippage), buying at the bid or selling at the ask. */
    static ExecutionReport cleanFill(Instant at, Side side) {
        BigDecimal price = side == Side.BUY ? BID : ASK;
        return fill(at, side, QTY, price, price);
    }

    /** A quote denial the quoter marked as a sanity failure (the seed's incident: ask at mid x 1.5). */
    static QuoteDenial sanityDenial(Instant at) {
        return QuoteDenial.newBuilder()
                .setDenialId("qd-" + (++sequence))
                .setSymbol(SYMBOL)
                .setVenue("sim")
                .setBookSequence(sequence)
                .setBookTs(at)
                .setReason(DenialReason.IMPLIED_BP_TOO_WIDE)
                .setDetail("[QUOTE_SANITY_FAIL] implied_bps=4999.94 > limit (cfg=5.00, max=100.00)")
                .setSanityFailure(true)
                .setPath(QuotePath.BOTH)
                .setProvenance(TestRecords.aProvenance("mm.md.book.sim").build())
                .build();
    }

    /** A risk decision: REJECT for {@code reason}. */
    static RiskDecision rejectDecision(Instant at, DecisionReason reason) {
        return TestRecords.aPassDecision().setDecisionId("d-" + (++sequence)).setVerdict(Verdict.REJECT).setReason(reason)
                .setDetail("[QUOTE_SANITY_FAIL] ask<=bid").setTs(at).build();
    }

    private static ExecutionReport.Builder report(ExecType type, Instant requested) {
        long n = ++sequence;
        return ExecutionReport.newBuilder()
                .setReportId("x-" + n)
                .setOrderId("o-" + n)
                .setSymbol(SYMBOL)
                .setSide(Side.BUY)
                .setExecType(type)
                .setOrderPrice(BID)
                .setQuoteRefPrice(BID)
                .setMidRef(MID)
                .setRequestTs(requested)
                .setTs(requested);
    }
}
