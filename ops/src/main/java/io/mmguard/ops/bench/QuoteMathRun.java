package io.mmguard.ops.bench;

import io.mmguard.bench.QuoteMathBenchmark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link QuoteMathBenchmark#fastPath} through JMH's {@link Runner} (the benchmark list comes from the
 * {@code bench} module's generated {@code META-INF/BenchmarkList} on the classpath) with the GC profiler,
 * its output discarded: the figures come back as a {@link QuoteMathResult}.
 */
final class QuoteMathRun {

    static final String BENCHMARK = QuoteMathBenchmark.class.getName() + ".fastPath";
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private final BenchPlan.QuoteMathPlan plan;

    QuoteMathRun(BenchPlan.QuoteMathPlan plan) {
        this.plan = plan;
    }

    QuoteMathResult run() throws RunnerException {
        TimeValue time = TimeValue.milliseconds(plan.iterationTime().toMillis());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(BENCHMARK) + "$")
                .forks(plan.forks())
                .warmupIterations(plan.warmupIterations())
                .warmupTime(time)
                .measurementIterations(plan.measureIterations())
                .measurementTime(time)
                .threads(1)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Collection<RunResult> results = new Runner(options.build(), OutputFormatFactory.createFormatInstance(discard, VerboseMode.SILENT))
                .run();
        RunResult result = results.stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH ran nothing for " + BENCHMARK + " (is bench.jar on the classpath?)"));
        Result<?> primary = result.getPrimaryResult();
        double opsPerSecond = primary.getScore();
        Result<?> alloc = result.getSecondaryResults().get(ALLOC_NORM);
        return new QuoteMathResult(BENCHMARK, opsPerSecond / 1e6, primary.getScoreError() / 1e6,
                alloc == null ? Double.NaN : alloc.getScore(), plan.forks(), plan.measureIterations(),
                plan.iterationTime().toMillis() / 1_000.0);
    }
}
