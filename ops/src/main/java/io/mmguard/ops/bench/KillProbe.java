package io.mmguard.ops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills under load, one after another: waits until every symbol traded live (or, after a short wait, at least one)
 * has had a live NEW order since the last enable (so live orders rest), takes the time, sends a {@code DISABLE_LIVE}, waits for its
 * {@code CANCEL_ALL}s on {@code mm.orders.live}, then re-enables live trading (signed SET_FRACTION and ENABLE_LIVE: a canary rollback in between
 * sets the fraction to 0) and goes again.
 * Each {@code CANCEL_ALL} is timed from just before the kill's send to when the measuring consumer read it.
 */
final class KillProbe {

    private static final Logger LOG = LoggerFactory.getLogger(KillProbe.class);
    private static final Duration ALL_LIVE_WAIT = Duration.ofSeconds(2);
    private static final Duration LIVE_WAIT = Duration.ofSeconds(10);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
    /** After the first CANCEL_ALL, how long the others (other router tasks) get before the next kill. */
    private static final Duration REST_WAIT = Duration.ofMillis(300);

    private final PipelineObserver observer;
    private final BenchOperator operator;
    private final Set<String> liveSymbols;
    private final String fraction;

    /**
     * @param liveSymbols the symbols that trade live (the quoter leaves the others out)
     * @param fraction    the live fraction every re-enable sets again (a canary rollback sets it to 0)
     */
    KillProbe(PipelineObserver observer, BenchOperator operator, Set<String> liveSymbols, String fraction) {
        this.observer = observer;
        this.operator = operator;
        this.liveSymbols = Set.copyOf(liveSymbols);
        this.fraction = fraction;
    }

    /**
     * Runs {@code warmupKills + kills} kills; a cycle whose enable brought no live order within the wait (or was killed again by
     * someone else) is skipped, re-enabled and not counted; too many skips end the measurement.
     */
    KillResult run(int kills, int warmupKills, int loadPerSecond) {
        List<Kill> measured = new ArrayList<>();
        int skipped = 0;
        long enabledAt = System.nanoTime();
        int done = 0;
        for (int k = 0; done < warmupKills + kills; k++) {
            long since = enabledAt;
            // every live symbol if it comes soon, else those that did (a symbol may be frozen, e.g. PRICE_JUMP for 30 s, or at a limit)
            long foreignBefore = observer.foreignKills();
            java.util.function.BooleanSupplier killedAgain = () -> observer.foreignKills() > foreignBefore;
            boolean live = Await.within(ALL_LIVE_WAIT, () -> observer.liveSince(since).containsAll(liveSymbols))
                    || Await.within(LIVE_WAIT, () -> !observer.liveSince(since).isEmpty() || killedAgain.getAsBoolean());
            if (!live || killedAgain.getAsBoolean()) {
                LOG.warn("bench kills: no live order after the enable before kill {} ({}); skipped", k, killedAgain.getAsBoolean()
                        ? "killed again by " + observer.lastForeignKill() : "none within " + LIVE_WAIT.toSeconds() + " s");
                skipped++;
                if (skipped > Math.max(3, kills / 5)) {
                    throw new IllegalStateException("bench: no live orders after " + skipped + " enables; the kill measurement stops");
                }
                enabledAt = System.nanoTime();
                operator.enableLive(fraction, "bench: re-enable (no live order came)");
                continue;
            }
            Set<String> resting = observer.liveSince(since);
            long sentAt = System.nanoTime();
            String killId = operator.kill("bench: kill latency " + k);
            boolean any = Await.within(CANCEL_WAIT, () -> !observer.cancelAlls(killId).isEmpty());
            if (any) {
                Await.within(REST_WAIT, () -> observer.cancelAlls(killId).keySet().containsAll(resting));
            }
            if (done++ >= warmupKills) {
                measured.add(new Kill(killId, sentAt));
            }
            enabledAt = System.nanoTime();
            operator.enableLive(fraction, "bench: re-enable after kill " + k);
        }
        return result(measured, kills, warmupKills, loadPerSecond, skipped);
    }

    private KillResult result(List<Kill> measured, int kills, int warmupKills, int loadPerSecond, int skipped) {
        Histogram every = new Histogram(LatencyRecorder.MAX_MICROS, 3);
        Histogram first = new Histogram(LatencyRecorder.MAX_MICROS, 3);
        int without = 0;
        for (Kill kill : measured) {
            Map<String, Long> cancels = observer.cancelAlls(kill.id());
            if (cancels.isEmpty()) {
                without++;
                continue;
            }
            long earliest = Long.MAX_VALUE;
            for (long at : cancels.values()) {
                long micros = Math.min(LatencyRecorder.MAX_MICROS, Math.max(0, (at - kill.sentAtNanos()) / 1_000));
                every.recordValue(micros);
                earliest = Math.min(earliest, micros);
            }
            first.recordValue(earliest);
        }
        LOG.info("bench kills: {} measured ({} without a CANCEL_ALL)", measured.size(), without);
        return new KillResult(measured.size(), warmupKills, loadPerSecond, LatencyStats.ofMicros(every), LatencyStats.ofMicros(first), without,
                skipped);
    }

    private record Kill(String id, long sentAtNanos) {
    }
}
