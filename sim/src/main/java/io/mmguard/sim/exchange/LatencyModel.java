package io.mmguard.sim.exchange;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A log-normal latency: {@code median * exp(sigma * N(0,1))}, the usual shape of exchange
 * round trips (a floor and a long right tail).
 *
 * @param medianMs median latency in milliseconds
 * @param sigma    spread of the log; 0 = always the median
 */
public record LatencyModel(double medianMs, double sigma) {

    public LatencyModel {
        if (!(medianMs >= 0) || !(sigma >= 0)) {
            throw new IllegalArgumentException("latency median and sigma must be >= 0, got " + medianMs + " ms, " + sigma);
        }
    }

    /** One draw, scaled by {@code factor} (a slow period), to whole milliseconds. */
    public Duration draw(SplittableRandom random, double factor) {
        double ms = medianMs * Math.exp(sigma * random.nextGaussian()) * factor;
        return Duration.ofMillis(Math.max(0, Math.round(ms)));
    }
}
