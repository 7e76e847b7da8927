package io.mmguard.core.topics;

import io.mmguard.core.runtime.UnreadableRecord;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Folds a compacted reference topic (read as bytes) into a global key-value store: key → what the service keeps of
 * the value, a tombstone removes the key. A value that cannot be read <em>also</em> removes its key (fail closed: a
 * symbol whose instrument record is garbage is unknown, so it quotes nothing) and is then thrown as an
 * {@link UnreadableRecord}, which the quarantine handler sends to {@code mm.dlq} with an alert; the global thread
 * keeps running and every other key keeps its last good value. Kafka Streams re-runs this processor on restore, so a
 * restart applies the same rule instead of crashing on the record again.
 *
 * @param <T> the topic's value type
 * @param <V> what the store keeps
 */
public final class FailClosedTable<T, V> extends ContextualProcessor<String, byte[], Void, Void> {

    private final String storeName;
    private final String topic;
    private final Deserializer<T> deserializer;
    private final Function<T, V> kept;
    private final String whatFailClosedMeans;
    private KeyValueStore<String, V> store;

    /**
     * @param whatFailClosedMeans for the alert, what a removed key means to this service, with {@code %s} for the key
     *                            (e.g. "%s quotes nothing until a readable instrument record replaces it")
     */
    public FailClosedTable(String storeName, Topic<String, T> topic, Function<T, V> kept, String whatFailClosedMeans) {
        this.storeName = storeName;
        this.topic = topic.name();
        this.deserializer = topic.valueSerde().deserializer();
        this.kept = kept;
        this.whatFailClosedMeans = whatFailClosedMeans;
    }

    /**
     * Adds {@code topic} to {@code builder} as an in-memory global store {@code storeName} (key → the whole value) folded
     * by a {@code FailClosedTable}; its source is named {@code sourceName}.
     */
    public static <T> void addGlobalStore(StreamsBuilder builder, String storeName, String sourceName, Topic<String, T> topic,
                                          String whatFailClosedMeans) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.String(),
                        topic.valueSerde()).withLoggingDisabled(),
                topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(sourceName),
                () -> new FailClosedTable<T, T>(storeName, topic, value -> value, whatFailClosedMeans));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            throw UnreadableRecord.refuse("a record without a key on " + topic + ": each record needs the symbol as its key",
                    null, record.value(), "it ignored the record (no symbol to apply it to)");
        }
        T value;
        try {
            value = UnreadableRecord.decode(deserializer, topic, key, record.headers(), record.value(),
                    String.format(whatFailClosedMeans, key));
        } catch (UnreadableRecord unreadable) {
            store.delete(key);
            throw unreadable;
        }
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, kept.apply(value));
        }
    }
}
