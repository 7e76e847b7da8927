package io.mmguard.core.replay;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record a service's code derived during an offline replay (bin/mm audit): what the service would
 * have written, to which topic, under which key and record timestamp.
 *
 * @param topic     the output topic
 * @param key       the record key
 * @param value     the record value
 * @param timestamp the record timestamp
 */
public record Derived(String topic, String key, SpecificRecord value, long timestamp) {
}
