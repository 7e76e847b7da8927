package io.mmguard.riskgate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed binary layouts of the risk-gate's per-symbol state (changelogged, so the layout is a
 * contract between versions): a format byte, then the fields. Doubles travel as their exact bits.
 */
final class StateSerdes {

    private static final byte MID_STATS_V1 = 1;
    private static final byte SYMBOL_GUARD_V1 = 1;
    /** Format 1, then each venue's newest book: a count, then (venue length, venue, sequence, book time) per venue. */
    private static final byte SYMBOL_GUARD_V2 = 2;

    private StateSerdes() {
    }

    static Serde<MidStats> midStats() {
        Serializer<MidStats> serializer = (topic, stats) -> stats == null ? null : ByteBuffer.allocate(1 + 3 * Long.BYTES)
                .put(MID_STATS_V1)
                .putLong(stats.samples())
                .putLong(Double.doubleToRawLongBits(stats.ema()))
                .putLong(Double.doubleToRawLongBits(stats.variance()))
                .array();
        Deserializer<MidStats> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            expectFormat(in, MID_STATS_V1, "MidStats");
            return new MidStats(in.getLong(), Double.longBitsToDouble(in.getLong()), Double.longBitsToDouble(in.getLong()));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static Serde<SymbolGuard> symbolGuard() {
        Serializer<SymbolGuard> serializer = (topic, guard) -> {
            if (guard == null) {
                return null;
            }
            byte[] lastTopic = guard.lastTopic().getBytes(StandardCharsets.UTF_8);
            List<Map.Entry<String, SymbolGuard.LastBook>> books = guard.lastBooks().size() <= 1
                    ? List.copyOf(guard.lastBooks().entrySet()) // one venue (the usual case): nothing to sort
                    : new ArrayList<>(new TreeMap<>(guard.lastBooks()).entrySet());
            byte[][] venues = new byte[books.size()][];
            int booksSize = Integer.BYTES;
            for (int i = 0; i < venues.length; i++) {
                venues[i] = books.get(i).getKey().getBytes(StandardCharsets.UTF_8);
                booksSize += Integer.BYTES + venues[i].length + 2 * Long.BYTES;
            }
            ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES + lastTopic.length
                            + Integer.BYTES + Long.BYTES + 1 + booksSize)
                    .put(SYMBOL_GUARD_V2)
                    .putLong(guard.freezeUntil())
                    .putInt(guard.openAlerts())
                    .putLong(guard.lastKillAt())
                    .putInt(lastTopic.length)
                    .put(lastTopic)
                    .putInt(guard.lastPartition())
                    .putLong(guard.lastOffset())
                    .put((byte) (guard.silenceReported() ? 1 : 0))
                    .putInt(venues.length);
            for (int i = 0; i < venues.length; i++) {
                out.putInt(venues[i].length).put(venues[i]).putLong(books.get(i).getValue().sequence())
                        .putLong(books.get(i).getValue().bookTs());
            }
            return out.array();
        };
        Deserializer<SymbolGuard> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != SYMBOL_GUARD_V1 && format != SYMBOL_GUARD_V2) {
                throw new SerializationException("SymbolGuard state written in format " + format + ", this build reads formats "
                        + SYMBOL_GUARD_V1 + " and " + SYMBOL_GUARD_V2 + "; run the newer risk-gate or reset its state");
            }
            long freezeUntil = in.getLong();
            int openAlerts = in.getInt();
            long lastKillAt = in.getLong();
            byte[] lastTopic = new byte[in.getInt()];
            in.get(lastTopic);
            int lastPartition = in.getInt();
            long lastOffset = in.getLong();
            boolean silenceReported = in.get() == 1;
            Map<String, SymbolGuard.LastBook> books = new HashMap<>();
            if (format == SYMBOL_GUARD_V2) {
                for (int n = in.getInt(); n > 0; n--) {
                    byte[] venue = new byte[in.getInt()];
                    in.get(venue);
                    books.put(new String(venue, StandardCharsets.UTF_8), new SymbolGuard.LastBook(in.getLong(), in.getLong()));
                }
            }
            return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, new String(lastTopic, StandardCharsets.UTF_8),
                    lastPartition, lastOffset, silenceReported, books);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static void expectFormat(ByteBuffer in, byte expected, String what) {
        byte format = in.get();
        if (format != expected) {
            throw new SerializationException(what + " state written in format " + format + ", this build reads format "
                    + expected + "; run the newer risk-gate or reset its state");
        }
    }
}
