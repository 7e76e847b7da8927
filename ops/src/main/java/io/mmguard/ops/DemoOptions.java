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
 */
record DemoOptions(Duration duration, int port, int updatesPerSecond, long seed, boolean json, DemoScenario scenario,
                   double timeScale) {

    /** When the operator enables live trading at 1% (after the risk-gate's warm-up). */
    Duration enableAt() {
        return Duration.ofSeconds(5);
    }

    /** When the scenario's incident happens: 40% into the run (30 s when it runs until Ctrl-C), never before 15 s. */
    Duration incidentAt() {
        Duration at = duration == null ? Duration.ofSeconds(30) : duration.multipliedBy(2).dividedBy(5);
        return at.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : at;
    }
}
