package io.mmguard.canary.slo;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** New-order outcomes in one slot (or a whole window): 2xx (ACK), rejects, and rejects by exchange code. Not thread-safe. */
final class OrderCounts {

    /** The code recorded for a reject that carries none. */
    static final int NO_CODE = 0;

    private long ok;
    private long rejected;
    private final TreeMap<Integer, Long> byCode = new TreeMap<>();

    void record(boolean accepted, Integer code) {
        if (accepted) {
            ok++;
        } else {
            rejected++;
            byCode.merge(code == null ? NO_CODE : code, 1L, Long::sum);
        }
    }

    void add(OrderCounts other) {
        ok += other.ok;
        rejected += other.rejected;
        other.byCode.forEach((code, count) -> byCode.merge(code, count, Long::sum));
    }

    void subtract(OrderCounts other) {
        ok -= other.ok;
        rejected -= other.rejected;
        other.byCode.forEach((code, count) -> {
            long left = byCode.getOrDefault(code, 0L) - count;
            if (left <= 0) {
                byCode.remove(code);
            } else {
                byCode.put(code, left);
            }
        });
    }

    long ok() {
        return ok;
    }

    long rejected() {
        return rejected;
    }

    long total() {
        return ok + rejected;
    }

    /** Rejects by code, in code order. */
    Map<Integer, Long> byCode() {
        return Collections.unmodifiableMap(new TreeMap<>(byCode));
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(8 + 8 + 4 + byCode.size() * 12);
        out.putLong(ok).putLong(rejected).putInt(byCode.size());
        byCode.forEach((code, count) -> out.putInt(code).putLong(count));
        return out.array();
    }

    static OrderCounts decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        OrderCounts counts = new OrderCounts();
        counts.ok = in.getLong();
        counts.rejected = in.getLong();
        int codes = in.getInt();
        for (int i = 0; i < codes; i++) {
            counts.byCode.put(in.getInt(), in.getLong());
        }
        return counts;
    }
}
