package io.mmguard.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A stream input's quarantine: always its dead letter; an alert for the first ten of a topic, then every thousandth. */
class QuarantineTest {

    /** Keeps the alerts it was asked to turn into records (the record's value is the alert's id). */
    private static final class AlertingSink implements GlobalQuarantine {
        final List<Alert> alerts = new ArrayList<>();

        @Override
        public void publish(ProducerRecord<byte[], byte[]> deadLetter, Alert alert) {
            throw new AssertionError("a stream input is not a global one");
        }

        @Override
        public Optional<ProducerRecord<byte[], byte[]>> alertRecord(Alert alert, long timestamp) {
            alerts.add(alert);
            return Optional.of(new ProducerRecord<>("mm.alerts", null, timestamp, null,
                    alert.getAlertId().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private final AlertingSink sink = new AlertingSink();
    private final Quarantine quarantine = Quarantine.from(Map.of(Quarantine.TOPIC_CONFIG, "mm.dlq",
            "application.id", "mmguard-quoter", GlobalQuarantine.CONFIG, sink));

    @Test
    void anUnreadableBookIsMovedToTheDlqAndAlertedWithWhereItWasAndWhatHappened() {
        List<ProducerRecord<byte[], byte[]>> sent = quarantine.streamRecords("deserialize", "mm.md.book.sim", 2, 41,
                1_790_000_000_000L, "BTCJPY".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1}, new RecordHeaders(),
                new SerializationException("mm.md.book.sim: record has no magic byte"));

        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("mm.dlq", "mm.alerts");
        assertThat(sent.get(1).timestamp()).as("the record's time, not the clock").isEqualTo(1_790_000_000_000L);
        Alert alert = sink.alerts.get(0);
        assertThat(alert.getKind()).isEqualTo("UNREADABLE_RECORD");
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
        assertThat(alert.getSymbol()).isEqualTo("BTCJPY");
        assertThat(alert.getAlertId()).isEqualTo("mmguard-quoter/deserialize/mm.md.book.sim-2@41");
        assertThat(alert.getMessage()).startsWith("mmguard-quoter: unreadable record mm.md.book.sim-2@41 (key BTCJPY):"
                + " mm.md.book.sim: record has no magic byte; moved to mm.dlq").contains("nothing was derived from it");
        assertThat(alert.getDetails()).containsEntry("count", "1").containsEntry("offset", "41");
    }

    @Test
    void aFloodAlertsTheFirstTenOfATopicThenEveryThousandthButDeadLettersEveryRecord() {
        long[] alerted = LongStream.rangeClosed(1, 2_000).filter(n -> quarantine.streamRecords("deserialize",
                "mm.quotes", 0, n, n, null, new byte[] {9}, null, new SerializationException("bad")).size() == 2).toArray();

        assertThat(alerted).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1_000, 2_000);
        assertThat(quarantine.streamRecords("deserialize", "mm.risk.decisions", 0, 1, 1, null, new byte[] {9}, null,
                new SerializationException("bad"))).as("another topic counts on its own").hasSize(2);
    }

    @Test
    void withoutASinkOnlyTheDeadLetterIsSent() {
        Quarantine bare = Quarantine.from(Map.of(Quarantine.TOPIC_CONFIG, "mm.dlq"));

        assertThat(bare.streamRecords("deserialize", "mm.quotes", 0, 1, 1, null, new byte[] {9}, null,
                new SerializationException("bad"))).extracting(ProducerRecord::topic).containsExactly("mm.dlq");
    }
}
