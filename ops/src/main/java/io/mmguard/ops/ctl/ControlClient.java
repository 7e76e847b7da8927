package io.mmguard.ops.ctl;

import io.mmguard.core.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The CLI's short-lived Kafka clients: checks the control topics exist, appends one record, reads the
 * tail of a topic (read_committed). Every call is bounded by the timeout; failures become one line.
 */
final class ControlClient {

    private final String bootstrap;
    private final Duration timeout;

    ControlClient(String bootstrap, Duration timeout) {
        this.bootstrap = bootstrap;
        this.timeout = timeout;
    }

    /** Fails with a one-line reason unless the broker answers and every topic exists. */
    void requireTopics(List<String> topics) throws KafkaUnreachableException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "mm-ctl-" + UUID.randomUUID());
        try (Admin admin = Admin.create(props)) {
            admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new KafkaUnreachableException("Kafka at " + bootstrap + " has no topic " + String.join(" or ", topics)
                        + " (start the services, or bin/mm demo, first)", e.getCause());
            }
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** Appends {@code value} under {@code key} to {@code topic} and waits for the broker's acknowledgement. */
    RecordMetadata append(String topic, String key, byte[] value) throws KafkaUnreachableException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mm-ctl-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** The last (at most {@code count}) committed records of partition 0 of {@code topic}, oldest first. */
    List<ConsumerRecord<String, byte[]>> tail(String topic, int count) throws KafkaUnreachableException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-ctl-" + UUID.randomUUID());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
            // transaction markers take offsets too: read a wider window and keep the last records
            consumer.seek(partition, Math.max(begin, end - 3L * count - 10));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaUnreachableException("reading " + topic + " at " + bootstrap + " did not finish within "
                            + timeout.toSeconds() + "s", null);
                }
                consumer.poll(Duration.ofMillis(200)).records(partition).forEach(records::add);
            }
            return records.subList(Math.max(0, records.size() - count), records.size());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
    }

    /**
     * The newest committed record per key of a compacted {@code topic}, over every partition, reading at most the last
     * {@code window} offsets of each (a key whose newest record is further back is missed); empty when the topic does not
     * exist (an older deployment: {@code bin/mm topics} creates it).
     */
    java.util.Map<String, ConsumerRecord<String, byte[]>> latestPerKey(String topic, int window) throws KafkaUnreachableException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-ctl-" + UUID.randomUUID());
        java.util.Map<String, ConsumerRecord<String, byte[]>> latest = new java.util.TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            java.util.Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            java.util.Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(begins.get(partition), ends.get(partition) - window));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaUnreachableException("reading " + topic + " at " + bootstrap + " did not finish within "
                            + timeout.toSeconds() + "s", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        latest.put(record.key(), record);
                    }
                }
            }
            return latest;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
    }

    private KafkaUnreachableException unreachable(Throwable cause) {
        return new KafkaUnreachableException("cannot reach Kafka at " + bootstrap + " within " + timeout.toMillis() + " ms ("
                + (cause == null ? "no answer" : cause.getClass().getSimpleName()) + "); is the broker running and --bootstrap right?",
                cause);
    }

    /** The topics a control command needs. */
    static List<String> controlTopics(Topics topics) {
        return List.of(topics.control().name(), topics.controlState().name());
    }
}
