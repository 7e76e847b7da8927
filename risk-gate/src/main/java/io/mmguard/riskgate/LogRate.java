package io.mmguard.riskgate;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds per-record logging: at most {@code perSecond} lines per tag per second of the monotonic
 * clock, counting what it held back. It decides only whether to log, never anything a record
 * depends on. One per processor instance (not thread-safe).
 */
final class LogRate {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int perSecond;
    private final Map<String, long[]> windows = new HashMap<>();

    LogRate(int perSecond) {
        this.perSecond = perSecond;
    }

    /** -1 when this line should be held back; otherwise how many lines of {@code tag} were held back before it. */
    long admit(String tag) {
        long now = System.nanoTime();
        long[] window = windows.computeIfAbsent(tag, t -> new long[] {now, 0, 0});
        if (now - window[0] >= SECOND_NANOS) {
            window[0] = now;
            window[1] = 0;
        }
        if (window[1] >= perSecond) {
            window[2]++;
            return -1;
        }
        window[1]++;
        long held = window[2];
        window[2] = 0;
        return held;
    }
}
