package io.mmguard.core.topics;

import io.mmguard.core.runtime.UnreadableRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A global-store processor that reads its topic as bytes and decodes each value before handing it to {@code inner}:
 * bytes that do not decode are thrown as an {@link UnreadableRecord} (quarantined to {@code mm.dlq} with an alert by
 * the processing handler), so the store keeps its last good state and the global thread keeps running. Decoding here
 * rather than in the source's deserializer makes the rule the same on a broker, on restore and in a topology test
 * (whose global thread ignores the configured deserialization handler).
 *
 * @param <T> the topic's value type
 */
public final class Decoded<T> implements Processor<String, byte[], Void, Void> {

    private final String topic;
    private final Deserializer<T> deserializer;
    private final Processor<String, T, Void, Void> inner;
    private final String consequence;

    /** {@code consequence}: what the service does instead, for the alert (e.g. "the quoter keeps its last good params"). */
    public Decoded(Topic<String, T> topic, Processor<String, T, Void, Void> inner, String consequence) {
        this.topic = topic.name();
        this.deserializer = topic.valueSerde().deserializer();
        this.inner = inner;
        this.consequence = consequence;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        inner.init(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        T value = UnreadableRecord.decode(deserializer, topic, record.key(), record.headers(), record.value(), consequence);
        inner.process(record.withValue(value));
    }

    @Override
    public void close() {
        inner.close();
    }
}
