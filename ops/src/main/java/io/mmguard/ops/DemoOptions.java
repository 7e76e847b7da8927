package io.mmguard.ops;

import java.time.Duration;

/**
 * What {@code bin/mm demo} was asked for.
 *
 * @param duration         how long to run (null: until Ctrl-C)
 * @param port             broker port on 127.0.0.1
 * @param updatesPerSecond book updates per second across all symbols
 * @param seed             seed of the synthetic market (same seed, same market)
 * @param json             print one JSON summary object on stdout, everything else on stderr
 * @param scenario         the scripted story
 * @param timeScale        divides the canary plan's stage lengths and windows
 * @param settings         config overrides from {@code --set}
 */
record DemoOptions(Duration duration, int port, int updatesPerSecond, long seed, boolean json, DemoScenario scenario,
                   double timeScale, DemoSettings settings, java.math.BigDecimal kInv) {

    /** When the operator enables live trading at 1% (after the risk-gate's warm-up). */
    Duration enableAt() {
        return Duration.ofSeconds(5);
    }

    /**
     * Books received in the first part of the run are left out of the latency figures: the JVM is still compiling and
     * every app is opening its first transactions. 20 s, or a third of a shorter run.
     */
    Duration latencyWarmUp() {
        Duration warmUp = Duration.ofSeconds(20);
        return duration != null && duration.dividedBy(3).compareTo(warmUp) < 0 ? duration.dividedBy(3) : warmUp;
    }

    /** When the scenario's incident happens: 40% into the run (30 s when it runs until Ctrl-C), never before 15 s. */
    Duration incidentAt() {
        Duration at = duration == null ? Duration.ofSeconds(30) : duration.multipliedBy(2).dividedBy(5);
        return at.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : at;
    }
}
