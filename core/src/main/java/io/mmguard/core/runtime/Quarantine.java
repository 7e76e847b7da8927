package io.mmguard.core.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the quarantine (dead-letter) record for an input that a service could not read or process:
 * the original key and value bytes, the original headers, and the error in {@code mm.*} headers.
 * Shared by the deserialization and processing handlers so both quarantine the same way.
 */
final class Quarantine {

    /** Streams config key of the quarantine topic. */
    static final String TOPIC_CONFIG = "mm.dlq.topic";
    /** Streams config key of the {@link MeterRegistry} that counts quarantined records (an object, optional). */
    static final String METER_REGISTRY_CONFIG = ServiceRunner.METER_REGISTRY_CONFIG;

    static final String HEADER_ERROR = "mm.error";
    static final String HEADER_ERROR_CLASS = "mm.error.class";
    static final String HEADER_SOURCE_TOPIC = "mm.source.topic";
    static final String HEADER_SOURCE_PARTITION = "mm.source.partition";
    static final String HEADER_SOURCE_OFFSET = "mm.source.offset";
    static final String HEADER_SERVICE = "mm.service";
    static final String HEADER_STAGE = "mm.stage";

    /** Alert kind of a global record (reference data, control) that could not be read. */
    static final String UNREADABLE_GLOBAL_RECORD = "UNREADABLE_GLOBAL_RECORD";
    /** Alert kind of a stream input record (a book, a quote, a decision, a report) that could not be read or processed. */
    static final String UNREADABLE_RECORD = "UNREADABLE_RECORD";
    /** Stream-input quarantines alerted one by one per source topic before only every {@value #ALERT_EVERY}th is. */
    static final long ALERT_FIRST = 10;
    static final long ALERT_EVERY = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    private static final long LOG_EVERY = 1_000;

    private final String topic;
    private final String service;
    private final MeterRegistry meters;
    private final GlobalQuarantine global;
    private final AtomicLong count = new AtomicLong();
    private final Map<String, AtomicLong> perTopic = new java.util.concurrent.ConcurrentHashMap<>();

    private Quarantine(String topic, String service, MeterRegistry meters, GlobalQuarantine global) {
        this.topic = topic;
        this.service = service;
        this.meters = meters;
        this.global = global;
    }

    static Quarantine from(Map<String, ?> configs) {
        Object topic = configs.get(TOPIC_CONFIG);
        Object service = configs.get("application.id");
        Object meters = configs.get(METER_REGISTRY_CONFIG);
        Object global = configs.get(GlobalQuarantine.CONFIG);
        return new Quarantine(topic == null ? "mm.dlq" : topic.toString(), service == null ? "unknown" : service.toString(),
                meters instanceof MeterRegistry registry ? registry : null,
                global instanceof GlobalQuarantine sink ? sink : null);
    }

    /** True when the failed record was read by the global thread (global stores and tables), which cannot send dead letters. */
    static boolean isGlobal(ErrorHandlerContext context) {
        TaskId task = context.taskId();
        return task != null && task.subtopology() < 0;
    }

    /**
     * Quarantines a record the global thread could not read or apply: its dead letter and an alert go through the
     * {@link GlobalQuarantine} sink (the thread itself cannot send them), so the thread keeps running with its last
     * good state. {@code consequence} tells the operator what the service does with the key meanwhile; the alert
     * carries the record's {@code timestamp}.
     */
    void global(String stage, String sourceTopic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                Headers original, Exception error, String consequence) {
        ProducerRecord<byte[], byte[]> letter = record(stage, sourceTopic, partition, offset, key, value, original, error);
        String symbol = key == null ? null : new String(key, StandardCharsets.UTF_8);
        String where = sourceTopic + "-" + partition + "@" + offset;
        String message = service + ": unreadable record " + where + (symbol == null ? "" : " (key " + symbol + ")") + ": "
                + oneLine(error) + "; moved to " + topic + "; the service keeps running: " + consequence
                + ". The topic is compacted, so the record is read again at every start until a readable record (or a"
                + " tombstone) for the key replaces it.";
        Alert alert = Alert.newBuilder()
                .setAlertId(service + "/" + stage + "/" + where)
                .setSeverity(Severity.CRIT)
                .setKind(UNREADABLE_GLOBAL_RECORD)
                .setSymbol(symbol)
                .setMessage(message)
                .setDetails(Map.of("topic", sourceTopic, "partition", Integer.toString(partition),
                        "offset", Long.toString(offset), "service", service, "stage", stage, "error", oneLine(error)))
                .setTs(java.time.Instant.ofEpochMilli(timestamp)) // the record's time: a replay writes the same alert
                .build();
        if (global == null) {
            LOG.error("[QUARANTINE] no global quarantine sink is configured ({}), so this record is only in this log: {}",
                    GlobalQuarantine.CONFIG, message);
            return;
        }
        global.publish(letter, alert);
    }

    /**
     * The dead letter of a stream input and, for the first {@value #ALERT_FIRST} of its source topic in this process and
     * every {@value #ALERT_EVERY}th after, a WARN {@value #UNREADABLE_RECORD} alert: the records a stream task sends in
     * its transaction. The alert carries the record's timestamp; without an alert serializer (tests) only the letter.
     */
    List<ProducerRecord<byte[], byte[]>> streamRecords(String stage, String sourceTopic, int partition, long offset,
                                                       long timestamp, byte[] key, byte[] value, Headers original,
                                                       Exception error) {
        ProducerRecord<byte[], byte[]> letter = record(stage, sourceTopic, partition, offset, key, value, original, error);
        long n = perTopic.computeIfAbsent(sourceTopic, t -> new AtomicLong()).incrementAndGet();
        if (global == null || n > ALERT_FIRST && n % ALERT_EVERY != 0) {
            return List.of(letter);
        }
        String symbol = key == null ? null : new String(key, StandardCharsets.UTF_8);
        String where = sourceTopic + "-" + partition + "@" + offset;
        Alert alert = Alert.newBuilder()
                .setAlertId(service + "/" + stage + "/" + where)
                .setSeverity(Severity.WARN)
                .setKind(UNREADABLE_RECORD)
                .setSymbol(symbol)
                .setMessage(service + ": unreadable record " + where + (symbol == null ? "" : " (key " + symbol + ")") + ": "
                        + oneLine(error) + "; moved to " + topic + " with the error in its mm.error headers; nothing was"
                        + " derived from it and the service keeps running (" + n + " from " + sourceTopic
                        + " in this process; alerted for the first " + ALERT_FIRST + ", then every " + ALERT_EVERY + "th)")
                .setDetails(Map.of("topic", sourceTopic, "partition", Integer.toString(partition),
                        "offset", Long.toString(offset), "service", service, "stage", stage, "error", oneLine(error),
                        "count", Long.toString(n)))
                .setTs(java.time.Instant.ofEpochMilli(timestamp))
                .build();
        return global.alertRecord(alert, timestamp).map(warning -> List.of(letter, warning)).orElse(List.of(letter));
    }

    /** Logs (at a bounded rate), counts and builds the quarantine record. */
    ProducerRecord<byte[], byte[]> record(String stage, String sourceTopic, int partition, long offset,
                                          byte[] key, byte[] value, Headers original, Exception error) {
        String message = oneLine(error);
        long n = count.incrementAndGet();
        if (n <= 100 || n % LOG_EVERY == 0) {
            LOG.warn("[QUARANTINE] {}: {} of {}-{}@{} failed: {}; moved to {} (headers mm.error*), service keeps running ({} quarantined so far)",
                    service, stage, sourceTopic, partition, offset, message, topic, n);
        }
        if (meters != null) {
            meters.counter("mm_quarantined", "stage", stage, "topic", sourceTopic).increment();
        }
        Headers headers = new RecordHeaders();
        if (original != null) {
            original.forEach(headers::add);
        }
        headers.add(HEADER_ERROR, utf8(message));
        headers.add(HEADER_ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(HEADER_SOURCE_TOPIC, utf8(sourceTopic));
        headers.add(HEADER_SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(HEADER_SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(HEADER_SERVICE, utf8(service));
        headers.add(HEADER_STAGE, utf8(stage));
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    static String oneLine(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        int depth = 0;
        while (cause != null && depth++ < 3) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
            cause = cause.getCause();
        }
        return text.toString().replace('\n', ' ');
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
