package io.mmguard.quoter;

import io.mmguard.core.quote.QuoteMath;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;

/** Turns one book update and its instrument into a quote with the seed's formula (reference path). */
final class QuoteBuilder {

    /** Market component of the spread; a later issue derives it from the book. */
    private static final BigDecimal MARKET_BPS = BigDecimal.ZERO;

    private final BigDecimal extraBps;
    private final long configVersion;

    QuoteBuilder(BigDecimal extraBps, long configVersion) {
        this.extraBps = extraBps;
        this.configVersion = configVersion;
    }

    Quote quote(BookUpdate book, Instrument instrument, String topic, int partition, long offset) {
        if (book.getBidPrice().signum() <= 0 || book.getAskPrice().signum() <= 0) {
            throw new IllegalArgumentException("book update for " + book.getSymbol() + " has a non-positive price (bid "
                    + book.getBidPrice().toPlainString() + ", ask " + book.getAskPrice().toPlainString() + "); no quote made");
        }
        BigDecimal mid = QuoteMath.mid(book.getBidPrice(), book.getAskPrice());
        BigDecimal totalBps = MARKET_BPS.add(extraBps);
        BigDecimal tick = instrument.getTickSize();
        QuoteMath.Prices prices = QuoteMath.quote(mid, totalBps, tick);
        BigDecimal implied = QuoteMath.impliedBps(prices.bid(), prices.ask(), mid);
        return Quote.newBuilder()
                .setQuoteId("q-" + topic + "-" + partition + "-" + offset)
                .setSymbol(book.getSymbol())
                .setVenue(book.getVenue())
                .setBookSequence(book.getSequence())
                .setBookTs(book.getExchangeTs())
                .setMid(mid)
                .setTick(tick)
                .setCfgMarketBp(MARKET_BPS)
                .setCfgExtraBp(extraBps)
                .setCfgTotalBp(totalBps)
                .setBid(prices.bid())
                .setAsk(prices.ask())
                .setBidSize(instrument.getQuoteSize())
                .setAskSize(instrument.getQuoteSize())
                .setImpliedBp(implied)
                .setErrBp(implied.subtract(totalBps).abs())
                .setTickBp(QuoteMath.tickBps(tick, mid))
                .setPath(QuotePath.REFERENCE)
                .setProvenance(Provenance.newBuilder()
                        .setInputTopic(topic)
                        .setInputPartition(partition)
                        .setInputOffset(offset)
                        .setInputId(Long.toString(book.getSequence()))
                        .setControlVersion(0)
                        .setConfigVersion(configVersion)
                        .setCodePath(QuotePath.REFERENCE.name())
                        .build())
                .build();
    }
}
