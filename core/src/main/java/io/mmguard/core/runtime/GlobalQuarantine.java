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

    @Override
    default void close() {
    }
}
