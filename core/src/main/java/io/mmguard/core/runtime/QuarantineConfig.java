package io.mmguard.core.runtime;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams settings that make every unreadable or unprocessable input record a quarantine record instead of a
 * stopped service: the two handlers (stream tasks and, with {@code processing.exception.handler.global.enabled}, the
 * global thread), the quarantine topic and the sink for what the global thread could not read. The runner applies
 * them to every service; topology tests apply the same, so a test sees what a deployment does.
 */
public final class QuarantineConfig {

    /** Kafka Streams 4.x key that lets the processing handler see global-store failures (off by default). */
    static final String GLOBAL_PROCESSING_HANDLER = "processing.exception.handler.global.enabled";

    private QuarantineConfig() {
    }

    /** Puts the quarantine handlers, {@code dlqTopic} and the global thread's {@code sink} into {@code props}. */
    public static Properties apply(Properties props, String dlqTopic, GlobalQuarantine sink) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineProcessingHandler.class);
        props.put(GLOBAL_PROCESSING_HANDLER, true);
        props.put(Quarantine.TOPIC_CONFIG, dlqTopic);
        props.put(GlobalQuarantine.CONFIG, sink);
        return props;
    }
}
