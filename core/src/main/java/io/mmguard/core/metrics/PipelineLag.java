package io.mmguard.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code mm_pipeline_lag_ms}: per service (the registry's {@code service} tag) and symbol, the wall time at
 * which the service processed a record minus the book record's timestamp (the feed's receive time): how far
 * behind the market this service runs. Edges include the default stale budget, 500 ms.
 */
public final class PipelineLag {

    /** Bucket edges in ms. */
    static final double[] BUCKETS_MS = {1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 60_000};

    private final ExactHistogram histogram;

    private PipelineLag(ExactHistogram histogram) {
        this.histogram = histogram;
    }

    /** The histogram in {@code registry}; null registry (tests without metrics): a recorder that records nothing. */
    public static PipelineLag in(MeterRegistry registry) {
        return new PipelineLag(registry == null ? null : ExactHistogram.register(registry, "mm_pipeline_lag_ms",
                "Wall time this service processed a record minus the book record's timestamp (feed receive time), ms",
                BUCKETS_MS, "symbol"));
    }

    public void observe(String symbol, long lagMs) {
        if (histogram != null && symbol != null) {
            histogram.observe(Math.max(0, lagMs), symbol);
        }
    }
}
