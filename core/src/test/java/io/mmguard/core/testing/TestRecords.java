package io.mmguard.core.testing;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Instant;

/** Named builders of realistic test records (the seed's BTCJPY at about 17,159,268 yen, tick 1). */
public final class TestRecords {

    public static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private TestRecords() {
    }

    /** A BTCJPY top of book with mid 17,159,268. */
    public static BookUpdate.Builder aBtcJpyBook() {
        return BookUpdate.newBuilder()
                .setSymbol("BTCJPY")
                .setVenue("sim")
                .setSequence(1)
                .setBidPrice(new BigDecimal("17159267"))
                .setBidSize(new BigDecimal("0.5"))
                .setAskPrice(new BigDecimal("17159269"))
                .setAskSize(new BigDecimal("0.25"))
                .setExchangeTs(T0)
                .setReceiveTs(T0);
    }

    /** BTCJPY reference data: tick 1, lot 0.0001, quote size 0.001. */
    public static Instrument.Builder aBtcJpyInstrument() {
        return Instrument.newBuilder()
                .setSymbol("BTCJPY")
                .setVenue("sim")
                .setTickSize(BigDecimal.ONE)
                .setLotStep(new BigDecimal("0.0001"))
                .setMinQty(new BigDecimal("0.0001"))
                .setMinNotional(new BigDecimal("1000"))
                .setBidMultiplierUp(new BigDecimal("5"))
                .setBidMultiplierDown(new BigDecimal("0.2"))
                .setAskMultiplierUp(new BigDecimal("5"))
                .setAskMultiplierDown(new BigDecimal("0.2"))
                .setQuoteSize(new BigDecimal("0.001"))
                .setVersion(1)
                .setUpdatedAt(T0);
    }

    /** A sane 5 bp BTCJPY quote (the seed's example, rounded to tick 1). */
    public static Quote.Builder aSaneQuote() {
        return Quote.newBuilder()
                .setQuoteId("q-mm.md.book.sim-0-0")
                .setSymbol("BTCJPY")
                .setVenue("sim")
                .setBookSequence(1)
                .setBookTs(T0)
                .setMid(new BigDecimal("17159268"))
                .setTick(BigDecimal.ONE)
                .setCfgMarketBp(BigDecimal.ZERO)
                .setCfgExtraBp(new BigDecimal("5"))
                .setCfgTotalBp(new BigDecimal("5"))
                .setBid(new BigDecimal("17154978"))
                .setAsk(new BigDecimal("17163558"))
                .setBidSize(new BigDecimal("0.001"))
                .setAskSize(new BigDecimal("0.001"))
                .setImpliedBp(new BigDecimal("5.000213"))
                .setErrBp(new BigDecimal("0.000213"))
                .setTickBp(new BigDecimal("0.000583"))
                .setPath(QuotePath.REFERENCE)
                .setProvenance(aProvenance("mm.md.book.sim").build());
    }

    /** The seed's incident: ask at mid x 1.5 with 5 bp configured. */
    public static Quote.Builder theIncidentQuote() {
        return aSaneQuote().setQuoteId("q-incident").setBid(new BigDecimal("17152327")).setAsk(new BigDecimal("25738901"));
    }

    /** A PASS decision for {@link #aSaneQuote()}. */
    public static RiskDecision.Builder aPassDecision() {
        Quote quote = aSaneQuote().build();
        return RiskDecision.newBuilder()
                .setDecisionId("d-" + quote.getQuoteId())
                .setQuoteId(quote.getQuoteId())
                .setSymbol(quote.getSymbol())
                .setVerdict(Verdict.PASS)
                .setReason(DecisionReason.OK)
                .setTs(T0)
                .setMid(quote.getMid())
                .setBid(quote.getBid())
                .setAsk(quote.getAsk())
                .setBidSize(quote.getBidSize())
                .setAskSize(quote.getAskSize())
                .setCfgBp(quote.getCfgTotalBp())
                .setImpliedBp(quote.getImpliedBp())
                .setErrBp(quote.getErrBp())
                .setProvenance(aProvenance("mm.quotes").build());
    }

    /** Provenance pointing at offset 0 of {@code topic}. */
    public static Provenance.Builder aProvenance(String topic) {
        return Provenance.newBuilder().setInputTopic(topic).setInputPartition(0).setInputOffset(0).setCodePath("test");
    }
}
