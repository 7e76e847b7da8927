package io.mmguard.ops;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Counts committed records on every pipeline topic (read_committed, from the beginning, all partitions
 * assigned: no consumer group), on its own thread, for the demo's status line and summary. Reads bytes only: counting needs no schema.
 */
final class PipelineCounter implements AutoCloseable {

    private static final List<String> TOPICS = List.of(TopicNames.book("sim"), TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS,
            TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.EXEC_REPORTS, TopicNames.CONTROL, TopicNames.ALERTS, TopicNames.DLQ);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong kills = new AtomicLong();
    private final Deserializer<ControlCommand> control;
    private final Deserializer<RiskDecision> decisions;
    private final AtomicLong passed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    PipelineCounter(String bootstrap, Deserializer<ControlCommand> control, Deserializer<RiskDecision> decisions) {
        this.control = control;
        this.decisions = decisions;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-demo-counter");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TOPICS.forEach(topic -> counts.put(topic, new AtomicLong()));
        thread = new Thread(this::run, "mm-demo-counter");
        thread.setDaemon(true);
    }

    PipelineCounter start() {
        thread.start();
        return this;
    }

    long count(String topic) {
        return counts.get(topic).get();
    }

    /** DISABLE_LIVE commands seen on the control topic. */
    long kills() {
        return kills.get();
    }

    private void run() {
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    counts.get(record.topic()).incrementAndGet();
                    if (record.topic().equals(TopicNames.CONTROL) && isKill(record)) {
                        kills.incrementAndGet();
                    }
                    if (record.topic().equals(TopicNames.DECISIONS) && isPass(record)) {
                        passed.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    /** PASS decisions seen. */
    long passed() {
        return passed.get();
    }

    private boolean isPass(ConsumerRecord<byte[], byte[]> record) {
        try {
            RiskDecision decision = decisions.deserialize(record.topic(), record.headers(), record.value());
            return decision != null && decision.getVerdict() == Verdict.PASS;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean isKill(ConsumerRecord<byte[], byte[]> record) {
        try {
            ControlCommand command = control.deserialize(record.topic(), record.headers(), record.value());
            return command != null && command.getType() == ControlType.DISABLE_LIVE;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
