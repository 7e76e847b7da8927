package io.mmguard.ops.bench;

import io.mmguard.ops.DurationConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm bench [--json] [--quick] [--rates 200,2000] [--duration 20s]}: the performance harness
 * (DESIGN.md sections 9 and 10). On embedded brokers in this JVM it measures, side by side in one run: the
 * raw-Kafka baselines (plain consumer-to-producer copy, one-hop Streams in exactly-once and at-least-once),
 * the full pipeline of the demo in both modes at each offered rate and flat out, the kill-to-CANCEL_ALL
 * latency under load, and the quote-math JMH figure. Prints a table (or, with {@code --json}, one JSON
 * object on stdout; everything else on stderr). Exit 0 with the figures whether or not they meet the
 * targets; 2 for a refused argument.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the pipeline against raw Kafka on embedded brokers: latency per rate, throughput, kill latency,"
                + " quote math; prints each figure beside its baseline and the design's targets (MET/MISSED).")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object on stdout; progress goes to stderr")
    private boolean json;

    @Option(names = "--quick", description = "short windows and fewer records and kills (under 3 minutes)")
    private boolean quick;

    @Option(names = "--rates", split = ",", paramLabel = "R", description = "offered book updates/s of the pipeline steps"
            + " (default: 200,1000,2000,5000; the headline figures are at 2000)")
    private List<Integer> rates;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured window of each step, e.g. 20s (default: 20s, --quick 6s)")
    private Duration duration;

    @Option(names = "--warmup", converter = DurationConverter.class, hidden = true, description = "warm-up before each window")
    private Duration warmup;

    @Option(names = "--records", hidden = true, description = "N: book records of the flat-out runs")
    private Integer records;

    @Option(names = "--kills", hidden = true, description = "measured kills (warm-up kills: a fifth of them)")
    private Integer kills;

    @Option(names = "--jmh-forks", hidden = true, description = "JMH forks of the quote-math run (0: in this JVM)")
    private Integer jmhForks;

    @Option(names = "--set", hidden = true, paramLabel = "KEY=VALUE",
            description = "experiment: one more config entry for every pipeline service (as bin/mm run --set), repeatable")
    private List<String> settings;

    @Option(names = "--phases", split = ",", hidden = true, paramLabel = "PHASE",
            description = "experiment: run only these phases of baselines,eos,alos,quote")
    private List<String> phases;

    @Option(names = "--partitions", hidden = true, paramLabel = "N",
            description = "experiment: partitions of every symbol-keyed topic in every phase (default 1, as the demo)")
    private Integer partitions;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        PrintStream out = System.out;
        BenchReport report = new Bench(plan).run();
        if (json) {
            out.println(JsonReport.render(report));
        } else {
            TableReport.lines(report).forEach(out::println);
        }
        return 0;
    }

    private BenchPlan plan() {
        BenchPlan plan = quick ? BenchPlan.quickRun() : BenchPlan.full();
        if (settings != null) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String setting : settings) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterException(spec.commandLine(), "--set " + setting + ": expected KEY=VALUE, e.g."
                            + " --set commit.interval.ms=50");
                }
                entries.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
            plan = plan.withSettings(entries);
        }
        if (partitions != null) {
            if (partitions < 1 || partitions > 12) {
                throw new ParameterException(spec.commandLine(), "--partitions " + partitions + " is out of range (1..12)");
            }
            plan = plan.withPartitions(partitions);
        }
        if (phases != null) {
            List<String> unknown = phases.stream().filter(phase -> !BenchPlan.PHASES.contains(phase)).toList();
            if (phases.isEmpty() || !unknown.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--phases " + phases + ": unknown " + unknown
                        + "; choose from " + String.join(",", BenchPlan.PHASES));
            }
            plan = plan.withPhases(Set.copyOf(phases));
        }
        if (rates != null) {
            if (rates.isEmpty() || rates.stream().anyMatch(rate -> rate == null || rate < 1 || rate > 50_000)) {
                throw new ParameterException(spec.commandLine(), "--rates " + rates + ": each rate must be 1..50000 updates/s");
            }
            plan = plan.withRates(rates.stream().distinct().toList());
        }
        if (duration != null) {
            plan = plan.withWindow(positive(duration, "--duration", Duration.ofMinutes(10)));
        }
        if (warmup != null) {
            plan = plan.withWarmup(positive(warmup, "--warmup", Duration.ofMinutes(5)));
        }
        if (records != null) {
            if (records < 100 || records > 5_000_000) {
                throw new ParameterException(spec.commandLine(), "--records " + records + " is out of range (100..5000000)");
            }
            plan = plan.withRecords(records);
        }
        if (kills != null) {
            if (kills < 1 || kills > 1_000) {
                throw new ParameterException(spec.commandLine(), "--kills " + kills + " is out of range (1..1000)");
            }
            plan = plan.withKills(kills, Math.max(1, kills / 5));
        }
        if (jmhForks != null) {
            if (jmhForks < 0 || jmhForks > 5) {
                throw new ParameterException(spec.commandLine(), "--jmh-forks " + jmhForks + " is out of range (0..5)");
            }
            BenchPlan.QuoteMathPlan q = plan.quoteMath();
            plan = plan.withQuoteMath(new BenchPlan.QuoteMathPlan(jmhForks, q.warmupIterations(), q.measureIterations(), q.iterationTime()));
        }
        return plan;
    }

    private Duration positive(Duration value, String option, Duration max) {
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new ParameterException(spec.commandLine(), option + " must be positive and at most " + max.toMinutes() + "m");
        }
        return value;
    }
}
