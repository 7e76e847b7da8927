package io.mmguard.sim;

import io.mmguard.core.units.Bps;
import io.mmguard.schemas.BookUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible market: each symbol's mid takes a Gaussian random walk on its tick grid
 * (volatility in bp of mid per step) with occasional jumps; spreads and sizes vary; faults
 * (duplicates, reordering, silences) are injected as configured. Same seed, same updates.
 */
public final class SyntheticBook {

    private final String venue;
    private final List<SimSymbol> symbols;
    private final FeedFaults faults;
    private final SplittableRandom random;
    private final long[] midTicks;
    private final long[] sequences;
    private final Instant[] silentUntil;
    private final List<BookUpdate> pending = new ArrayList<>();
    private BookUpdate heldBack;
    private int next;

    public SyntheticBook(String venue, List<SimSymbol> symbols, long seed) {
        this(venue, symbols, FeedFaults.NONE, seed);
    }

    public SyntheticBook(String venue, List<SimSymbol> symbols, FeedFaults faults, long seed) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("a synthetic book needs at least one symbol");
        }
        this.venue = venue;
        this.symbols = List.copyOf(symbols);
        this.faults = faults;
        this.random = new SplittableRandom(seed);
        this.midTicks = new long[symbols.size()];
        this.sequences = new long[symbols.size()];
        this.silentUntil = new Instant[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            SimSymbol symbol = symbols.get(i);
            midTicks[i] = symbol.startMid().divideToIntegralValue(symbol.tick()).longValueExact();
        }
    }

    /**
     * The next updates to publish at {@code at} (usually one; two when a duplicate or a held-back
     * update is released; none while the chosen symbol is silent).
     */
    public List<BookUpdate> next(Instant at) {
        pending.clear();
        int i = next;
        next = (next + 1) % symbols.size();
        if (silentUntil[i] != null && at.isBefore(silentUntil[i])) {
            return List.of();
        }
        if (faults.silenceChance() > 0 && random.nextDouble() < faults.silenceChance()) {
            silentUntil[i] = at.plus(faults.silence());
            return List.of();
        }
        BookUpdate update = step(i, at);
        if (heldBack != null) {
            pending.add(update);
            pending.add(heldBack);
            heldBack = null;
        } else if (faults.reorderChance() > 0 && random.nextDouble() < faults.reorderChance()) {
            heldBack = update;
        } else {
            pending.add(update);
        }
        if (!pending.isEmpty() && faults.duplicateChance() > 0 && random.nextDouble() < faults.duplicateChance()) {
            pending.add(pending.get(pending.size() - 1));
        }
        return List.copyOf(pending);
    }

    /** Silences {@code symbol} until {@code until} (scripted scenarios: a feed gap). */
    public void silence(String symbol, Instant until) {
        silentUntil[indexOf(symbol)] = until;
    }

    private int indexOf(String symbol) {
        for (int i = 0; i < symbols.size(); i++) {
            if (symbols.get(i).symbol().equals(symbol)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no simulated symbol " + symbol);
    }

    /** Forces a jump of {@code bps} on {@code symbol}'s next update (scripted scenarios). */
    public void jump(String symbol, double bps) {
        int i = indexOf(symbol);
        midTicks[i] = Math.max(1, midTicks[i] + Math.round(toTicks(i, bps)));
    }

    private BookUpdate step(int i, Instant at) {
        SimSymbol symbol = symbols.get(i);
        double moveBps = random.nextGaussian() * symbol.volatilityBps();
        if (symbol.jumpChance() > 0 && random.nextDouble() < symbol.jumpChance()) {
            moveBps += (random.nextBoolean() ? 1 : -1) * symbol.jumpBps();
        }
        midTicks[i] = Math.max(2, midTicks[i] + Math.round(toTicks(i, moveBps)));
        int spreadTicks = random.nextInt(1, symbol.maxSpreadTicks() + 1);
        long bidTicks = midTicks[i] - spreadTicks / 2;
        long askTicks = bidTicks + spreadTicks;
        return BookUpdate.newBuilder()
                .setSymbol(symbol.symbol())
                .setVenue(venue)
                .setSequence(++sequences[i])
                .setBidPrice(symbol.tick().multiply(BigDecimal.valueOf(bidTicks)))
                .setBidSize(symbol.lotStep().multiply(BigDecimal.valueOf(random.nextInt(10, 500))))
                .setAskPrice(symbol.tick().multiply(BigDecimal.valueOf(askTicks)))
                .setAskSize(symbol.lotStep().multiply(BigDecimal.valueOf(random.nextInt(10, 500))))
                .setExchangeTs(at)
                .setReceiveTs(at)
                .build();
    }

    /** {@code bps} of the current mid, in ticks (a simulation step, not a price: double is fine here). */
    private double toTicks(int i, double bps) {
        return midTicks[i] * Bps.toFraction(BigDecimal.valueOf(bps)).doubleValue();
    }
}
