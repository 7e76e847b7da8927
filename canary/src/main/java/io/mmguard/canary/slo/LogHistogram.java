package io.mmguard.canary.slo;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Counts per bucket of a {@link BucketLayout}. Quantiles are nearest-rank ({@code rank = ceil(q * n)}), read off the
 * cumulative counts; nothing is sorted and no sample is kept. The count of samples in buckets on the passing side of the
 * anchor is kept too, so whether a quantile passes is known without a scan ({@link #quantilePasses}). Not thread-safe.
 */
public final class LogHistogram {

    /** The whole histogram in one value ({@link #encode()}): the format before per-bucket store keys. */
    private static final byte FORMAT = 1;
    /** One bucket's count in one value ({@link #encodeBucket(int)}). */
    private static final byte BUCKET_FORMAT = 2;
    private static final int HEADER = 1 + 8 + 8 + 4 + 1;

    private final BucketLayout layout;
    private final long[] counts;
    private long total;
    private long passing;

    public LogHistogram(BucketLayout layout) {
        this.layout = layout;
        this.counts = new long[layout.size()];
    }

    public BucketLayout layout() {
        return layout;
    }

    /** Adds one sample; returns its bucket. */
    public int record(double value) {
        int bucket = layout.index(value);
        add(bucket, 1);
        return bucket;
    }

    /** Adds every count of {@code other} (same layout). */
    public void add(LogHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        passing += other.passing;
    }

    /** Removes every count of {@code other} (same layout), which must have been added before. */
    public void subtract(LogHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] -= other.counts[i];
        }
        total -= other.total;
        passing -= other.passing;
    }

    public long count() {
        return total;
    }

    /** Samples in buckets on the passing side of the anchor. */
    long passing() {
        return passing;
    }

    /** The count of one bucket. */
    public long count(int bucket) {
        return counts[bucket];
    }

    /** Calls {@code action} with every non-empty bucket, in bucket order. */
    void forEachNonEmpty(IntConsumer action) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                action.accept(i);
            }
        }
    }

    /**
     * True when the nearest-rank {@code q}-quantile lies in a passing bucket ({@code layout().passes(quantileBucket(q))}),
     * in constant time: it does exactly when the passing buckets hold at least {@code rank} samples. False when empty.
     */
    boolean quantilePasses(NearestRank q) {
        return total > 0 && passing >= q.of(total);
    }

    /** The bucket holding the nearest-rank {@code q}-quantile, or -1 when empty. */
    public int quantileBucket(BigDecimal q) {
        return quantileBucket(new NearestRank(q));
    }

    /** The bucket holding the nearest-rank quantile, or -1 when empty. */
    int quantileBucket(NearestRank q) {
        if (total == 0) {
            return -1;
        }
        long rank = q.of(total);
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
        ByteBuffer out = header(ByteBuffer.allocate(HEADER + 4 + nonEmpty * 12), FORMAT).putInt(nonEmpty);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.putInt(i).putLong(counts[i]);
            }
        }
        return out.array();
    }

    /** One bucket's count as stored under its own key: format, anchor, growth, steps, inclusivity, count. Constant size. */
    public byte[] encodeBucket(int bucket) {
        return header(ByteBuffer.allocate(HEADER + 8), BUCKET_FORMAT).putLong(counts[bucket]).array();
    }

    /**
     * Adds a count stored by {@link #encodeBucket(int)}; returns false (and adds nothing) when it was written with another
     * layout, which drops it like {@link #decode} does.
     */
    public boolean loadBucket(int bucket, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != BUCKET_FORMAT) {
            throw new IllegalStateException("unknown histogram bucket format " + bytes[0]);
        }
        if (!sameLayout(in) || bucket < 0 || bucket >= counts.length) {
            return false;
        }
        add(bucket, in.getLong());
        return true;
    }

    private void add(int bucket, long count) {
        counts[bucket] += count;
        total += count;
        if (layout.passes(bucket)) {
            passing += count;
        }
    }

    private ByteBuffer header(ByteBuffer out, byte format) {
        return out.put(format).putDouble(layout.anchor()).putDouble(BucketLayout.GROWTH).putInt(BucketLayout.STEPS)
                .put((byte) (layout.upperInclusive() ? 1 : 0));
    }

    private boolean sameLayout(ByteBuffer in) {
        double anchor = in.getDouble();
        double growth = in.getDouble();
        int steps = in.getInt();
        boolean upper = in.get() == 1;
        return anchor == layout.anchor() && growth == BucketLayout.GROWTH && steps == BucketLayout.STEPS
                && upper == layout.upperInclusive();
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
        if (!histogram.sameLayout(in)) {
            return histogram;
        }
        int nonEmpty = in.getInt();
        for (int j = 0; j < nonEmpty; j++) {
            int bucket = in.getInt();
            histogram.add(bucket, in.getLong());
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
