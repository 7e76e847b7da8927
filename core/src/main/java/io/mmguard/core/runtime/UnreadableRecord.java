package io.mmguard.core.runtime;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An input record whose value bytes cannot be read. A global-store processor reads its topic as bytes,
 * decodes them with {@link #decode}, applies its own fail-closed rule when that throws (an instrument
 * store forgets the symbol, so the symbol quotes nothing) and rethrows: the quarantine handler then writes
 * the original bytes to {@code mm.dlq} with an alert, and the global thread carries on with its last good
 * state. Kafka Streams cannot send dead letters from a global thread itself, which is why the bytes travel
 * on the exception.
 */
public final class UnreadableRecord extends RuntimeException {

    private final transient byte[] key;
    private final transient byte[] value;
    private final String consequence;

    private UnreadableRecord(String message, byte[] key, byte[] value, String consequence, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.value = value;
        this.consequence = consequence;
    }

    /**
     * The value of {@code bytes} read with {@code deserializer}; null for a tombstone.
     * {@code consequence} says, for the operator's alert, what the service does with the key instead
     * (e.g. "BTCJPY quotes nothing until a readable instrument record replaces it").
     *
     * @throws UnreadableRecord when the bytes do not decode, carrying them for the quarantine
     */
    public static <V> V decode(Deserializer<V> deserializer, String topic, String key, Headers headers, byte[] bytes,
                               String consequence) {
        if (bytes == null) {
            return null;
        }
        try {
            return deserializer.deserialize(topic, headers, bytes);
        } catch (RuntimeException e) {
            throw new UnreadableRecord("unreadable value for key " + key + " on " + topic + " (" + bytes.length
                    + " bytes): " + Quarantine.oneLine(e), key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    bytes, consequence, e);
        }
    }

    /** A record that decodes but cannot be applied (e.g. no key), refused with {@code message}; carries its bytes. */
    public static UnreadableRecord refuse(String message, String key, byte[] value, String consequence) {
        return new UnreadableRecord(message, key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value,
                consequence, null);
    }

    /** What the service does with the key instead of applying the record. */
    public String consequence() {
        return consequence;
    }

    byte[] key() {
        return key;
    }

    byte[] value() {
        return value;
    }
}
