package io.mmguard.core.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * A histogram with exactly the bucket edges asked for, named exactly as asked
 * ({@code <name>_bucket}, {@code _sum}, {@code _count}), for the seed's PromQL.
 *
 * <p>Why not a Micrometer {@code DistributionSummary}: it rounds recorded values up to whole numbers
 * before bucketing (micrometer-metrics/micrometer#3680), so 0.03 bp would land in the 1.0 bucket and
 * the 0.1 bp SLO edge would be useless. On a {@link PrometheusMeterRegistry} this registers a native
 * Prometheus classic histogram beside Micrometer's meters; on any other registry (tests) it falls
 * back to a summary.
 */
public final class ExactHistogram {

    private final String[] labelNames;
    private final Histogram prometheus;
    private final MeterRegistry fallback;
    private final String name;
    private final double[] bounds;

    private ExactHistogram(String name, String help, double[] bounds, String[] labelNames, MeterRegistry meters) {
        this.name = name;
        this.bounds = bounds.clone();
        this.labelNames = labelNames.clone();
        if (meters instanceof PrometheusMeterRegistry registry) {
            this.prometheus = shared(registry.getPrometheusRegistry(), name, () -> Histogram.builder().name(name).help(help)
                    .classicUpperBounds(bounds).classicOnly().withoutExemplars().labelNames(labelNames)
                    .register(registry.getPrometheusRegistry()));
            this.fallback = null;
        } else {
            this.prometheus = null;
            this.fallback = meters;
        }
    }

    /**
     * One histogram per name per Prometheus registry: every stream task of a service asks for it, and a
     * Prometheus registry refuses a second registration of a name. Weak keys: a closed service's registry
     * and its histograms go away with it.
     */
    private static final Map<PrometheusRegistry, Map<String, Histogram>> REGISTERED = new WeakHashMap<>();

    private static Histogram shared(PrometheusRegistry registry, String name, Supplier<Histogram> create) {
        synchronized (REGISTERED) {
            return REGISTERED.computeIfAbsent(registry, r -> new HashMap<>()).computeIfAbsent(name, n -> create.get());
        }
    }

    /** A histogram {@code name} with bucket upper bounds {@code bounds} and the given label names. */
    public static ExactHistogram register(MeterRegistry meters, String name, String help, double[] bounds, String... labelNames) {
        double[] sorted = bounds.clone();
        Arrays.sort(sorted);
        return new ExactHistogram(name, help, sorted, labelNames, meters);
    }

    /** Records {@code value} under the label values (in the order of the label names). */
    public void observe(double value, String... labelValues) {
        if (labelValues.length != labelNames.length) {
            throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames) + ", got "
                    + Arrays.toString(labelValues));
        }
        if (prometheus != null) {
            DistributionDataPoint point = prometheus.labelValues(labelValues);
            point.observe(value);
            return;
        }
        DistributionSummary.Builder builder = DistributionSummary.builder(name).serviceLevelObjectives(bounds);
        for (int i = 0; i < labelNames.length; i++) {
            builder.tag(labelNames[i], labelValues[i]);
        }
        builder.register(fallback).record(value);
    }
}
