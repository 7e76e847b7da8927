package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JMH figure of the quote-math fast path.
 *
 * @param benchmark        the benchmark method
 * @param mops             million two-sided quotes per second on one thread (one core)
 * @param mopsError        JMH's 99.9% error of the score
 * @param allocBytesPerOp  bytes allocated per quote ({@code gc.alloc.rate.norm}), NaN when the profiler gave none
 * @param forks            JVM forks
 * @param iterations       measured iterations
 * @param iterationSeconds length of one iteration
 */
record QuoteMathResult(String benchmark, double mops, double mopsError, double allocBytesPerOp, int forks, int iterations,
                       double iterationSeconds) {

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("benchmark", benchmark);
        map.put("mops", Figures.orNull(mops));
        map.put("mops_error", Figures.orNull(mopsError));
        map.put("alloc_bytes_per_op", Figures.orNull(allocBytesPerOp));
        map.put("forks", forks);
        map.put("iterations", iterations);
        map.put("iteration_s", iterationSeconds);
        return map;
    }
}
