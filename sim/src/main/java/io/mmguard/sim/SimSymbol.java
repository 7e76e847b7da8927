package io.mmguard.sim;

import io.mmguard.schemas.Instrument;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One simulated symbol: its reference data and where its price starts.
 *
 * @param symbol    e.g. BTCJPY
 * @param startMid  first mid price
 * @param tick      tick size
 * @param lotStep   lot step
 * @param quoteSize size the quoter posts on each side
 */
public record SimSymbol(String symbol, BigDecimal startMid, BigDecimal tick, BigDecimal lotStep, BigDecimal quoteSize) {

    /** The seed's own example: BTCJPY around 17,159,268 with tick 1. */
    public static final SimSymbol BTCJPY = new SimSymbol("BTCJPY", new BigDecimal("17159268"), BigDecimal.ONE,
            new BigDecimal("0.0001"), new BigDecimal("0.001"));
    /** ETHJPY around 550,000 with tick 1. */
    public static final SimSymbol ETHJPY = new SimSymbol("ETHJPY", new BigDecimal("550000"), BigDecimal.ONE,
            new BigDecimal("0.001"), new BigDecimal("0.01"));

    /** Binance-like reference data for this symbol on {@code venue}. */
    public Instrument instrument(String venue, Instant at) {
        return Instrument.newBuilder()
                .setSymbol(symbol)
                .setVenue(venue)
                .setTickSize(tick)
                .setLotStep(lotStep)
                .setMinQty(lotStep)
                .setMinNotional(new BigDecimal("1000"))
                .setMaxNotional(null)
                .setBidMultiplierUp(new BigDecimal("5"))
                .setBidMultiplierDown(new BigDecimal("0.2"))
                .setAskMultiplierUp(new BigDecimal("5"))
                .setAskMultiplierDown(new BigDecimal("0.2"))
                .setQuoteSize(quoteSize)
                .setVersion(1)
                .setUpdatedAt(at)
                .build();
    }
}
