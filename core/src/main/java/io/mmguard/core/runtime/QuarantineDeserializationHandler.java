package io.mmguard.core.runtime;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record that cannot be deserialized goes to the quarantine topic with the error in its headers; the service continues.
 * On the global thread (which cannot send dead letters) the record goes through the {@link GlobalQuarantine} sink instead.
 */
public final class QuarantineDeserializationHandler implements DeserializationExceptionHandler {

    private Quarantine quarantine;

    @Override
    public void configure(Map<String, ?> configs) {
        quarantine = Quarantine.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (Quarantine.isGlobal(context)) {
            quarantine.global("deserialize", record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                    record.value(), record.headers(), exception, "it skipped the record and kept its last good state");
            return Response.resume();
        }
        return Response.resume(quarantine.streamRecords("deserialize", record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value(), record.headers(), exception));
    }
}
