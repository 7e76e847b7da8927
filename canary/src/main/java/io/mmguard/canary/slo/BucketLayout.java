package io.mmguard.canary.slo;

/**
 * Fixed log-spaced bucket edges {@code e(k) = anchor * growth^k}, with the SLO threshold as the anchor, so that the
 * threshold is a bucket edge and a percentile is decided exactly against it: a quantile whose bucket lies on the
 * passing side of the anchor passes, whatever the samples inside the bucket were.
 *
 * <p>Buckets {@code k = -STEPS..STEPS} plus an underflow (which holds 0) and an overflow bucket. With
 * {@code upperInclusive} a bucket is {@code (e(k-1), e(k)]} (for "P &le; threshold" SLOs: err_bp, slippage); otherwise
 * {@code [e(k), e(k+1))} (for "P &lt; threshold": cancel latency, so that exactly 250 ms fails).
 *
 * <p>Resolution: a quantile is reported as the bucket edge on the threshold's side of its bucket, so it is within one
 * bucket ({@value #GROWTH}x, i.e. 2%) of the exact nearest-rank quantile.
 */
public final class BucketLayout {

    /** Ratio between consecutive edges: 2% relative resolution. */
    public static final double GROWTH = 1.02;
    /** Buckets on each side of the anchor: 1.02^800 is about 7.6e6, so values from anchor/7.6e6 to anchor*7.6e6 are resolved. */
    public static final int STEPS = 800;

    private final double anchor;
    private final boolean upperInclusive;
    /** e(k) for k = -STEPS-1 .. STEPS+1, at index k + STEPS + 1. */
    private final double[] edges;
    private final double logGrowth = Math.log(GROWTH);

    public BucketLayout(double anchor, boolean upperInclusive) {
        if (!(anchor > 0) || Double.isInfinite(anchor)) {
            throw new IllegalArgumentException("a bucket anchor must be a positive number, got " + anchor);
        }
        this.anchor = anchor;
        this.upperInclusive = upperInclusive;
        this.edges = new double[2 * STEPS + 3];
        for (int k = -STEPS - 1; k <= STEPS + 1; k++) {
            edges[k + STEPS + 1] = k == 0 ? anchor : anchor * Math.pow(GROWTH, k);
        }
    }

    /** Number of buckets: underflow, {@code 2 * STEPS + 1} log buckets, overflow. */
    public int size() {
        return 2 * STEPS + 3;
    }

    public double anchor() {
        return anchor;
    }

    public boolean upperInclusive() {
        return upperInclusive;
    }

    /** The bucket of {@code value} (negative values and NaN count as 0). */
    public int index(double value) {
        double v = Double.isNaN(value) || value < 0 ? 0 : value;
        if (upperInclusive) {
            if (v <= edge(-STEPS - 1)) {
                return 0;
            }
            if (v > edge(STEPS)) {
                return size() - 1;
            }
            int k = clamp((int) Math.ceil(Math.log(v / anchor) / logGrowth));
            while (k < STEPS && v > edge(k)) {
                k++;
            }
            while (k > -STEPS && v <= edge(k - 1)) {
                k--;
            }
            return k + STEPS + 1;
        }
        if (v < edge(-STEPS)) {
            return 0;
        }
        if (v >= edge(STEPS + 1)) {
            return size() - 1;
        }
        int k = clamp((int) Math.floor(Math.log(v / anchor) / logGrowth));
        while (k < STEPS && v >= edge(k + 1)) {
            k++;
        }
        while (k > -STEPS && v < edge(k)) {
            k--;
        }
        return k + STEPS + 1;
    }

    /**
     * The edge of bucket {@code index} on the threshold's side: its upper edge for upper-inclusive buckets (every sample in
     * it is at most this), its lower edge otherwise (every sample is at least this). Overflow of upper-inclusive buckets is
     * +infinity.
     */
    public double representative(int index) {
        if (upperInclusive) {
            if (index == size() - 1) {
                return Double.POSITIVE_INFINITY;
            }
            return index == 0 ? edge(-STEPS - 1) : edge(index - STEPS - 1);
        }
        if (index == 0) {
            return 0;
        }
        return index == size() - 1 ? edge(STEPS + 1) : edge(index - STEPS - 1);
    }

    /** True when every value in bucket {@code index} meets the SLO whose threshold is the anchor. */
    public boolean passes(int index) {
        int k = index - STEPS - 1;
        return upperInclusive ? k <= 0 : k < 0;
    }

    /** The edge {@code anchor * GROWTH^k}. */
    public double edge(int k) {
        return edges[k + STEPS + 1];
    }

    private static int clamp(int k) {
        return Math.max(-STEPS, Math.min(STEPS, k));
    }
}
