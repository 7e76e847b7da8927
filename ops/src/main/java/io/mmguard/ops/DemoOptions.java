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
 */
record DemoOptions(Duration duration, int port, int updatesPerSecond, long seed, boolean json) {
}
