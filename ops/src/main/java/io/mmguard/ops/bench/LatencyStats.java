package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency distribution, in milliseconds.
 *
 * @param count records measured
 * @param p50Ms median
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs largest
 */
record LatencyStats(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    static final LatencyStats EMPTY = new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The percentiles of a histogram of microseconds. */
    static LatencyStats ofMicros(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyStats(histogram.getTotalCount(),
                millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getValueAtPercentile(99.9)),
                millis(histogram.getMaxValue()));
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** {@code count}, {@code p50_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms} (null when nothing was measured). */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50_ms", Figures.orNull(p50Ms));
        map.put("p99_ms", Figures.orNull(p99Ms));
        map.put("p999_ms", Figures.orNull(p999Ms));
        map.put("max_ms", Figures.orNull(maxMs));
        return map;
    }

    private static double millis(long micros) {
        return Figures.round(micros / 1_000.0, 3);
    }
}
