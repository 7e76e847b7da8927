package io.mmguard.ops.bench;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bench run, phase after phase so they never share the two cores: the raw-Kafka baselines, the pipeline
 * in exactly-once (with the kill measurement), the pipeline in at-least-once, each on a fresh broker with
 * fresh state, then the quote-math JMH run once every broker is down. A phase that fails leaves its figures
 * empty and a note; the others still run.
 */
final class Bench {

    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    private final BenchPlan plan;

    Bench(BenchPlan plan) {
        this.plan = plan;
    }

    BenchReport run() throws IOException {
        long started = System.nanoTime();
        double loadAtStart = MachineInfo.loadAverage();
        List<String> notes = new ArrayList<>(standingNotes());
        Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
        Path stateDir = Files.createTempDirectory("mm-bench");
        try {
            LOG.info("bench: baselines ({} records, latency at {}/s)", plan.records(), plan.latencyRate());
            List<BaselineResult> baselines = phase("baselines", notes,
                    () -> new Baselines(plan, topics, stateDir.resolve("baselines")).run());
            LOG.info("bench: pipeline exactly_once_v2, rates {}", plan.rates());
            PipelineResult eos = phase("pipeline exactly_once_v2", notes,
                    () -> new PipelineRun(plan, topics, CommonConfig.EXACTLY_ONCE_V2, stateDir, true).run());
            LOG.info("bench: pipeline at_least_once, rates {}", plan.rates());
            PipelineResult alos = phase("pipeline at_least_once", notes,
                    () -> new PipelineRun(plan, topics, CommonConfig.AT_LEAST_ONCE, stateDir, false).run());
            LOG.info("bench: quote math (JMH)");
            QuoteMathResult quote = phase("quote math", notes, () -> new QuoteMathRun(plan.quoteMath()).run());
            for (PipelineResult mode : java.util.Arrays.asList(eos, alos)) {
                if (mode != null) {
                    notes.addAll(mode.notes());
                }
            }
            return new BenchReport(plan, MachineInfo.current(loadAtStart), baselines == null ? List.of() : baselines, eos, alos, quote,
                    (System.nanoTime() - started) / 1e9, notes);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private List<String> standingNotes() {
        List<String> standing = new ArrayList<>(List.of(
                "latency = wall clock when an independent read_committed consumer (assign(), no group, own thread) read the record"
                        + " minus its Kafka timestamp; Streams carries the book record's timestamp onto quote, decision and order"
                        + " (checked, see book_timestamp_carried); Kafka timestamps are whole milliseconds, so figures read up to"
                        + " 1 ms high",
                "live fraction " + plan.canaryFraction() + " set by a signed SET_FRACTION + ENABLE_LIVE after warm-up; the canary"
                        + " controller runs at time scale 1 (no promotion within a run); a kill the bench did not send is re-enabled"
                        + " before the next step and counted in foreign_kills; the canary's exchange-response SLO windows"
                        + " (newOrder 2xx, cancel p99) get min samples " + PipelineServices.CANARY_UNREACHABLE_SAMPLES
                        + " so they cannot roll back mid-run (err_bp, loss, reject streak and sanity triggers stay)",
                "a rate step's latencies are of the records stamped in its window, read up to the grace period after it"
                        + " (window_fully_read false: some were still unread, the figures understate)",
                "sustained = summed group lag (quoter, risk-gate, router) grew by at most max(50, rate x 0.25 s) over the window",
                "flat out = preload start until one decision per book and the router's group committed to the end of"
                        + " mm.risk.decisions; risk.stale.ms=" + PipelineRun.FLAT_OUT_STALE_MS + " (signed SET_PARAM) for that run only",
                "kill = nanoTime before the DISABLE_LIVE send until each CANCEL_ALL naming it was read; one sample per CANCEL_ALL",
                "cpu = ThreadMXBean CPU time per thread, grouped by thread name; threads that died in a window are lost (counted);"
                        + " GC and JIT are only in process_total / unattributed",
                "the book topic and every symbol-keyed topic have " + plan.partitions() + " partition(s) in every phase, as in the"
                        + " demo (one instance per service on one machine)",
                "each mode runs on a fresh embedded broker with fresh application state; broker and clients share this JVM and its"
                        + " cores"));
        if (plan.partitions() != TopicLayout.SINGLE_MACHINE_PARTITIONS) {
            standing.add("EXPERIMENT: every phase ran with " + plan.partitions() + " partition(s) per symbol-keyed topic"
                    + " (--partitions; the demo has " + TopicLayout.SINGLE_MACHINE_PARTITIONS + ")");
        }
        if (!plan.settings().isEmpty()) {
            standing.add("EXPERIMENT: every pipeline service ran with " + plan.settings()
                    + " (--set) on top of its defaults; these figures are not of the shipped configuration");
        }
        return standing;
    }

    /** A phase's work. */
    private interface Phase<T> {
        T run() throws Exception;
    }

    private <T> T phase(String name, List<String> notes, Phase<T> work) {
        String key = name.startsWith("pipeline ") ? (name.endsWith("at_least_once") ? "alos" : "eos")
                : name.startsWith("quote") ? "quote" : "baselines";
        if (!plan.runs(key)) {
            LOG.info("bench: {} skipped (--phases)", name);
            notes.add(name + " not run (--phases " + String.join(",", plan.phases().stream().sorted().toList()) + ")");
            return null;
        }
        try {
            return work.run();
        } catch (Exception e) {
            LOG.error("bench: {} failed: {}", name, e.toString(), e);
            notes.add(name + " failed: " + e.getMessage());
            return null;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("bench: could not delete {}: {}", dir, e.toString());
        }
    }
}
