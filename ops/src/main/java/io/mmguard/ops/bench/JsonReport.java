package io.mmguard.ops.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json} object: the headline figures first ({@code e2e_p99_ms_eos}, {@code e2e_p99_ms_alos},
 * {@code throughput_ratio}, {@code kill_p99_ms}, {@code quote_mops}), then targets, machine, baselines,
 * pipeline detail per mode and rate, CPU per service, kill and quote-math detail. Keys are snake_case;
 * a figure that was not measured is null.
 */
final class JsonReport {

    private JsonReport() {
    }

    static Map<String, Object> asMap(BenchReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("e2e_p99_ms_eos", Figures.orNull(report.e2eP99Eos()));
        map.put("e2e_p99_ms_alos", Figures.orNull(report.e2eP99Alos()));
        map.put("throughput_ratio", Figures.orNull(Figures.round(report.throughputRatio(), 4)));
        map.put("kill_p99_ms", Figures.orNull(report.killP99()));
        map.put("quote_mops", Figures.orNull(report.quoteMops()));
        map.put("quote_alloc_bytes_per_op", Figures.orNull(report.quoteAlloc()));
        Map<String, Object> targets = new LinkedHashMap<>();
        report.targets().forEach(target -> targets.put(target.key(), target.asMap()));
        map.put("targets", targets);
        map.put("targets_met", report.targets().stream().allMatch(Target::met));
        map.put("mode", report.plan().quick() ? "quick" : "full");
        map.put("elapsed_s", Figures.orNull(Figures.round(report.elapsedSeconds(), 1)));
        map.put("machine", report.machine().asMap());
        map.put("plan", plan(report.plan()));
        Map<String, Object> baselines = new LinkedHashMap<>();
        report.baselines().forEach(baseline -> baselines.put(baseline.name(), baseline.asMap()));
        map.put("baselines", baselines);
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("eos", report.eos() == null ? null : report.eos().asMap());
        pipeline.put("alos", report.alos() == null ? null : report.alos().asMap());
        map.put("pipeline", pipeline);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("eos_vs_one_hop_eos", Figures.orNull(Figures.round(report.throughputRatio(), 4)));
        ratios.put("alos_vs_one_hop_alos", Figures.orNull(Figures.round(report.throughputRatio(report.alos(), Baselines.ONE_HOP_ALOS), 4)));
        map.put("throughput_ratios", ratios);
        map.put("cpu_s_per_1k", cpuAtHeadline(report));
        map.put("kill", report.eos() == null || report.eos().kill() == null ? null : report.eos().kill().asMap());
        map.put("quote_math", report.quoteMath() == null ? null : report.quoteMath().asMap());
        map.put("notes", report.notes());
        return map;
    }

    static String render(BenchReport report) {
        try {
            return new ObjectMapper().writeValueAsString(asMap(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench: cannot render JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> cpuAtHeadline(BenchReport report) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("at_rate_per_s", BenchPlan.HEADLINE_RATE);
        cpu.put("eos", headlineCpu(report.eos()));
        cpu.put("alos", headlineCpu(report.alos()));
        return cpu;
    }

    private static Object headlineCpu(PipelineResult pipeline) {
        if (pipeline == null) {
            return null;
        }
        return pipeline.at(BenchPlan.HEADLINE_RATE).map(step -> (Object) CpuReport.perThousand(step.cpu(), step.books())).orElse(null);
    }

    private static Map<String, Object> plan(BenchPlan plan) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rates", new ArrayList<>(plan.rates()));
        map.put("window_s", plan.window().toMillis() / 1_000.0);
        map.put("warmup_s", plan.warmup().toMillis() / 1_000.0);
        map.put("records", plan.records());
        map.put("latency_rate_per_s", plan.latencyRate());
        map.put("kills", plan.kills());
        map.put("warmup_kills", plan.warmupKills());
        map.put("canary_fraction", plan.canaryFraction());
        return map;
    }
}
