package io.mmguard.canary.slo;

/** The measurements of one slot of event time (or, summed, of a whole window). Not thread-safe. */
final class Slot {

    /** The parts of a slot; each histogram part is stored one key per non-empty bucket, the order counts in one key. */
    enum Part {
        ERR("err"), CANCEL("cancel"), SLIP_BUY("slip.buy"), SLIP_SELL("slip.sell"), ORDERS("orders");

        private static final Part[] ALL = values();

        private final String key;

        Part(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        static Part ofKey(String key) {
            for (Part part : ALL) {
                if (part.key.equals(key)) {
                    return part;
                }
            }
            return null;
        }
    }

    static final Part[] HISTOGRAMS = {Part.ERR, Part.CANCEL, Part.SLIP_BUY, Part.SLIP_SELL};

    final LogHistogram errBp;
    final LogHistogram cancelMs;
    final LogHistogram slipBuy;
    final LogHistogram slipSell;
    final OrderCounts orders = new OrderCounts();
    /** {@code w/<slot>/<part>}, by part ordinal; null for a window's sum. */
    private final String[] partKeys;
    /** Parts restored from bucket keys (by ordinal): their bucket counts are the whole count. */
    private final boolean[] restoredBuckets = new boolean[Part.ALL.length];

    /** A window's sum: not stored under keys of its own. */
    Slot(BucketLayout errLayout, BucketLayout cancelLayout, BucketLayout slipLayout) {
        this(null, errLayout, cancelLayout, slipLayout);
    }

    /** Slot {@code index}, stored under {@code <keyPrefix><index>/...}. */
    Slot(String keyPrefix, long index, BucketLayout errLayout, BucketLayout cancelLayout, BucketLayout slipLayout) {
        this(keys(keyPrefix + index + "/"), errLayout, cancelLayout, slipLayout);
    }

    private Slot(String[] partKeys, BucketLayout errLayout, BucketLayout cancelLayout, BucketLayout slipLayout) {
        this.partKeys = partKeys;
        errBp = new LogHistogram(errLayout);
        cancelMs = new LogHistogram(cancelLayout);
        slipBuy = new LogHistogram(slipLayout);
        slipSell = new LogHistogram(slipLayout);
    }

    /** The store key of a part as a whole: the order counts, or (before per-bucket keys) a whole histogram. */
    String key(Part part) {
        return partKeys[part.ordinal()];
    }

    /** The store key of one bucket of a histogram part. */
    String key(Part part, int bucket) {
        return partKeys[part.ordinal()] + "/" + bucket;
    }

    void bucketsRestored(Part part) {
        restoredBuckets[part.ordinal()] = true;
    }

    boolean hasRestoredBuckets(Part part) {
        return restoredBuckets[part.ordinal()];
    }

    LogHistogram histogram(Part part) {
        return switch (part) {
            case ERR -> errBp;
            case CANCEL -> cancelMs;
            case SLIP_BUY -> slipBuy;
            case SLIP_SELL -> slipSell;
            case ORDERS -> throw new IllegalArgumentException("the order counts are not a histogram");
        };
    }

    void add(Slot other) {
        errBp.add(other.errBp);
        cancelMs.add(other.cancelMs);
        slipBuy.add(other.slipBuy);
        slipSell.add(other.slipSell);
        orders.add(other.orders);
    }

    void subtract(Slot other) {
        errBp.subtract(other.errBp);
        cancelMs.subtract(other.cancelMs);
        slipBuy.subtract(other.slipBuy);
        slipSell.subtract(other.slipSell);
        orders.subtract(other.orders);
    }

    private static String[] keys(String prefix) {
        String[] keys = new String[Part.ALL.length];
        for (Part part : Part.ALL) {
            keys[part.ordinal()] = prefix + part.key();
        }
        return keys;
    }
}
