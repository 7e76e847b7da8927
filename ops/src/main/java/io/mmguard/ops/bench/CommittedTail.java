package io.mmguard.ops.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The independent measuring consumer: {@code read_committed}, every partition of its topics
 * {@code assign()}ed (no group), a tight poll loop on its own thread. For every record it reads it
 * tells the {@link Sink} the wall-clock time (microseconds) at which the record became readable here.
 */
final class CommittedTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedTail.class);

    /** Receives every record read, on the tail's thread. */
    interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> record, long readableAtMicros);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Sink sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private static final int POLL_MS = 100;

    private final Thread thread;
    private volatile Throwable failure;

    /** A tail of {@code topics}, from their current end ({@code fromEnd}) or from their beginning. */
    CommittedTail(String bootstrap, List<String> topics, boolean fromEnd, String name, Sink sink) {
        this.sink = sink;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A long poll: the broker answers as soon as a committed record is readable (the LSO moving completes a waiting fetch),
        // so the wait costs no latency, and an idle tail does not send the broker a fetch every millisecond.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, POLL_MS);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    CommittedTail start() {
        thread.start();
        return this;
    }

    /** True while the poll loop runs. */
    boolean alive() {
        return thread.isAlive();
    }

    /** The error that stopped the tail, if any. */
    Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(POLL_MS))) {
                    sink.accept(record, nowMicros());
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("bench: measuring consumer {} failed: {}", thread.getName(), e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    /** The wall clock in microseconds (the JDK clock has microsecond precision on Linux). */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public void close() {
        running.set(false);
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
