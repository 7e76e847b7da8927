package io.mmguard.audit;

import io.mmguard.schemas.Instrument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every instrument version still on mm.ref.instruments (a compacted topic: old versions may be gone), by
 * symbol, in the order they were recorded.
 */
final class InstrumentHistory {

    /**
     * One recorded instrument record.
     *
     * @param rec        where it was recorded
     * @param instrument the instrument, null for a tombstone
     */
    record Entry(Rec rec, Instrument instrument) {
    }

    private final Map<String, List<Entry>> bySymbol = new HashMap<>();

    InstrumentHistory(List<Rec> records, Deserializer<Instrument> deserializer) {
        List<Rec> ordered = new ArrayList<>(records);
        ordered.sort(java.util.Comparator.comparingLong(Rec::timestamp).thenComparingInt(Rec::partition)
                .thenComparingLong(Rec::offset));
        for (Rec rec : ordered) {
            if (rec.key() == null) {
                continue;
            }
            Instrument instrument;
            try {
                instrument = rec.value() == null ? null : deserializer.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                continue; // the services quarantine it and forget the symbol: what they derive then names no version
            }
            bySymbol.computeIfAbsent(rec.key(), k -> new ArrayList<>()).add(new Entry(rec, instrument));
        }
    }

    /** The recorded instrument of {@code symbol} with {@code version}, or null when it is not (any more) on the topic. */
    Instrument version(String symbol, long version) {
        for (Entry entry : bySymbol.getOrDefault(symbol, List.of())) {
            if (entry.instrument() != null && entry.instrument().getVersion() == version) {
                return entry.instrument();
            }
        }
        return null;
    }

    /** The newest record for {@code symbol} with record time at or before {@code ts}, or null. */
    Entry latestAt(String symbol, long ts) {
        Entry latest = null;
        for (Entry entry : bySymbol.getOrDefault(symbol, List.of())) {
            if (entry.rec().timestamp() > ts) {
                break;
            }
            latest = entry;
        }
        return latest;
    }
}
