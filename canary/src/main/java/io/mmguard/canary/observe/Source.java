package io.mmguard.canary.observe;

/**
 * Where an observation was read: the recorded input record it came from, for the provenance of every command it causes.
 *
 * @param topic     input topic
 * @param partition input partition
 * @param offset    input offset
 * @param id        the input record's own id (quote id, report id, command id), or null
 */
public record Source(String topic, int partition, long offset, String id) {
}
