package io.mmguard.audit;

/**
 * One record as read from a topic: where it sits, its record time, key and raw value (decoded on use).
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset
 * @param timestamp the record timestamp
 * @param key       the key (the symbol, or "*")
 * @param value     the value bytes (Confluent wire format), null for a tombstone
 */
record Rec(String topic, int partition, long offset, long timestamp, String key, byte[] value) {

    /** {@code topic-partition@offset}, as the services' logs and provenance name a record. */
    String ref() {
        return ref(topic, partition, offset);
    }

    static String ref(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
