package io.mmguard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.BookUpdate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticBookTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final List<SimSymbol> SYMBOLS = List.of(SimSymbol.BTCJPY, SimSymbol.ETHJPY, SimSymbol.XRPJPY);

    private static List<BookUpdate> run(SyntheticBook book, int steps) {
        List<BookUpdate> all = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            all.addAll(book.next(T0.plusMillis(5L * i)));
        }
        return all;
    }

    @Test
    void theSameSeedReproducesTheSameMarket() {
        assertThat(run(new SyntheticBook("sim", SYMBOLS, 42), 500)).isEqualTo(run(new SyntheticBook("sim", SYMBOLS, 42), 500));
        assertThat(run(new SyntheticBook("sim", SYMBOLS, 42), 500)).isNotEqualTo(run(new SyntheticBook("sim", SYMBOLS, 43), 500));
    }

    @Test
    void everyUpdateIsAnUncrossedBookOnItsSymbolsTickGrid() {
        for (BookUpdate update : run(new SyntheticBook("sim", SYMBOLS, 1), 3000)) {
            SimSymbol symbol = SYMBOLS.stream().filter(s -> s.symbol().equals(update.getSymbol())).findFirst().orElseThrow();
            assertThat(update.getBidPrice().remainder(symbol.tick()).signum()).isZero();
            assertThat(update.getAskPrice().remainder(symbol.tick()).signum()).isZero();
            assertThat(update.getBidPrice()).isLessThan(update.getAskPrice());
            assertThat(update.getBidSize()).isPositive();
        }
    }

    @Test
    void injectedFaultsDuplicateReorderAndSilenceUpdates() {
        FeedFaults faults = new FeedFaults(0.05, 0.05, 0.01, Duration.ofSeconds(1));
        List<BookUpdate> updates = run(new SyntheticBook("sim", List.of(SimSymbol.BTCJPY), faults, 3), 2000);

        long duplicates = 0;
        long outOfOrder = 0;
        for (int i = 1; i < updates.size(); i++) {
            long previous = updates.get(i - 1).getSequence();
            long current = updates.get(i).getSequence();
            duplicates += current == previous ? 1 : 0;
            outOfOrder += current < previous ? 1 : 0;
        }
        assertThat(duplicates).isPositive();
        assertThat(outOfOrder).isPositive();
        assertThat(updates.size()).as("silences drop updates").isLessThan(2000);
    }

    @Test
    void aScriptedJumpMovesTheMidByAboutTheAskedBasisPoints() {
        SyntheticBook book = new SyntheticBook("sim", List.of(new SimSymbol("CALM", new BigDecimal("1000000"), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, 0, 0, 0, 1)), 5);
        BigDecimal before = book.next(T0).get(0).getBidPrice();

        book.jump("CALM", 100);
        BigDecimal after = book.next(T0.plusSeconds(1)).get(0).getBidPrice();

        assertThat(after.subtract(before)).isEqualByComparingTo("10000");
    }
}
