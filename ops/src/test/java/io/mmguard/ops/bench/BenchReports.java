package io.mmguard.ops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test data: a bench report with named figures, everything else plausible. */
final class BenchReports {

    private double eosLiveP99 = 41;
    private double alosLiveP99 = 8;
    private double oneHopEosP99 = 35;
    private double oneHopEosFlatRate = 100_000;
    private double eosFlatRate = 30_000;
    private double killP99 = 44;
    private double quoteMops = 52.5;
    private boolean withAlos = true;

    static BenchReports aReport() {
        return new BenchReports();
    }

    BenchReports withEosLiveP99(double ms) {
        eosLiveP99 = ms;
        return this;
    }

    BenchReports withOneHopEosP99(double ms) {
        oneHopEosP99 = ms;
        return this;
    }

    BenchReports withFlatOutRates(double pipeline, double oneHopEos) {
        eosFlatRate = pipeline;
        oneHopEosFlatRate = oneHopEos;
        return this;
    }

    BenchReports withKillP99(double ms) {
        killP99 = ms;
        return this;
    }

    BenchReports withoutAlos() {
        withAlos = false;
        return this;
    }

    BenchReport build() {
        BenchPlan plan = BenchPlan.quickRun().withRates(List.of(200, 2_000)).withWindow(Duration.ofSeconds(5));
        List<BaselineResult> baselines = List.of(
                new BaselineResult(Baselines.PASSTHROUGH, 20_000, 20_000 / 400_000.0, latency(0.5, 3), 2_000),
                new BaselineResult(Baselines.ONE_HOP_EOS, 20_000, 20_000 / oneHopEosFlatRate, latency(15, oneHopEosP99), 2_000),
                new BaselineResult(Baselines.ONE_HOP_ALOS, 20_000, 20_000 / 150_000.0, latency(0.6, 4), 2_000));
        PipelineResult eos = pipeline("exactly_once_v2", eosLiveP99, eosFlatRate,
                new KillResult(20, 5, 2_000, latency(20, killP99), latency(18, killP99 - 2), 0, 0));
        PipelineResult alos = withAlos ? pipeline("at_least_once", alosLiveP99, 60_000, null) : null;
        QuoteMathResult quote = new QuoteMathResult(QuoteMathRun.BENCHMARK, quoteMops, 1.2, 0.0, 1, 3, 0.7);
        List<String> notes = new ArrayList<>(List.of("a note"));
        if (!withAlos) {
            notes.add("pipeline at_least_once failed: broken on purpose");
        }
        return new BenchReport(plan, new MachineInfo(2, "17.0.13", "OpenJDK 64-Bit Server VM 17", "Linux", 1024, 1.5, 2.0), baselines,
                eos, alos, quote, 150.5, notes);
    }

    private static PipelineResult pipeline(String guarantee, double liveP99, double flatRate, KillResult kill) {
        List<RateStep> steps = new ArrayList<>();
        for (int rate : List.of(200, 2_000)) {
            StepLatencies latencies = new StepLatencies(latency(liveP99 / 2, liveP99), latency(liveP99 / 2, liveP99 + 1),
                    latency(2, 5), latency(6, 15));
            CpuUsage cpu = new CpuUsage(Map.of(CpuGroups.QUOTER, 0.4, CpuGroups.RISK_GATE, 0.5, CpuGroups.BROKER, 1.0), 0, 3.0, 1.1);
            steps.add(new RateStep(rate, 5.0, rate * 5L, 3, 4, latencies, cpu, 0, true, 0));
        }
        FlatOutResult flat = new FlatOutResult(20_000, 20_000 / flatRate, PipelineRun.FLAT_OUT_STALE_MS,
                new CpuUsage(Map.of(CpuGroups.QUOTER, 1.0), 0, 2.0, 0.5), true);
        return new PipelineResult(guarantee, steps, flat, kill, new PipelineObserver.TimestampCarry(100, 100, ""), List.of(), List.of());
    }

    private static LatencyStats latency(double p50, double p99) {
        return new LatencyStats(1_000, p50, p99, p99 * 1.2, p99 * 1.5);
    }
}
