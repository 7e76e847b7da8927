package io.mmguard.core.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds how often a per-record log line is written: at most once per interval per key (e.g. per
 * symbol), counting what it suppressed. Uses the monotonic clock; it decides only whether to log,
 * never anything a record depends on. Not thread-safe: one per processor instance.
 */
public final class LogThrottle {

    private final long intervalNanos;
    private final Map<String, long[]> state = new HashMap<>();

    public LogThrottle(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /**
     * Returns -1 when this line should be suppressed, otherwise how many lines for {@code key} were
     * suppressed since the last one written (0 for the first).
     */
    public long admit(String key) {
        long now = System.nanoTime();
        long[] entry = state.computeIfAbsent(key, k -> new long[] {now - intervalNanos, 0});
        if (now - entry[0] >= intervalNanos) {
            long suppressed = entry[1];
            entry[0] = now;
            entry[1] = 0;
            return suppressed;
        }
        entry[1]++;
        return -1;
    }
}
