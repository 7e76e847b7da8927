package io.mmguard.core.topics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A typed topic handle, made once after config loads (so serdes can reach the schema registry).
 *
 * @param name       topic name
 * @param keySerde   key serde
 * @param valueSerde value serde
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** How a topology reads this topic. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** How a topology writes this topic. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }
}
