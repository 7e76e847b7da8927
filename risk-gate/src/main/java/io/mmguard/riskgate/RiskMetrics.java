package io.mmguard.riskgate;

import io.mmguard.core.metrics.ExactHistogram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.schemas.RiskDecision;
import java.util.HashMap;
import java.util.Map;

/**
 * The risk-gate's Prometheus metrics (DESIGN.md section 7): {@code mm_risk_decisions_total{verdict,reason}},
 * {@code mm_sanity_fail_total} and the {@code mm_l2_age_ms} histogram. They go to the registry the
 * service runner hands to Streams under {@value #METER_REGISTRY_CONFIG}; without one (tests) they
 * are not recorded. Meters are looked up once per verdict and reason, not per record.
 */
final class RiskMetrics {

    /** The Streams config key under which the runner passes its {@link MeterRegistry} (set by core's ServiceRunner). */
    static final String METER_REGISTRY_CONFIG = io.mmguard.core.runtime.ServiceRunner.METER_REGISTRY_CONFIG;

    private final MeterRegistry registry;
    private final Map<String, Counter> decisions = new HashMap<>();
    private final Counter sanityFailures;
    private final ExactHistogram l2AgeMs;
    private final io.mmguard.core.metrics.PipelineLag pipelineLag;

    /** Bucket edges in ms; 500 (the stale-book threshold) is one of them. */
    static final double[] L2_AGE_MS_BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 60_000};

    private RiskMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sanityFailures = registry == null ? null : Counter.builder("mm_sanity_fail")
                .description("Quotes (or quoter denials) that failed the seed's sanity guard; each fires the kill switch")
                .register(registry);
        this.l2AgeMs = registry == null ? null : ExactHistogram.register(registry, "mm_l2_age_ms",
                "Book age when the risk-gate decided (processed_at minus book exchange time), in ms", L2_AGE_MS_BUCKETS, "symbol");
        this.pipelineLag = io.mmguard.core.metrics.PipelineLag.in(registry);
    }

    /** mm_pipeline_lag_ms: wall time the gate read a quote or denial minus the book record's timestamp. */
    void lag(String symbol, long lagMs) {
        pipelineLag.observe(symbol, lagMs);
    }

    /** Metrics into the registry found in the Streams app configs, if any. */
    static RiskMetrics from(Map<String, Object> appConfigs) {
        return new RiskMetrics(appConfigs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry registry ? registry : null);
    }

    void record(RiskDecision decision, boolean sanityFailure) {
        if (registry == null) {
            return;
        }
        decisions.computeIfAbsent(decision.getVerdict().name() + "/" + decision.getReason().name(), key -> Counter
                .builder("mm_risk_decisions").tag("verdict", decision.getVerdict().name())
                .tag("reason", decision.getReason().name()).register(registry)).increment();
        if (sanityFailure) {
            sanityFailures.increment();
        }
        if (decision.getL2AgeMs() != null && decision.getL2AgeMs() >= 0) {
            l2AgeMs.observe(decision.getL2AgeMs(), decision.getSymbol());
        }
    }
}
