package io.mmguard.canary.observe;

import java.util.function.BiFunction;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Turns each input record into its observation (with the input's topic, partition and offset), or drops it. */
public final class ToObservation<V> extends ContextualFixedKeyProcessor<String, V, Observation> {

    private final BiFunction<V, Source, Observation> observe;

    public ToObservation(BiFunction<V, Source, Observation> observe) {
        this.observe = observe;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        if (record.value() == null) {
            return;
        }
        RecordMetadata metadata = context().recordMetadata().orElse(null);
        Source source = metadata == null ? new Source("unknown", -1, -1, null)
                : new Source(metadata.topic(), metadata.partition(), metadata.offset(), null);
        Observation observation = observe.apply(record.value(), source);
        if (observation != null) {
            context().forward(record.withValue(observation));
        }
    }
}
