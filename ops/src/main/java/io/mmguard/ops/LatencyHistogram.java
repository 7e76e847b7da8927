package io.mmguard.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact millisecond histogram of "book record timestamp to readable here" latencies, 0 ms to 10 min
 * (slower ones land in the last bucket and are reported as that bound). Lock-free to record.
 */
final class LatencyHistogram {

    static final int MAX_MS = 600_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MS + 1);

    void record(long latencyMs) {
        counts.incrementAndGet((int) Math.max(0, Math.min(MAX_MS, latencyMs)));
    }

    /** Count, p50, p99, p99.9 and max in ms (zero when nothing was recorded; {@link Snapshot#asMap} reports null then). */
    Snapshot snapshot() {
        long[] copy = new long[counts.length()];
        long total = 0;
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        return new Snapshot(total, rank(copy, total, 0.50), rank(copy, total, 0.99), rank(copy, total, 0.999), rank(copy, total, 1.0));
    }

    /** Smallest latency with at least {@code q} of the samples at or below it (nearest rank). */
    private static long rank(long[] counts, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long needed = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int ms = 0; ms < counts.length; ms++) {
            seen += counts[ms];
            if (seen >= needed) {
                return ms;
            }
        }
        return MAX_MS;
    }

    /** Percentiles of one histogram, in ms. */
    record Snapshot(long count, long p50, long p99, long p999, long max) {

        /** The figures; with no sample each percentile is null (not measured), never a 0 ms that reads as perfect. */
        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("count", count);
            map.put("p50", orNull(p50));
            map.put("p99", orNull(p99));
            map.put("p99_9", orNull(p999));
            map.put("max", orNull(max));
            return map;
        }

        /** p99 in ms, or null when nothing was recorded. */
        Long p99OrNull() {
            return orNull(p99);
        }

        String text() {
            return count == 0 ? "-/-/-" : p50 + "/" + p99 + "/" + max;
        }

        private Long orNull(long value) {
            return count == 0 ? null : value;
        }
    }
}
