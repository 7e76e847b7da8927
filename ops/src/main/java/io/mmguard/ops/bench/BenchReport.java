package io.mmguard.ops.bench;

import java.util.List;
import java.util.Optional;

/**
 * Everything one bench run measured. A phase that failed is null and says why in {@link #notes()}.
 *
 * @param plan       what was asked
 * @param machine    where it ran
 * @param baselines  passthrough, one-hop EOS, one-hop ALOS (empty if the phase failed)
 * @param eos        the pipeline in exactly-once (with the kill measurement)
 * @param alos       the pipeline in at-least-once
 * @param quoteMath  the JMH figure
 * @param elapsedSeconds wall time of the run
 * @param notes      how figures were taken, and what failed
 */
record BenchReport(BenchPlan plan, MachineInfo machine, List<BaselineResult> baselines, PipelineResult eos, PipelineResult alos,
                   QuoteMathResult quoteMath, double elapsedSeconds, List<String> notes) {

    BenchReport {
        baselines = List.copyOf(baselines);
        notes = List.copyOf(notes);
    }

    Optional<BaselineResult> baseline(String name) {
        return baselines.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** Book to live order p99 at the headline rate, in a mode. */
    static double e2eP99(PipelineResult pipeline) {
        if (pipeline == null) {
            return Double.NaN;
        }
        return pipeline.at(BenchPlan.HEADLINE_RATE).map(step -> step.latencies().liveOrder().p99Ms()).orElse(Double.NaN);
    }

    double e2eP99Eos() {
        return e2eP99(eos);
    }

    double e2eP99Alos() {
        return e2eP99(alos);
    }

    /** Pipeline flat-out rate over the one-hop Streams flat-out rate of the same guarantee, same run. */
    double throughputRatio(PipelineResult pipeline, String baseline) {
        if (pipeline == null || pipeline.flatOut() == null) {
            return Double.NaN;
        }
        return Figures.ratio(pipeline.flatOut().rate(), baseline(baseline).map(BaselineResult::flatOutRate).orElse(Double.NaN));
    }

    /** {@code throughput_ratio}: exactly-once pipeline over one-hop exactly-once. */
    double throughputRatio() {
        return throughputRatio(eos, Baselines.ONE_HOP_EOS);
    }

    double killP99() {
        return eos == null || eos.kill() == null ? Double.NaN : eos.kill().everyCancelAll().p99Ms();
    }

    double quoteMops() {
        return quoteMath == null ? Double.NaN : quoteMath.mops();
    }

    double quoteAlloc() {
        return quoteMath == null ? Double.NaN : quoteMath.allocBytesPerOp();
    }

    /** The budgets of DESIGN.md section 10 that the bench measures. */
    List<Target> targets() {
        return List.of(
                new Target("e2e_p99_ms_eos", "exactly-once, 2000/s: book update -> live order readable, p99", e2eP99Eos(), true, 50, "ms"),
                new Target("e2e_p99_ms_alos", "at-least-once, 2000/s: book update -> live order readable, p99", e2eP99Alos(), true, 10,
                        "ms"),
                new Target("throughput_ratio", "pipeline flat out / one-hop exactly-once Streams flat out", throughputRatio(), false, 0.25,
                        ""),
                new Target("kill_p99_ms", "kill written -> CANCEL_ALL readable under 2000/s, p99", killP99(), true, 50, "ms"),
                new Target("quote_mops", "quote math fast path, M quotes/s on one core", quoteMops(), false, 10, "M/s"),
                new Target("quote_alloc_bytes_per_op", "quote math fast path allocation (zero allocation: below 1 B/op)", quoteAlloc(),
                        true, 0.99, "B/op"));
    }
}
