package io.mmguard.core.runtime;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record whose processing throws goes to the quarantine topic with the error in its headers; the
 * service continues. No order can come from it: the quarantined input produced no decision. On the global thread
 * (which cannot send dead letters) the record, with the bytes an {@link UnreadableRecord} carries, goes through the
 * {@link GlobalQuarantine} sink instead.
 */
public final class QuarantineProcessingHandler implements ProcessingExceptionHandler {

    private Quarantine quarantine;

    @Override
    public void configure(Map<String, ?> configs) {
        quarantine = Quarantine.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (Quarantine.isGlobal(context)) {
            UnreadableRecord unreadable = exception instanceof UnreadableRecord e ? e : null;
            quarantine.global("process@" + context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                    context.timestamp(), unreadable != null ? unreadable.key() : context.sourceRawKey(),
                    unreadable != null ? unreadable.value() : context.sourceRawValue(), context.headers(), exception,
                    unreadable != null ? unreadable.consequence() : "it kept its last good state for the key");
            return Response.resume();
        }
        return Response.resume(quarantine.streamRecords("process@" + context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), context.timestamp(), context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), exception));
    }
}
