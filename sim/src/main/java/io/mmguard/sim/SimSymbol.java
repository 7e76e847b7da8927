package io.mmguard.sim;

import io.mmguard.schemas.Instrument;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One simulated symbol: reference data, where its price starts and how it moves.
 *
 * @param symbol        e.g. BTCJPY
 * @param startMid      first mid price
 * @param tick          tick size
 * @param lotStep       lot step (and minimum quantity)
 * @param quoteSize     size the quoter posts on each side
 * @param minNotional   NOTIONAL filter minimum
 * @param volatilityBps standard deviation of one step of the mid, in bp of mid
 * @param jumpChance    probability that a step is a jump
 * @param jumpBps       size of a jump, in bp of mid (sign drawn at random)
 * @param maxSpreadTicks widest top-of-book spread, in ticks
 */
public record SimSymbol(String symbol, BigDecimal startMid, BigDecimal tick, BigDecimal lotStep, BigDecimal quoteSize,
                        BigDecimal minNotional, double volatilityBps, double jumpChance, double jumpBps, int maxSpreadTicks) {

    /** The seed's own example: BTCJPY around 17,159,268 with tick 1. */
    public static final SimSymbol BTCJPY = new SimSymbol("BTCJPY", new BigDecimal("17159268"), BigDecimal.ONE,
            new BigDecimal("0.0001"), new BigDecimal("0.001"), new BigDecimal("1000"), 0.5, 0.0005, 60, 3);
    /** ETHJPY around 550,000 with tick 1 (about 0.018 bp of mid). */
    public static final SimSymbol ETHJPY = new SimSymbol("ETHJPY", new BigDecimal("550000"), BigDecimal.ONE,
            new BigDecimal("0.001"), new BigDecimal("0.01"), new BigDecimal("1000"), 0.8, 0.0005, 80, 4);
    /** A low-priced symbol whose tick is coarse in bp: 0.001 on ~85 yen is ~0.12 bp, so rounding alone can exceed 0.1 bp. */
    public static final SimSymbol XRPJPY = new SimSymbol("XRPJPY", new BigDecimal("85.31"), new BigDecimal("0.001"),
            BigDecimal.ONE, new BigDecimal("100"), new BigDecimal("100"), 1.5, 0.0005, 100, 5);

    /** Binance-like reference data for this symbol on {@code venue}. */
    public Instrument instrument(String venue, Instant at) {
        return Instrument.newBuilder()
                .setSymbol(symbol)
                .setVenue(venue)
                .setTickSize(tick)
                .setLotStep(lotStep)
                .setMinQty(lotStep)
                .setMinNotional(minNotional)
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
