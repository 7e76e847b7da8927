package io.mmguard.it.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The committed records of one topic (read_committed, every partition, from the beginning), accumulated as they
 * are polled; {@link #readAll} reads a topic once up to its current end.
 */
final class RecordedTopic<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    RecordedTopic(String bootstrap, String topic, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(properties(bootstrap), new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns everything read so far (per partition in offset order). */
    List<ConsumerRecord<String, V>> poll() {
        consumer.poll(Duration.ofMillis(50)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Every committed record of {@code topic} written before this call, read to the end offsets it finds first. */
    static <V> List<ConsumerRecord<String, V>> readAll(String bootstrap, String topic, Deserializer<V> values) {
        try (RecordedTopic<V> recorded = new RecordedTopic<>(bootstrap, topic, values)) {
            Map<TopicPartition, Long> end = recorded.consumer.endOffsets(recorded.consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> recorded.consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to its end " + end + "; read "
                            + recorded.records.size());
                }
                recorded.consumer.poll(Duration.ofMillis(100)).forEach(recorded.records::add);
            }
            return List.copyOf(recorded.records);
        }
    }

    private static Properties properties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return props;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
