package io.mmguard.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's outbox: a persistent, changelogged key-value store of the Slack messages admitted by the gate and not
 * yet finished (posted, or given up after their retries). It is written by the stream thread in the same commit as the
 * {@code mm.alerts} offsets, so an alert whose offset is committed is either finished or still here, and a task that
 * starts (after a clean stop, a crash, or on another instance) posts what it finds.
 *
 * <p>Key: the alert's {@code mm.alerts} offset, zero-padded to 19 digits, so the store's key order is the topic's order
 * and a replayed record overwrites its own entry (each task has its own store, one partition each). Value: a JSON object
 * {@code {"kind": ..., "text": ..., "source": "mm.alerts-0@42"}}, the message exactly as it is posted (rate-limit summary
 * included), so a re-send does not depend on the gate's in-memory state.
 */
final class Outbox {

    /** The store's name; its changelog is {@code <application.id>-notifier-outbox-changelog}. */
    static final String STORE = "notifier-outbox";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outbox() {
    }

    /** The store: RocksDB, changelogged (compacted), no cache, so every put and delete goes to the changelog. */
    static StoreBuilder<KeyValueStore<String, String>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String());
    }

    /** The key of the alert at {@code offset}: 19 digits, so string order is offset order. */
    static String key(long offset) {
        return String.format("%019d", offset);
    }

    /** One pending message. */
    record Entry(String kind, String text, String source) {

        /** The stored form: {@code {"kind":...,"text":...,"source":...}}. */
        String encode() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("kind", kind);
            fields.put("text", text);
            fields.put("source", source);
            try {
                return JSON.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode an outbox entry of " + kind, e);
            }
        }

        /** The entry stored as {@code value}; empty when it is not an entry this code wrote. */
        static Optional<Entry> decode(String value) {
            try {
                JsonNode node = JSON.readTree(value);
                if (node == null || !node.path("kind").isTextual() || !node.path("text").isTextual()
                        || !node.path("source").isTextual()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(node.get("kind").asText(), node.get("text").asText(), node.get("source").asText()));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        }
    }
}
