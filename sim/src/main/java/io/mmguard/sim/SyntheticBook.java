package io.mmguard.sim;

import io.mmguard.schemas.BookUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible top-of-book generator: each symbol's mid takes a small random walk on its
 * tick grid and the spread is one to three ticks. Same seed, same updates.
 */
public final class SyntheticBook {

    private final String venue;
    private final List<SimSymbol> symbols;
    private final SplittableRandom random;
    private final BigDecimal[] bids;
    private final long[] sequences;
    private int next;

    public SyntheticBook(String venue, List<SimSymbol> symbols, long seed) {
        this.venue = venue;
        this.symbols = List.copyOf(symbols);
        this.random = new SplittableRandom(seed);
        this.bids = new BigDecimal[symbols.size()];
        this.sequences = new long[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            bids[i] = symbols.get(i).startMid();
        }
    }

    /** The next update, round-robin over the symbols, stamped {@code at}. */
    public BookUpdate next(Instant at) {
        int i = next;
        next = (next + 1) % symbols.size();
        SimSymbol symbol = symbols.get(i);
        long stepTicks = random.nextInt(-3, 4);
        BigDecimal bid = bids[i].add(symbol.tick().multiply(BigDecimal.valueOf(stepTicks)));
        if (bid.signum() <= 0) {
            bid = symbol.tick();
        }
        bids[i] = bid;
        BigDecimal ask = bid.add(symbol.tick().multiply(BigDecimal.valueOf(random.nextInt(1, 4))));
        return BookUpdate.newBuilder()
                .setSymbol(symbol.symbol())
                .setVenue(venue)
                .setSequence(++sequences[i])
                .setBidPrice(bid)
                .setBidSize(symbol.lotStep().multiply(BigDecimal.valueOf(random.nextInt(10, 500))))
                .setAskPrice(ask)
                .setAskSize(symbol.lotStep().multiply(BigDecimal.valueOf(random.nextInt(10, 500))))
                .setExchangeTs(at)
                .setReceiveTs(at)
                .build();
    }
}
