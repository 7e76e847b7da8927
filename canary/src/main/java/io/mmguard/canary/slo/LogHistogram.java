package io.mmguard.canary.slo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Counts per bucket of a {@link BucketLayout}. Quantiles are nearest-rank ({@code rank = ceil(q * n)}), read off the
 * cumulative counts; nothing is sorted and no sample is kept. Not thread-safe.
 */
public final class LogHistogram {

    private static final byte FORMAT = 1;

    private final BucketLayout layout;
    private final long[] counts;
    private long total;

    public LogHistogram(BucketLayout layout) {
        this.layout = layout;
        this.counts = new long[layout.size()];
    }

    public BucketLayout layout() {
        return layout;
    }

    /** Adds one sample. */
    public void record(double value) {
        counts[layout.index(value)]++;
        total++;
    }

    /** Adds every count of {@code other} (same layout). */
    public void add(LogHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Removes every count of {@code other} (same layout), which must have been added before. */
    public void subtract(LogHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] -= other.counts[i];
        }
        total -= other.total;
    }

    public long count() {
        return total;
    }

    /** The bucket holding the nearest-rank {@code q}-quantile, or -1 when empty. */
    public int quantileBucket(BigDecimal q) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, q.multiply(BigDecimal.valueOf(total)).setScale(0, RoundingMode.CEILING).longValueExact());
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return counts.length - 1;
    }

    /** The {@code q}-quantile as the bucket edge on the threshold's side ({@link BucketLayout#representative}); NaN when empty. */
    public double quantile(BigDecimal q) {
        int bucket = quantileBucket(q);
        return bucket < 0 ? Double.NaN : layout.representative(bucket);
    }

    /** Sparse encoding: format, anchor, growth, steps, inclusivity, then (bucket, count) for each non-empty bucket. */
    public byte[] encode() {
        int nonEmpty = 0;
        for (long count : counts) {
            if (count != 0) {
                nonEmpty++;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 1 + 4 + nonEmpty * 12);
        out.put(FORMAT).putDouble(layout.anchor()).putDouble(BucketLayout.GROWTH).putInt(BucketLayout.STEPS)
                .put((byte) (layout.upperInclusive() ? 1 : 0)).putInt(nonEmpty);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.putInt(i).putLong(counts[i]);
            }
        }
        return out.array();
    }

    /**
     * Decodes {@link #encode()} output into a histogram of {@code layout}; empty when the bytes were written with another
     * layout (the threshold or the resolution changed in config: old windows are not comparable and are dropped).
     */
    public static LogHistogram decode(byte[] bytes, BucketLayout layout) {
        LogHistogram histogram = new LogHistogram(layout);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("unknown histogram format " + bytes[0]);
        }
        double anchor = in.getDouble();
        double growth = in.getDouble();
        int steps = in.getInt();
        boolean upper = in.get() == 1;
        if (anchor != layout.anchor() || growth != BucketLayout.GROWTH || steps != BucketLayout.STEPS
                || upper != layout.upperInclusive()) {
            return histogram;
        }
        int nonEmpty = in.getInt();
        for (int j = 0; j < nonEmpty; j++) {
            int bucket = in.getInt();
            long count = in.getLong();
            histogram.counts[bucket] += count;
            histogram.total += count;
        }
        return histogram;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogHistogram h && h.layout.anchor() == layout.anchor()
                && h.layout.upperInclusive() == layout.upperInclusive() && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
