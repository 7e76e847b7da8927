package io.mmguard.canary.slo;

/** The measurements of one slot of event time (or, summed, of a whole window). Not thread-safe. */
final class Slot {

    /** The parts a slot is stored in, one store key each, so that a sample rewrites only its own part. */
    enum Part {
        ERR("err"), CANCEL("cancel"), SLIP_BUY("slip.buy"), SLIP_SELL("slip.sell"), ORDERS("orders");

        private final String key;

        Part(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        static Part ofKey(String key) {
            for (Part part : values()) {
                if (part.key.equals(key)) {
                    return part;
                }
            }
            return null;
        }
    }

    final LogHistogram errBp;
    final LogHistogram cancelMs;
    final LogHistogram slipBuy;
    final LogHistogram slipSell;
    final OrderCounts orders = new OrderCounts();

    Slot(BucketLayout errLayout, BucketLayout cancelLayout, BucketLayout slipLayout) {
        errBp = new LogHistogram(errLayout);
        cancelMs = new LogHistogram(cancelLayout);
        slipBuy = new LogHistogram(slipLayout);
        slipSell = new LogHistogram(slipLayout);
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

    byte[] encode(Part part) {
        return switch (part) {
            case ERR -> errBp.encode();
            case CANCEL -> cancelMs.encode();
            case SLIP_BUY -> slipBuy.encode();
            case SLIP_SELL -> slipSell.encode();
            case ORDERS -> orders.encode();
        };
    }

    void load(Part part, byte[] bytes) {
        switch (part) {
            case ERR -> errBp.add(LogHistogram.decode(bytes, errBp.layout()));
            case CANCEL -> cancelMs.add(LogHistogram.decode(bytes, cancelMs.layout()));
            case SLIP_BUY -> slipBuy.add(LogHistogram.decode(bytes, slipBuy.layout()));
            case SLIP_SELL -> slipSell.add(LogHistogram.decode(bytes, slipSell.layout()));
            case ORDERS -> orders.add(OrderCounts.decode(bytes));
        }
    }
}
