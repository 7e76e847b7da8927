package io.mmguard.riskgate;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an input record came from (provenance of everything derived from it).
 *
 * @param topic     input topic
 * @param partition input partition
 * @param offset    input offset
 */
record InputRef(String topic, int partition, long offset) {

    static InputRef of(RecordMetadata metadata) {
        return new InputRef(metadata.topic(), metadata.partition(), metadata.offset());
    }

    /** {@code topic-partition@offset}, as operators read it. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
