package io.mmguard.core.topics;

import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * A typed family of topics subscribed by pattern (the per-venue book topics).
 *
 * @param pattern    topic-name pattern
 * @param keySerde   key serde
 * @param valueSerde value serde
 */
public record TopicPattern<K, V>(Pattern pattern, Serde<K> keySerde, Serde<V> valueSerde) {

    /** How a topology reads these topics. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** The handle of one concrete topic of this family. */
    public Topic<K, V> topic(String name) {
        if (!pattern.matcher(name).matches()) {
            throw new IllegalArgumentException("topic " + name + " does not match " + pattern.pattern());
        }
        return new Topic<>(name, keySerde, valueSerde);
    }
}
