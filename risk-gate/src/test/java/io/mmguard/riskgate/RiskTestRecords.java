package io.mmguard.riskgate;

import static io.mmguard.core.testing.TestRecords.aSaneQuote;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.quote.QuoteMath;
import io.mmguard.core.testing.TestRecords;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.time.Instant;

/** Named builders of the risk-gate's test inputs (BTCJPY around the seed's mid 17,159,268, 5 bp, tick 1). */
final class RiskTestRecords {

    /** The shared control key of the tests. */
    static final String CONTROL_KEY = "risk-gate-test-control-key";
    static final ControlSigner SIGNER = ControlSigner.withKey(CONTROL_KEY);
    static final String SEED_MID = "17159268";

    /** Every quote built here is a new book of its venue: sequence numbers increase in build order (a test of the check sets its own). */
    private static final java.util.concurrent.atomic.AtomicLong BOOK_SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private RiskTestRecords() {
    }

    /** A correct 5 bp quote at {@code mid} with tick 1, its book stamped {@code bookTs}. */
    static Quote.Builder aQuote(String quoteId, String mid, Instant bookTs) {
        BigDecimal exactMid = new BigDecimal(mid);
        QuoteMath.Prices prices = QuoteMath.quote(exactMid, new BigDecimal("5"), BigDecimal.ONE);
        BigDecimal implied = QuoteMath.impliedBps(prices.bid(), prices.ask(), exactMid);
        return aSaneQuote()
                .setQuoteId(quoteId)
                .setBookSequence(BOOK_SEQUENCE.incrementAndGet())
                .setBookTs(bookTs)
                .setMid(exactMid)
                .setBid(prices.bid())
                .setAsk(prices.ask())
                .setImpliedBp(implied)
                .setErrBp(implied.subtract(new BigDecimal("5")).abs());
    }

    /** A correct quote at the seed's mid. */
    static Quote.Builder aQuote(String quoteId, Instant bookTs) {
        return aQuote(quoteId, SEED_MID, bookTs);
    }

    /** The seed's incident: Bid 17,152,327 / Ask 25,738,901 at 5 bp (mid 17,159,268), book fresh at {@code bookTs}. */
    static Quote.Builder theIncidentQuoteAt(Instant bookTs) {
        return TestRecords.theIncidentQuote().setBookTs(bookTs);
    }

    /** A denial from the quoter for {@code reason}. */
    static QuoteDenial.Builder aDenial(String denialId, DenialReason reason, boolean sanityFailure, Instant bookTs) {
        return QuoteDenial.newBuilder()
                .setDenialId(denialId)
                .setSymbol("BTCJPY")
                .setVenue("sim")
                .setBookSequence(7)
                .setBookTs(bookTs)
                .setReason(reason)
                .setDetail("test denial " + reason)
                .setSanityFailure(sanityFailure)
                .setMid(new BigDecimal(SEED_MID))
                .setBid(new BigDecimal("17152327"))
                .setAsk(new BigDecimal("25738901"))
                .setCfgTotalBp(new BigDecimal("5"))
                .setImpliedBp(new BigDecimal("5004.38"))
                .setPath(QuotePath.REFERENCE)
                .setProvenance(TestRecords.aProvenance("mm.md.book.sim").build());
    }

    /** An unsigned, global {@code SET_PARAM param value} by an operator. */
    static ControlCommand.Builder aSetParam(String id, String param, String value) {
        return ControlCommand.newBuilder()
                .setId(id)
                .setType(ControlType.SET_PARAM)
                .setScope(Scope.GLOBAL)
                .setParam(param)
                .setValue(value == null ? null : new BigDecimal(value))
                .setReason("test change of " + param)
                .setActor("ops@desk")
                .setIssuedAt(TestRecords.T0);
    }

    /** {@code command} signed with the tests' control key. */
    static ControlCommand signed(ControlCommand.Builder command) {
        ControlCommand unsigned = command.setSignature(null).build();
        unsigned.setSignature(SIGNER.sign(unsigned));
        return unsigned;
    }
}
