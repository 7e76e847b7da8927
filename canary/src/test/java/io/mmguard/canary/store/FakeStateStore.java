package io.mmguard.canary.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The controller's store as a sorted map, for tests without a topology. */
public final class FakeStateStore implements StateWrites {

    private final TreeMap<String, byte[]> entries = new TreeMap<>();

    @Override
    public void put(String key, byte[] value) {
        entries.put(key, value.clone());
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    public Map<String, byte[]> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Every entry, in key order, as a restore reads the store. */
    public void restoreInto(BiConsumer<String, byte[]> load) {
        entries.forEach(load);
    }
}
