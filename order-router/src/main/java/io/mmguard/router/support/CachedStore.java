package io.mmguard.router.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A stream task's typed view of one of its JSON key-value stores: each key is deserialized once, not on every
 * read (the Streams record cache holds bytes), and a put of the value already stored is skipped (no
 * serialization, no changelog record). Read-through on get, write-through on put and delete: the store and its
 * changelog stay the source of truth, so a restore rebuilds exactly what was written.
 *
 * <p>Rules for its owner: make it in {@code Processor.init} and {@link #forget()} it in {@code close}, so it never
 * outlives the store content it mirrors (Streams may close a task dirty, wipe and restore its stores, and run
 * {@code init} again on the same processor); be the store's only writer; store only immutable values whose
 * {@code equals} is by value and which read back from the serde equal to what was written (the router's records
 * of strings, longs, enums and decimals from {@code decimal(38, 12)} fields and their sums and products do).
 *
 * @param <V> the value type
 */
public final class CachedStore<V> {

    /** Keys kept at most (a task's symbols); past it the least recently used is forgotten and read again when needed. */
    public static final int DEFAULT_CAPACITY = 4_096;

    /** Marks a key known to have no value in the store. */
    private static final Object ABSENT = new Object();

    private final KeyValueStore<String, V> store;
    private final Map<String, Object> values;

    public CachedStore(KeyValueStore<String, V> store) {
        this(store, DEFAULT_CAPACITY);
    }

    public CachedStore(KeyValueStore<String, V> store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.store = store;
        this.values = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value stored under {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object cached = values.get(key);
        if (cached == null) {
            V stored = store.get(key);
            values.put(key, stored == null ? ABSENT : stored);
            return stored;
        }
        return cached == ABSENT ? null : (V) cached;
    }

    /** Stores {@code value} under {@code key} unless it equals the value known to be stored there; null deletes. */
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        if (value.equals(values.get(key))) {
            return;
        }
        store.put(key, value);
        values.put(key, value);
    }

    /** Deletes the value under {@code key}, unless it is known to have none. */
    public void delete(String key) {
        if (values.get(key) == ABSENT) {
            return;
        }
        // put(key, null) is the store's delete without reading (and deserializing) the old value that delete() returns
        store.put(key, null);
        values.put(key, ABSENT);
    }

    /** Every entry, read from the store itself (which holds what this view wrote); the caller closes the iterator. */
    public KeyValueIterator<String, V> all() {
        return store.all();
    }

    /** Drops every cached value (the store is untouched); later reads go to the store. */
    public void forget() {
        values.clear();
    }
}
