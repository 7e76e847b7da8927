package io.mmguard.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human report: every figure beside its baseline from the same run and the ratio between them
 * ({@code pipeline EOS 2000/s: p99 41.0 ms | one-hop EOS p99 35.1 ms | ×1.17}), then the targets with MET or MISSED.
 */
final class TableReport {

    private TableReport() {
    }

    static List<String> lines(BenchReport report) {
        List<String> out = new ArrayList<>();
        BenchPlan plan = report.plan();
        MachineInfo machine = report.machine();
        out.add(String.format(Locale.ROOT, "bin/mm bench (%s): %d cores, Java %s, load average %.1f -> %.1f; N = %,d book records;"
                        + " windows %ds after %ds warm-up; live fraction %s; %.0f s wall", plan.quick() ? "quick" : "full", machine.cores(),
                machine.javaVersion(), machine.loadAtStart(), machine.loadAtEnd(), plan.records(), plan.window().toSeconds(),
                plan.warmup().toSeconds(), plan.canaryFraction(), report.elapsedSeconds()));
        out.add("");
        baselines(report, out);
        pipeline(report, report.eos(), "EOS", Baselines.ONE_HOP_EOS, out);
        pipeline(report, report.alos(), "ALOS", Baselines.ONE_HOP_ALOS, out);
        kill(report, out);
        quoteMath(report, out);
        out.add("targets (DESIGN.md section 10):");
        for (Target target : report.targets()) {
            out.add(String.format(Locale.ROOT, "  %-6s  %-26s %10s  %-12s %s", target.met() ? "MET" : "MISSED", target.key(),
                    Double.isNaN(target.value()) ? "n/a" : String.valueOf(Figures.round(target.value(), 3)), target.comparison(),
                    target.description()));
        }
        if (!report.notes().isEmpty()) {
            out.add("");
            out.add("notes:");
            report.notes().forEach(note -> out.add("  - " + note));
        }
        return out;
    }

    private static void baselines(BenchReport report, List<String> out) {
        out.add("baselines (mm.md.book.sim, " + report.plan().partitions() + " partition(s); latency = record timestamp -> readable"
                + " read_committed):");
        BaselineResult passthrough = report.baseline(Baselines.PASSTHROUGH).orElse(null);
        for (BaselineResult baseline : report.baselines()) {
            String ratio = baseline == passthrough || passthrough == null ? ""
                    : " | plain copy " + Figures.rate(passthrough.flatOutRate()) + " | "
                    + Figures.times(Figures.ratio(baseline.flatOutRate(), passthrough.flatOutRate()));
            out.add(String.format(Locale.ROOT, "  %-14s flat out %12s%s", label(baseline.name()), Figures.rate(baseline.flatOutRate()), ratio));
            out.add(String.format(Locale.ROOT, "  %-14s %d/s: %s", "", baseline.latencyRate(), percentiles(baseline.latency())));
        }
        out.add("");
    }

    private static void pipeline(BenchReport report, PipelineResult pipeline, String mode, String baselineName, List<String> out) {
        if (pipeline == null) {
            out.add("pipeline " + mode + ": not measured (see notes)");
            out.add("");
            return;
        }
        LatencyStats baseline = report.baseline(baselineName).map(BaselineResult::latency).orElse(LatencyStats.EMPTY);
        String baselineLabel = label(baselineName);
        out.add("pipeline " + mode + " (" + pipeline.guarantee() + "; quoter, risk-gate, order-router, canary, notifier, paper exchange,"
                + " MarketFeed):");
        for (RateStep step : pipeline.steps()) {
            LatencyStats live = step.latencies().liveOrder();
            out.add(String.format(Locale.ROOT, "  %5d/s book->live order %s | %s p99 %s | %s", step.offeredPerSecond(), percentiles(live),
                    baselineLabel, Figures.ms(baseline.p99Ms()), Figures.times(Figures.ratio(live.p99Ms(), baseline.p99Ms()))));
            out.add(String.format(Locale.ROOT, "         all NEW orders p99 %s (n=%d); book->quote p99 %s; book->decision p99 %s",
                    Figures.ms(step.latencies().anyOrder().p99Ms()), step.latencies().anyOrder().count(),
                    Figures.ms(step.latencies().quote().p99Ms()), Figures.ms(step.latencies().decision().p99Ms())));
            out.add(String.format(Locale.ROOT, "         published %s, %s (lag %d -> %d)%s%s", Figures.rate(step.achievedPerSecond()),
                    step.sustained() ? "sustained" : "NOT sustained", step.lagStart(), step.lagEnd(),
                    step.complete() ? "" : "; window not fully read within the grace period: latencies understate, the oldest"
                            + " unread record was at least " + step.backlogMs() + " ms late",
                    step.foreignKills() > 0 ? "; " + step.foreignKills() + " kill(s) not sent by the bench" : ""));
            out.add("         cpu s/1k updates: " + cpu(step.cpu(), step.books()) + (step.cpu().threadsLost() > 0
                    ? " (" + step.cpu().threadsLost() + " threads died in the window: lost)" : ""));
        }
        FlatOutResult flat = pipeline.flatOut();
        if (flat != null) {
            double oneHop = report.baseline(baselineName).map(BaselineResult::flatOutRate).orElse(Double.NaN);
            out.add(String.format(Locale.ROOT, "  flat out (risk.stale.ms=%s for this run only): %s | %s flat out %s | %s%s", flat.staleMs(),
                    Figures.rate(flat.rate()), baselineLabel, Figures.rate(oneHop), Figures.times(Figures.ratio(flat.rate(), oneHop)),
                    flat.drained() ? "" : " (not drained by the deadline: " + flat.records() + " books decided)"));
        }
        PipelineObserver.TimestampCarry carry = pipeline.carry();
        out.add(String.format(Locale.ROOT, "  book timestamp carried onto quote/decision/order records: %d of %d checked%s", carry.equal(),
                carry.checked(), carry.lastMismatch().isEmpty() ? "" : " (last mismatch: " + carry.lastMismatch() + ")"));
        if (!pipeline.failed().isEmpty()) {
            out.add("  services that failed: " + pipeline.failed());
        }
        out.add("");
    }

    private static void kill(BenchReport report, List<String> out) {
        KillResult kill = report.eos() == null ? null : report.eos().kill();
        if (kill == null) {
            return;
        }
        LatencyStats baseline = report.baseline(Baselines.ONE_HOP_EOS).map(BaselineResult::latency).orElse(LatencyStats.EMPTY);
        out.add(String.format(Locale.ROOT, "kill (EOS, %d kills after %d warm-up, %d/s load): DISABLE_LIVE sent -> CANCEL_ALL readable %s"
                        + " | one-hop EOS p99 %s | %s", kill.kills(), kill.warmupKills(), kill.loadPerSecond(),
                percentiles(kill.everyCancelAll()), Figures.ms(baseline.p99Ms()),
                Figures.times(Figures.ratio(kill.everyCancelAll().p99Ms(), baseline.p99Ms()))));
        out.add(String.format(Locale.ROOT, "  first CANCEL_ALL per kill p99 %s; kills without a CANCEL_ALL: %d; cycles skipped (no live"
                        + " order after the enable): %d", Figures.ms(kill.firstPerKill().p99Ms()), kill.withoutCancel(), kill.skipped()));
        out.add("");
    }

    private static void quoteMath(BenchReport report, List<String> out) {
        QuoteMathResult quote = report.quoteMath();
        if (quote == null) {
            out.add("quote math: not measured (see notes)");
        } else {
            out.add(String.format(Locale.ROOT, "quote math fast path (JMH, %d fork(s), %d x %.1fs): %.1f ± %.1f M quotes/s/core, %s B/op"
                            + " | target 10 M/s | %s", quote.forks(), quote.iterations(), quote.iterationSeconds(), quote.mops(),
                    quote.mopsError(), Double.isNaN(quote.allocBytesPerOp()) ? "n/a" : String.format(Locale.ROOT, "%.3f",
                            quote.allocBytesPerOp()), Figures.times(Figures.ratio(quote.mops(), 10))));
        }
        out.add("");
    }

    static String percentiles(LatencyStats stats) {
        if (stats.isEmpty()) {
            return "no records";
        }
        return "p50 " + Figures.ms(stats.p50Ms()) + " p99 " + Figures.ms(stats.p99Ms()) + " p99.9 " + Figures.ms(stats.p999Ms())
                + " max " + Figures.ms(stats.maxMs()) + " (n=" + stats.count() + ")";
    }

    static String cpu(CpuUsage usage, long updates) {
        List<String> parts = new ArrayList<>();
        usage.perThousand(updates).forEach((group, value) -> {
            if (!Double.isNaN(value) && value >= 0.0005) {
                parts.add(group + " " + String.format(Locale.ROOT, "%.3f", value));
            }
        });
        if (updates > 0 && !Double.isNaN(usage.processSeconds())) {
            parts.add(String.format(Locale.ROOT, "process %.3f (GC/JIT/lost %.3f)", usage.processSeconds() / (updates / 1_000.0),
                    usage.unattributedSeconds() / (updates / 1_000.0)));
        }
        return parts.isEmpty() ? "n/a" : String.join(", ", parts);
    }

    private static String label(String baseline) {
        return switch (baseline) {
            case Baselines.PASSTHROUGH -> "plain copy";
            case Baselines.ONE_HOP_EOS -> "one-hop EOS";
            case Baselines.ONE_HOP_ALOS -> "one-hop ALOS";
            default -> baseline;
        };
    }
}
