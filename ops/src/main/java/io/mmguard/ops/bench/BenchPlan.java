package io.mmguard.ops.bench;

import io.mmguard.core.topics.TopicLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code bin/mm bench} run measures and for how long.
 *
 * @param quick            the short run ({@code --quick})
 * @param rates            offered book-update rates of the pipeline steps, per second
 * @param window           measured length of each rate step and baseline latency run
 * @param warmup           unmeasured time before each window (the first pipeline step gets twice this)
 * @param records          N: book records of every flat-out run (baselines and pipeline)
 * @param latencyRate      offered rate of the baseline latency runs and of the kill measurement
 * @param kills            measured kills
 * @param warmupKills      kills before the measured ones, not counted
 * @param canaryFraction   live fraction the operator sets (a fraction of one)
 * @param quoteMath        JMH settings of the quote-math run
 * @param settings         extra config of every pipeline service (hidden {@code --set}: experiments; empty = the defaults)
 * @param phases           the phases that run (hidden {@code --phases}; default all of {@link #PHASES})
 * @param partitions       partitions of every symbol-keyed topic, baselines included (hidden {@code --partitions}; default
 *                         {@link TopicLayout#SINGLE_MACHINE_PARTITIONS}, as the demo)
 */
record BenchPlan(boolean quick, List<Integer> rates, Duration window, Duration warmup, int records, int latencyRate, int kills,
                 int warmupKills, String canaryFraction, QuoteMathPlan quoteMath, Map<String, String> settings,
                 Set<String> phases, int partitions) {

    /** The rate whose latencies are the headline figures ({@code e2e_p99_ms_*}). */
    static final int HEADLINE_RATE = 2_000;
    static final List<Integer> DEFAULT_RATES = List.of(200, 1_000, 2_000, 5_000);
    static final String DEFAULT_FRACTION = "0.10";
    /** Every phase, in the order they run. */
    static final List<String> PHASES = List.of("baselines", "eos", "alos", "quote");

    /**
     * JMH settings.
     *
     * @param forks               JVM forks (0 runs inside this JVM)
     * @param warmupIterations    warm-up iterations
     * @param measureIterations   measured iterations
     * @param iterationTime       length of one iteration
     */
    record QuoteMathPlan(int forks, int warmupIterations, int measureIterations, Duration iterationTime) {
    }

    BenchPlan {
        rates = List.copyOf(rates);
        settings = Map.copyOf(settings);
        phases = Set.copyOf(phases);
    }

    /** Whether {@code phase} (one of {@link #PHASES}) runs. */
    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** How long the pipeline gets to catch up before a step or the flat-out run (it starts with the backlog after that). */
    Duration catchUp() {
        return quick ? Duration.ofSeconds(10) : Duration.ofSeconds(20);
    }

    /** How long the flat-out drain may take before its rate is taken from what was done. */
    Duration flatOutTimeout() {
        return quick ? Duration.ofSeconds(45) : Duration.ofMinutes(4);
    }

    /** How long after a window its records may still arrive and count (the window's length, 3 to 20 s). */
    Duration grace() {
        long seconds = Math.max(3, Math.min(20, window.toSeconds()));
        return Duration.ofSeconds(seconds);
    }

    /** The full run: 20 s windows, N = 100,000, 100 kills. */
    static BenchPlan full() {
        return new BenchPlan(false, DEFAULT_RATES, Duration.ofSeconds(20), Duration.ofSeconds(5), 100_000, HEADLINE_RATE, 100, 20,
                DEFAULT_FRACTION, new QuoteMathPlan(1, 3, 5, Duration.ofSeconds(2)), Map.of(), Set.copyOf(PHASES),
                TopicLayout.SINGLE_MACHINE_PARTITIONS);
    }

    /** The quick run: 4 s windows, N = 10,000, 20 kills, short JMH iterations. */
    static BenchPlan quickRun() {
        return new BenchPlan(true, DEFAULT_RATES, Duration.ofSeconds(4), Duration.ofSeconds(2), 10_000, HEADLINE_RATE, 20, 5,
                DEFAULT_FRACTION, new QuoteMathPlan(1, 2, 3, Duration.ofMillis(700)), Map.of(), Set.copyOf(PHASES),
                TopicLayout.SINGLE_MACHINE_PARTITIONS);
    }

    BenchPlan withRates(List<Integer> newRates) {
        return new BenchPlan(quick, newRates, window, warmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath,
                settings, phases, partitions);
    }

    BenchPlan withWindow(Duration newWindow) {
        return new BenchPlan(quick, rates, newWindow, warmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath,
                settings, phases, partitions);
    }

    BenchPlan withRecords(int newRecords) {
        return new BenchPlan(quick, rates, window, warmup, newRecords, latencyRate, kills, warmupKills, canaryFraction, quoteMath,
                settings, phases, partitions);
    }

    BenchPlan withKills(int newKills, int newWarmupKills) {
        return new BenchPlan(quick, rates, window, warmup, records, latencyRate, newKills, newWarmupKills, canaryFraction, quoteMath,
                settings, phases, partitions);
    }

    BenchPlan withWarmup(Duration newWarmup) {
        return new BenchPlan(quick, rates, window, newWarmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath,
                settings, phases, partitions);
    }

    BenchPlan withQuoteMath(QuoteMathPlan newQuoteMath) {
        return new BenchPlan(quick, rates, window, warmup, records, latencyRate, kills, warmupKills, canaryFraction, newQuoteMath,
                settings, phases, partitions);
    }

    BenchPlan withSettings(Map<String, String> newSettings) {
        return new BenchPlan(quick, rates, window, warmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath, newSettings,
                phases, partitions);
    }

    BenchPlan withPhases(Set<String> newPhases) {
        return new BenchPlan(quick, rates, window, warmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath, settings,
                newPhases, partitions);
    }

    BenchPlan withPartitions(int newPartitions) {
        return new BenchPlan(quick, rates, window, warmup, records, latencyRate, kills, warmupKills, canaryFraction, quoteMath, settings,
                phases, newPartitions);
    }
}
