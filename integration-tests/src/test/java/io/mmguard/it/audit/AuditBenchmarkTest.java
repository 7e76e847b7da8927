package io.mmguard.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a timed unit test (skipped unless {@code -Dmm.bench=true}): how long {@code bin/mm audit} takes over
 * {@value #DEFAULT_BOOK_UPDATES} book updates ({@code -Dmm.bench.audit.books}) recorded by the demo pipeline on the embedded
 * broker, next to a plain read of the same topics in the same run. The pipeline runs as in {@link AuditOnABrokerTest}
 * (quoter, risk-gate, order-router, paper exchange, seeded feed at {@code -Dmm.bench.audit.rate} updates/s, default
 * {@value #DEFAULT_RATE}; live trading enabled at a 10% fraction, so live orders and execution reports exist), without an
 * incident. Once the feed has stopped, every service has committed its inputs to the end and the services are stopped, it
 * times (a) one consumer reading every topic the audit reads from the beginning to the end, raw bytes, and (b) the audit of
 * the record-time range of the first {@value #DEFAULT_BOOK_UPDATES} book updates ({@code --json}, in this JVM; the feed
 * overshoots while it stops, the later updates stay out of the range).
 *
 * <pre>mvn -B -o -pl integration-tests test -Dtest='io.mmguard.it.audit.AuditBenchmarkTest' -Dmm.bench=true</pre>
 *
 * Prints one line {@code audit_benchmark book_updates=... records_read=... read_ms=... audit_ms=... audit_records_checked=...}
 * (with the JVM's CPU time for each, and the load average, since other work on the machine stretches wall time) and writes
 * it to {@code target/audit-benchmark.txt}, the audit's JSON to {@code target/audit-benchmark.json}. The target: the
 * audit of 100 k book updates completes in under a minute on the development machine (2 cores); the figure depends on what
 * else the machine runs.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "mm.bench", matches = "true")
@Timeout(900)
class AuditBenchmarkTest {

    private static final int DEFAULT_BOOK_UPDATES = 100_000;
    private static final int DEFAULT_RATE = 4_000;
    private static final int BOOK_UPDATES = Integer.getInteger("mm.bench.audit.books", DEFAULT_BOOK_UPDATES);
    private static final int RATE = Integer.getInteger("mm.bench.audit.rate", DEFAULT_RATE);
    private static final long SEED = 7;
    private static final Duration TARGET = Duration.ofMinutes(1);
    /** Every topic the audit reads: its inputs and the records it compares. */
    private static final List<String> AUDITED_TOPICS = List.of(TopicNames.book(PipelineOnABroker.VENUE), TopicNames.INSTRUMENTS,
            TopicNames.CONTROL, TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS, TopicNames.ORDERS_LIVE,
            TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_DENIED, TopicNames.EXEC_REPORTS);

    @TempDir
    Path stateDir;

    @Test
    void theAuditOfAHundredThousandBookUpdatesCompletesInUnderAMinute() throws Exception {
        try (PipelineOnABroker pipeline = new PipelineOnABroker(stateDir, Map.of())) {
            pipeline.startServices();
            pipeline.startExchange(SEED);
            pipeline.startFeed(RATE, SEED);
            try (RecordedTopic<RiskDecision> decisions = new RecordedTopic<>(pipeline.bootstrap(), TopicNames.DECISIONS,
                    pipeline.topics.decisions().valueSerde().deserializer())) {
                PipelineOnABroker.await(Duration.ofSeconds(60), "a PASS for every symbol", () -> passed(decisions).toString(),
                        () -> passed(decisions).size() == PipelineOnABroker.SYMBOLS.size());
            }
            pipeline.operatorEnablesLive("0.1");
            pipeline.awaitPublished(BOOK_UPDATES, Duration.ofSeconds(10L * BOOK_UPDATES / RATE + 60));
            pipeline.stopFeed();
            BookRange range = firstBookUpdates(pipeline, BOOK_UPDATES);
            pipeline.awaitDrained(Duration.ofMinutes(8));
            pipeline.stopServices(); // idle by now; stopped so that only the reader and the audit compete for the two cores

            long readStarted = System.nanoTime();
            long readCpuStarted = processCpuNanos();
            long recordsRead = readEverything(pipeline);
            long readMs = (System.nanoTime() - readStarted) / 1_000_000;
            long readCpuMs = (processCpuNanos() - readCpuStarted) / 1_000_000;
            long auditCpuStarted = processCpuNanos();
            AuditRun run = AuditRun.audit(pipeline.environment(), List.of("--bootstrap", pipeline.bootstrap(),
                    "--from", range.from().toString(), "--to", range.to().toString(), "--json"));
            long auditCpuMs = (processCpuNanos() - auditCpuStarted) / 1_000_000;

            Files.writeString(Path.of("target", "audit-benchmark.json"), run.out(), StandardCharsets.UTF_8);
            JsonNode result = run.json();
            long checked = 0;
            List<String> perTopic = new ArrayList<>();
            for (Map.Entry<String, JsonNode> topic : result.get("topics").properties()) {
                checked += topic.getValue().get("checked").asLong();
                perTopic.add(topic.getKey() + "=" + topic.getValue().get("checked").asLong());
            }
            String line = String.format("audit_benchmark book_updates=%d book_updates_recorded=%d records_read=%d read_ms=%d"
                            + " audit_ms=%d audit_elapsed_ms=%d audit_records_checked=%d audit_exit=%d findings_total=%d read_cpu_ms=%d"
                            + " audit_cpu_ms=%d load_average=%.1f feed_rate=%d checked_by_topic=%s",
                    range.inRange(), range.recorded(), recordsRead, readMs, run.elapsedMs(), result.get("elapsed_ms").asLong(), checked,
                    run.exit(), result.get("findings_total").asLong(), readCpuMs, auditCpuMs,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), RATE, perTopic);
            System.out.println(line);
            Files.writeString(Path.of("target", "audit-benchmark.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8);
            assertThat(run.exit()).as(run.describe()).isZero();
            assertThat(result.get("clean").asBoolean()).as("findings: " + result.get("findings")).isTrue();
            assertThat(range.inRange()).isGreaterThanOrEqualTo(BOOK_UPDATES);
            assertThat(result.get("topics").get(TopicNames.QUOTES).get("checked").asLong()
                    + result.get("topics").get(TopicNames.QUOTES_DENIED).get("checked").asLong()).as("a quote or denial per book update")
                    .isEqualTo(range.inRange());
            assertThat(Duration.ofMillis(run.elapsedMs())).isLessThan(TARGET);
        }
    }

    /**
     * The range of the first {@code count} book updates in record time: from the first to the {@code count}-th (updates
     * sharing that millisecond are in too), and how many the book topic holds in it and in all.
     */
    private static BookRange firstBookUpdates(PipelineOnABroker pipeline, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = pipeline.rawConsumer()) {
            List<Long> times = new ArrayList<>();
            readToEnd(consumer, partitions(consumer, List.of(TopicNames.book(PipelineOnABroker.VENUE))), r -> times.add(r.timestamp()));
            Collections.sort(times);
            long to = times.get(Math.min(count, times.size()) - 1);
            return new BookRange(Instant.ofEpochMilli(times.get(0)), Instant.ofEpochMilli(to),
                    times.stream().filter(t -> t <= to).count(), times.size());
        }
    }

    /** A record-time range of the book topic and how many book updates it holds, of how many recorded. */
    private record BookRange(Instant from, Instant to, long inRange, long recorded) {
    }

    /** The baseline: one consumer reads every audited topic from the beginning to the end; returns how many records. */
    private static long readEverything(PipelineOnABroker pipeline) {
        try (KafkaConsumer<byte[], byte[]> consumer = pipeline.rawConsumer()) {
            long[] count = {0};
            readToEnd(consumer, partitions(consumer, AUDITED_TOPICS), record -> count[0]++);
            return count[0];
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach(topic -> consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
        return partitions;
    }

    private static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                  Consumer<ConsumerRecord<byte[], byte[]>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long read = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out reading to " + end + "; read " + read);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                each.accept(record);
                read++;
            }
        }
    }

    /** CPU time of this JVM (broker included: serving the reads is part of their cost), so a busy machine shows as such. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Set<String> passed(RecordedTopic<RiskDecision> decisions) {
        return decisions.poll().stream().filter(r -> r.value().getVerdict() == Verdict.PASS).map(r -> r.value().getSymbol())
                .collect(Collectors.toSet());
    }

}
