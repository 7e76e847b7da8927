package io.mmguard.riskgate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
            return ByteBuffer.allocate(1 + Long.BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES + lastTopic.length
                            + Integer.BYTES + Long.BYTES + 1)
                    .put(SYMBOL_GUARD_V1)
                    .putLong(guard.freezeUntil())
                    .putInt(guard.openAlerts())
                    .putLong(guard.lastKillAt())
                    .putInt(lastTopic.length)
                    .put(lastTopic)
                    .putInt(guard.lastPartition())
                    .putLong(guard.lastOffset())
                    .put((byte) (guard.silenceReported() ? 1 : 0))
                    .array();
        };
        Deserializer<SymbolGuard> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            expectFormat(in, SYMBOL_GUARD_V1, "SymbolGuard");
            long freezeUntil = in.getLong();
            int openAlerts = in.getInt();
            long lastKillAt = in.getLong();
            byte[] lastTopic = new byte[in.getInt()];
            in.get(lastTopic);
            return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, new String(lastTopic, StandardCharsets.UTF_8),
                    in.getInt(), in.getLong(), in.get() == 1);
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
