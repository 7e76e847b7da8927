package io.mmguard.core.runtime;

import io.mmguard.schemas.Alert;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where the quarantine handlers send what a global thread could not read: Kafka Streams sends dead
 * letters only from stream tasks (a global thread has no producer, and a dead letter returned there
 * kills the thread), so the runner hands the handlers this sink under {@link #CONFIG}. Each unreadable
 * global record becomes its {@code mm.dlq} record and an alert on {@code mm.alerts}.
 */
public interface GlobalQuarantine extends AutoCloseable {

    /** Streams config key of the sink (an object; absent: the handlers log the record instead). */
    String CONFIG = "mm.global.quarantine";

    /** Writes the dead letter and its alert, waiting until both are written or fail; never throws. */
    void publish(ProducerRecord<byte[], byte[]> deadLetter, Alert alert);

    /**
     * {@code alert} as a record for a stream task to send itself, in its own transaction beside the dead letter; empty when
     * this sink cannot serialize alerts (then a stream input's quarantine is logged and counted, not alerted).
     */
    default java.util.Optional<ProducerRecord<byte[], byte[]>> alertRecord(Alert alert, long timestamp) {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}
