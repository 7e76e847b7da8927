package io.mmguard.router.exec;

/**
 * What the exchange's answers taught the router about one symbol.
 *
 * @param consecutiveRejects rejects in a row (reset by an ack or a fill); at the configured limit the router kills
 * @param haltedUntil        record time (epoch ms) until which new orders are halted after a {@code -1013}; 0 = not halted
 * @param haltReason         why, for the denial's detail
 */
public record SymbolGuard(int consecutiveRejects, long haltedUntil, String haltReason) {

    public static final SymbolGuard CLEAR = new SymbolGuard(0, 0, null);

    /** True when new orders are halted at record time {@code ts}. */
    public boolean haltedAt(long ts) {
        return ts < haltedUntil;
    }

    public SymbolGuard withReject() {
        return new SymbolGuard(consecutiveRejects + 1, haltedUntil, haltReason);
    }

    public SymbolGuard withSuccess() {
        return consecutiveRejects == 0 ? this : new SymbolGuard(0, haltedUntil, haltReason);
    }

    public SymbolGuard rejectsCounted() {
        return new SymbolGuard(0, haltedUntil, haltReason);
    }

    public SymbolGuard haltedUntil(long until, String reason) {
        return new SymbolGuard(consecutiveRejects, Math.max(until, haltedUntil), reason);
    }
}
