package io.mmguard.ops.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts the records of a baseline's output topic and records, for those stamped at or after the
 * window start, record timestamp to readable.
 */
final class TopicLatencySink implements CommittedTail.Sink {

    private final int partitions;

    private final AtomicLong count = new AtomicLong();
    private final LatencyRecorder latency = new LatencyRecorder();
    private volatile long windowStartMillis = Long.MAX_VALUE;
    private volatile long windowEndMillis = Long.MAX_VALUE;
    private final java.util.Map<Integer, Long> maxTimestamp = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param partitions partitions of the measured topic */
    TopicLatencySink(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record, long readableAtMicros) {
        count.incrementAndGet();
        maxTimestamp.merge(record.partition(), record.timestamp(), Math::max);
        if (record.timestamp() >= windowStartMillis && record.timestamp() < windowEndMillis) {
            latency.recordMicros(readableAtMicros - record.timestamp() * 1_000L);
        }
    }

    long count() {
        return count.get();
    }

    /** Starts measuring latency on records stamped from now on. */
    void startWindow() {
        windowStartMillis = System.currentTimeMillis();
        latency.startWindow();
    }

    /** Ends the window (records stamped from now on are not measured), waits up to {@code grace} for its records to arrive. */
    LatencyStats endWindow(java.time.Duration grace) {
        long end = System.currentTimeMillis();
        windowEndMillis = end;
        Await.within(grace, () -> maxTimestamp.size() == partitions && maxTimestamp.values().stream().allMatch(ts -> ts >= end));
        return latency.endWindow();
    }
}
