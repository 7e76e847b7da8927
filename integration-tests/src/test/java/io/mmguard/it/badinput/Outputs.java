package io.mmguard.it.badinput;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every committed record (read_committed, from the beginning) of the topics the services write, read by one consumer
 * shared by all cases and decoded per topic. A value that does not decode (the garbage a case wrote to an input topic
 * the services also write, such as mm.quotes or mm.control) is kept with a null value.
 */
final class Outputs implements AutoCloseable {

    /** One record read: key, decoded value (null when it did not decode), and the raw record (headers, offset). */
    record Got<V>(String key, V value, ConsumerRecord<byte[], byte[]> raw) {

        String header(String name) {
            var header = raw.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    private static final List<String> TOPICS = List.of(TopicNames.DLQ, TopicNames.ALERTS, TopicNames.QUOTES,
            TopicNames.QUOTES_DENIED, TopicNames.DECISIONS, TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW,
            TopicNames.ORDERS_DENIED, TopicNames.CONTROL, TopicNames.CONTROL_STATE);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<?>> decoders = new HashMap<>();
    private final Map<String, List<Got<?>>> read = new HashMap<>();

    Outputs(String bootstrap, Topics topics) {
        decoders.put(TopicNames.ALERTS, topics.alerts().valueSerde().deserializer());
        decoders.put(TopicNames.QUOTES, topics.quotes().valueSerde().deserializer());
        decoders.put(TopicNames.QUOTES_DENIED, topics.quotesDenied().valueSerde().deserializer());
        decoders.put(TopicNames.DECISIONS, topics.decisions().valueSerde().deserializer());
        decoders.put(TopicNames.ORDERS_LIVE, topics.ordersLive().valueSerde().deserializer());
        decoders.put(TopicNames.ORDERS_SHADOW, topics.ordersShadow().valueSerde().deserializer());
        decoders.put(TopicNames.ORDERS_DENIED, topics.ordersDenied().valueSerde().deserializer());
        decoders.put(TopicNames.CONTROL, topics.control().valueSerde().deserializer());
        decoders.put(TopicNames.CONTROL_STATE, topics.controlState().valueSerde().deserializer());
        decoders.put(TopicNames.DLQ, new ByteArrayDeserializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            read.put(topic, new ArrayList<>());
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last poll (waiting up to 50 ms). */
    synchronized void poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            Object value;
            try {
                value = record.value() == null ? null : decoders.get(record.topic()).deserialize(record.topic(), record.value());
            } catch (RuntimeException garbage) {
                value = null;
            }
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            read.get(record.topic()).add(new Got<>(key, value, record));
        }
    }

    /** Every record of {@code topic} read so far whose value decoded as {@code type}. */
    @SuppressWarnings("unchecked")
    synchronized <V> List<Got<V>> of(String topic, Class<V> type) {
        List<Got<V>> typed = new ArrayList<>();
        for (Got<?> got : read.get(topic)) {
            if (type.isInstance(got.value())) {
                typed.add((Got<V>) got);
            }
        }
        return typed;
    }

    /** The dead letters read so far (a tombstone's has a null value). */
    @SuppressWarnings("unchecked")
    synchronized List<Got<byte[]>> deadLetters() {
        List<Got<byte[]>> letters = new ArrayList<>();
        read.get(TopicNames.DLQ).forEach(got -> letters.add((Got<byte[]>) got));
        return letters;
    }

    /**
     * Polls until {@code find} answers something (a non-empty Optional), or fails after {@code timeout} with
     * {@code what} and what {@code lastState} says was read.
     */
    <T> T await(Duration timeout, String what, Supplier<Optional<T>> find, Supplier<String> lastState) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            poll();
            Optional<T> found = find.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what + "; last state: "
                        + lastState.get());
            }
        }
    }

    /** As {@link #await(Duration, String, Supplier, Supplier)} for the first record of {@code topic} that {@code match} accepts. */
    <V> Got<V> awaitFirst(Duration timeout, String what, String topic, Class<V> type, Function<Got<V>, Boolean> match) {
        return await(timeout, what, () -> of(topic, type).stream().filter(match::apply).findFirst(),
                () -> of(topic, type).size() + " records of " + topic);
    }

    /** The end offset of partition 0 of {@code topic} (the next offset a write there would get). */
    synchronized long endOffset(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        return consumer.endOffsets(List.of(partition)).get(partition);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
