package io.mmguard.audit;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.quoter.QuoterConfig;
import io.mmguard.riskgate.RiskGateConfig;
import io.mmguard.router.OrderRouterConfig;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Provenance;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Audit by topic replay (DESIGN.md section 8): reads the recorded topics, runs the services' own code over the
 * recorded inputs in the order the services processed them, and compares every derived record whose record time
 * is in the range with what was recorded.
 *
 * <p>State at the start of the range is rebuilt by replaying every retained input from its earliest offset (the
 * risk-gate's and the router's state is a pure function of their input history); records before {@code from}
 * rebuild state and are not compared. Stream inputs are replayed up to the last record at or before {@code to} in
 * each partition; mm.control and mm.ref.instruments are folded as far as the versions the derived records name. When retention has already dropped the start of a service's history, the rebuilt state can differ
 * from what the service had: the input table's {@code earliest} column shows where each replay began.
 */
public final class Audit {

    /** Every topic the audit reads besides the book topics. */
    static final List<String> TOPICS = List.of(TopicNames.INSTRUMENTS, TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS,
            TopicNames.CONTROL, TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_DENIED, TopicNames.EXEC_REPORTS,
            TopicNames.POSITIONS);
    /** The inputs whose offsets the report lists. */
    static final List<String> INPUTS = List.of(TopicNames.INSTRUMENTS, TopicNames.CONTROL, TopicNames.QUOTES, TopicNames.QUOTES_DENIED,
            TopicNames.DECISIONS, TopicNames.EXEC_REPORTS);

    static final String OPERATOR_COMMANDS = "operator commands on mm.control";
    static final String CANARY_COMMANDS = "canary-controller commands on mm.control";
    static final String DAILY_LOSS_COMMANDS = "order-router daily-loss commands on mm.control";
    static final String BREAK_GLASS_COMMANDS = "break-glass commands on mm.control";
    static final String NOT_AUDITED_FIELDS = "fields not compared";

    /**
     * What to audit.
     *
     * @param bootstrap   the cluster
     * @param from        start of the range (inclusive)
     * @param to          end of the range (inclusive)
     * @param quoter      the quoter's config, as the service ran
     * @param riskGate    the risk-gate's config, as the service ran
     * @param router      the order-router's config, as the service ran (with the same MM_CONTROL_KEY)
     * @param topics      topic handles (serdes with the cluster's schema registry)
     * @param maxFindings how many findings to describe in detail
     * @param timeout     how long to wait for the cluster to answer
     * @param threads     how many replay jobs (one per service task) run at once
     */
    public record Request(String bootstrap, Instant from, Instant to, QuoterConfig quoter, RiskGateConfig riskGate,
                         OrderRouterConfig router, Topics topics, int maxFindings, Duration timeout, int threads) {

        public Request {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            }
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from + "; the range runs from --from to --to");
            }
        }
    }

    private Audit() {
    }

    /**
     * Runs the audit.
     *
     * @throws KafkaUnreachableException when the cluster does not answer
     * @throws IllegalArgumentException  when the cluster lacks the mmguard topics
     */
    public static AuditResult run(Request request) {
        long started = System.nanoTime();
        long from = request.from().toEpochMilli();
        long to = request.to().toEpochMilli();
        RecordedLog log = RecordedLog.read(request.bootstrap(), TOPICS, List.of(TopicNames.BOOK_PATTERN), request.timeout());
        for (String topic : List.of(TopicNames.QUOTES, TopicNames.DECISIONS, TopicNames.CONTROL)) {
            if (log.partitions(topic).isEmpty()) {
                throw new IllegalArgumentException(request.bootstrap() + " has no topic " + topic + ": nothing mmguard wrote is there to"
                        + " audit (bin/mm topics creates the topics; check --bootstrap)");
            }
        }
        List<AuditResult.InputRange> ranges = ranges(log, from, to);
        log = log.upTo(to, List.of(TopicNames.CONTROL, TopicNames.INSTRUMENTS));
        Topics topics = request.topics();
        Comparison comparison = new Comparison(topics, from, to, request.maxFindings());
        Lags lags = new Lags(comparison);
        Exclusions exclusions = new Exclusions();
        exclusions.declare(NOT_AUDITED_FIELDS, "none: every field of every audited record is compared, timestamps included (no"
                + " audited record carries a wall-clock field; wall-clock events are recorded as their own records first)");
        ControlLog control = new ControlLog(log.records(TopicNames.CONTROL), topics.control().valueSerde().deserializer());
        InstrumentHistory instruments = new InstrumentHistory(log.records(TopicNames.INSTRUMENTS),
                topics.instruments().valueSerde().deserializer());
        Path scratch = scratchDir();
        try {
            RouterAudit.Recorded routerOutputs = recordedRouterOutputs(log, topics, comparison, exclusions);
            ControlTimeline timeline = new ControlTimeline(control, topics, request.router(), comparison, scratch.toFile());
            List<Runnable> jobs = new ArrayList<>();
            jobs.addAll(QuoterAudit.jobs(log, topics, request.quoter(), control, instruments, comparison, lags, exclusions));
            jobs.addAll(RiskGateAudit.jobs(log, topics, request.riskGate(), control, instruments, comparison, lags, exclusions,
                    scratch.toFile()));
            jobs.addAll(RouterAudit.jobs(log, topics, request.router(), control, instruments, routerOutputs, timeline, comparison, lags,
                    scratch.toFile()));
            runAll(jobs, request.threads());
            comparison.finish();
            return new AuditResult(request.bootstrap(), request.from(), request.to(), ranges, comparison.counts(), comparison.findings(),
                    comparison.findingsTotal(), timeline.entries(), exclusions.summary(), lags.summary(),
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            deleteRecursively(scratch);
        }
    }

    /**
     * Registers the recorded outputs of the router and the automatic commands on mm.control that the replays must
     * re-derive, and collects what the router's outputs say about how it interleaved its inputs.
     */
    private static RouterAudit.Recorded recordedRouterOutputs(RecordedLog log, Topics topics, Comparison comparison,
                                                              Exclusions exclusions) {
        RouterAudit.Recorded recorded = new RouterAudit.Recorded();
        for (String topic : List.of(TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW)) {
            for (Rec rec : log.records(topic)) {
                OrderCommand order = decode(rec, topics.ordersLive().valueSerde().deserializer(), comparison, RouterAudit.SERVICE);
                if (order != null) {
                    comparison.recorded(rec, order);
                    recorded.observe(rec, order.getProvenance());
                }
            }
        }
        for (Rec rec : log.records(TopicNames.ORDERS_DENIED)) {
            OrderDenial denial = decode(rec, topics.ordersDenied().valueSerde().deserializer(), comparison, RouterAudit.SERVICE);
            if (denial != null) {
                comparison.recorded(rec, denial);
                recorded.observe(rec, denial.getProvenance());
            }
        }
        for (Rec rec : log.records(TopicNames.POSITIONS)) {
            io.mmguard.schemas.Position position = decode(rec, topics.positions().valueSerde().deserializer(), comparison,
                    RouterAudit.SERVICE);
            if (position != null) {
                comparison.recorded(rec, position);
                recorded.observe(rec, position.getProvenance());
            }
        }
        exclusions.declare(OPERATOR_COMMANDS, "inputs, not derivations: signed or unsigned commands of people and their tools;"
                + " the timeline lists each with what the control fold made of it");
        exclusions.declare(CANARY_COMMANDS, "inputs here: the canary controller is a separate service whose stage decisions this"
                + " audit does not re-derive yet; each appears in the timeline with its reason and metric snapshot");
        exclusions.declare(DAILY_LOSS_COMMANDS, "derived from the router's internal daily-PnL repartition topic, which Kafka purges"
                + " once consumed: its input is not recorded, so the kill is listed in the timeline but not re-derived");
        exclusions.declare(BREAK_GLASS_COMMANDS, "derived from a file on the router's disk (SWITCH_DIR/disable_live), not a record");
        for (Rec rec : log.records(TopicNames.CONTROL)) {
            ControlCommand command = decode(rec, topics.control().valueSerde().deserializer(), null, null);
            if (command == null) {
                continue; // the timeline shows it: the router kills on an unreadable command
            }
            Provenance provenance = command.getProvenance();
            String codePath = provenance == null ? "" : provenance.getCodePath();
            String actor = String.valueOf(command.getActor());
            boolean inRange = comparison.inRange(rec.timestamp());
            if (actor.equals(RiskGateAudit.SERVICE) || actor.equals(RouterAudit.SERVICE) && "exec-report".equals(codePath)) {
                comparison.recorded(rec, command);
                if (actor.equals(RouterAudit.SERVICE)) {
                    recorded.observe(rec, provenance);
                }
            } else if (inRange) {
                exclusions.count(actor.equals("canary-controller") ? CANARY_COMMANDS
                        : actor.equals(RouterAudit.SERVICE) && "daily-loss".equals(codePath) ? DAILY_LOSS_COMMANDS
                        : actor.equals("break-glass") ? BREAK_GLASS_COMMANDS : OPERATOR_COMMANDS);
            }
        }
        return recorded;
    }

    private static <T extends SpecificRecord> T decode(Rec rec, Deserializer<T> deserializer, Comparison comparison, String service) {
        try {
            return rec.value() == null ? null : deserializer.deserialize(rec.topic(), rec.value());
        } catch (RuntimeException e) {
            if (comparison != null && comparison.inRange(rec.timestamp())) {
                comparison.unreadable(rec, service, "recorded " + rec.ref() + " cannot be decoded: " + e.getMessage());
            }
            return null;
        }
    }

    /** Per input partition: the earliest offset, the first at or after {@code from}, the end of the replay, records replayed. */
    private static List<AuditResult.InputRange> ranges(RecordedLog log, long from, long to) {
        List<AuditResult.InputRange> ranges = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<Rec>> entry : log.all().entrySet()) {
            String topic = entry.getKey().topic();
            if (!INPUTS.contains(topic) && !TopicNames.BOOK_PATTERN.matcher(topic).matches()) {
                continue;
            }
            List<Rec> records = entry.getValue();
            int partition = entry.getKey().partition();
            long earliest = log.earliest(topic, partition);
            long fromOffset = -1;
            long toOffset = earliest;
            long replayed = 0;
            for (int i = 0; i < records.size(); i++) {
                Rec rec = records.get(i);
                if (fromOffset < 0 && rec.timestamp() >= from) {
                    fromOffset = rec.offset();
                }
                if (rec.timestamp() <= to) {
                    toOffset = rec.offset() + 1;
                    replayed = i + 1;
                }
            }
            ranges.add(new AuditResult.InputRange(topic, partition, earliest, fromOffset < 0 ? toOffset : fromOffset, toOffset, replayed));
        }
        return ranges;
    }

    /**
     * Runs the replay jobs (one per service task: they share no state but the comparison ledger) on {@code threads}
     * threads, and rethrows the first failure.
     */
    private static void runAll(List<Runnable> jobs, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "mm-audit-replay");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = jobs.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> job : running) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the audit was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a replay failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("mm-audit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for the replay: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a scratch directory left in the temp folder is harmless
        }
    }
}
