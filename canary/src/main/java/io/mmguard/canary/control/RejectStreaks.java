package io.mmguard.canary.control;

import io.mmguard.canary.store.StateWrites;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * New-order rejects in a row, per symbol (the order of one symbol's reports is fixed by its partition, so the count is the
 * same in every replay; across symbols the interleaving is not). An ACK ends a streak.
 */
final class RejectStreaks {

    static final String PREFIX = "rej/";

    private final Map<String, Integer> streaks = new TreeMap<>();
    private final StateWrites store;

    RejectStreaks(StateWrites store) {
        this.store = store;
    }

    /** Records one outcome; returns the symbol's streak of rejects after it. */
    int record(String symbol, boolean accepted) {
        int before = streaks.getOrDefault(symbol, 0);
        int after = accepted ? 0 : before + 1;
        if (after != before) {
            streaks.put(symbol, after);
            store.put(PREFIX + symbol, ByteBuffer.allocate(Integer.BYTES).putInt(after).array());
        }
        return after;
    }

    /** Forgets every streak (a new run starts counting afresh). */
    void reset() {
        streaks.keySet().forEach(symbol -> store.delete(PREFIX + symbol));
        streaks.clear();
    }

    void load(String key, byte[] value) {
        streaks.put(key.substring(PREFIX.length()), ByteBuffer.wrap(value).getInt());
    }
}
