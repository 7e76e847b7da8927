package io.mmguard.router.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.router.exec.SymbolGuard;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task's typed view of a JSON store: reads deserialize once, unchanged puts write nothing, the store stays the truth. */
class CachedStoreTest {

    private static final SymbolGuard ONE_REJECT = SymbolGuard.CLEAR.withReject();
    private static final SymbolGuard HALTED = SymbolGuard.CLEAR.haltedUntil(60_000, "reject -1013 on order o-1");

    private final CountingSerde serde = new CountingSerde();
    private KeyValueStore<String, SymbolGuard> store;

    @BeforeEach
    void givenAnInMemoryJsonStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("guards"), Serdes.String(), serde).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void eachKeyIsDeserializedOnceThenReadFromMemory() {
        store.put("BTCJPY", ONE_REJECT);
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);

        assertThat(guards.get("BTCJPY")).isEqualTo(ONE_REJECT);
        assertThat(guards.get("BTCJPY")).isEqualTo(ONE_REJECT);
        assertThat(guards.get("BTCJPY")).isEqualTo(ONE_REJECT);

        assertThat(serde.reads).isEqualTo(1);
    }

    @Test
    void aPutOfTheValueAlreadyStoredSerializesNothing() {
        store.put("BTCJPY", ONE_REJECT);
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.get("BTCJPY");
        int writes = serde.writes;

        guards.put("BTCJPY", SymbolGuard.CLEAR.withReject()); // equal, not the same instance

        assertThat(serde.writes).isEqualTo(writes);
    }

    @Test
    void aSkippedPutDoesNotLoseALaterChange() {
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.put("BTCJPY", ONE_REJECT);
        guards.put("BTCJPY", ONE_REJECT);

        guards.put("BTCJPY", HALTED);

        assertThat(store.get("BTCJPY")).isEqualTo(HALTED);
        assertThat(guards.get("BTCJPY")).isEqualTo(HALTED);
        assertThat(new CachedStore<>(store).get("BTCJPY")).as("a view made at the next init").isEqualTo(HALTED);
    }

    @Test
    void aPutOverAnAbsentKeyIsWrittenEvenWhenTheValueIsTheDefaultCallersAssume() {
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        assertThat(guards.get("BTCJPY")).isNull();

        guards.put("BTCJPY", SymbolGuard.CLEAR);

        assertThat(store.get("BTCJPY")).isEqualTo(SymbolGuard.CLEAR);
    }

    @Test
    void aDeleteRemovesTheValueFromTheStoreAndALaterPutWritesItAgain() {
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.put("BTCJPY", ONE_REJECT);

        guards.delete("BTCJPY");
        assertThat(store.get("BTCJPY")).isNull();
        assertThat(guards.get("BTCJPY")).isNull();

        guards.put("BTCJPY", ONE_REJECT);
        assertThat(store.get("BTCJPY")).isEqualTo(ONE_REJECT);
    }

    @Test
    void aNullPutDeletes() {
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.put("BTCJPY", ONE_REJECT);

        guards.put("BTCJPY", null);

        assertThat(store.get("BTCJPY")).isNull();
        assertThat(guards.get("BTCJPY")).isNull();
    }

    @Test
    void aDeleteNeverDeserializesTheOldValue() {
        store.put("BTCJPY", ONE_REJECT);
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);

        guards.delete("BTCJPY");

        assertThat(serde.reads).isZero();
        assertThat(store.get("BTCJPY")).isNull();
    }

    @Test
    void aForgottenViewReadsWhatTheStoreHoldsNow() {
        store.put("BTCJPY", HALTED);
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.get("BTCJPY");
        store.put("BTCJPY", ONE_REJECT); // what a wipe and restore from the changelog does to a task closed dirty

        guards.forget();

        assertThat(guards.get("BTCJPY")).isEqualTo(ONE_REJECT);
    }

    @Test
    void pastItsCapacityTheLeastRecentlyUsedKeyIsReadFromTheStoreAgain() {
        store.put("A", ONE_REJECT);
        store.put("B", ONE_REJECT);
        store.put("C", ONE_REJECT);
        CachedStore<SymbolGuard> guards = new CachedStore<>(store, 2);
        guards.get("A");
        guards.get("B");
        guards.get("A");
        guards.get("C"); // B is the least recently used: forgotten
        int reads = serde.reads;

        guards.get("A");
        guards.get("C");
        assertThat(serde.reads).isEqualTo(reads);

        assertThat(guards.get("B")).isEqualTo(ONE_REJECT);
        assertThat(serde.reads).isEqualTo(reads + 1);
    }

    @Test
    void everyEntryIsListedFromTheStore() {
        CachedStore<SymbolGuard> guards = new CachedStore<>(store);
        guards.put("A", ONE_REJECT);
        guards.put("B", HALTED);
        guards.delete("A");

        try (var all = guards.all()) {
            assertThat(all).toIterable().extracting(entry -> entry.key + "=" + entry.value.consecutiveRejects())
                    .containsExactly("B=0");
        }
    }

    /** The store's JSON serde, counting the values it writes and reads. */
    private static final class CountingSerde implements Serde<SymbolGuard> {

        private final JsonSerde<SymbolGuard> json = new JsonSerde<>(SymbolGuard.class);
        int writes;
        int reads;

        @Override
        public Serializer<SymbolGuard> serializer() {
            Serializer<SymbolGuard> serializer = json.serializer();
            return (topic, value) -> {
                if (value != null) {
                    writes++;
                }
                return serializer.serialize(topic, value);
            };
        }

        @Override
        public Deserializer<SymbolGuard> deserializer() {
            Deserializer<SymbolGuard> deserializer = json.deserializer();
            return (topic, bytes) -> {
                if (bytes != null) {
                    reads++;
                }
                return deserializer.deserialize(topic, bytes);
            };
        }
    }
}
