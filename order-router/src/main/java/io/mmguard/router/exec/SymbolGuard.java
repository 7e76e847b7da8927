package io.mmguard.router.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * What the exchange's answers taught the router about one symbol.
 *
 * @param consecutiveRejects rejects in a row (reset by an ack or a fill); at the configured limit the router kills
 * @param haltedUntil        record time (epoch ms) until which new orders are halted after a {@code -1013}; 0 = not halted
 * @param haltReason         why, for the denial's detail
 * @param recentFills        report ids of the last {@value #RECENT_FILLS} fills applied to the position, oldest first: a
 *                           gateway that delivers a report twice must not move the position twice (absent in state written
 *                           before this field: none)
 */
public record SymbolGuard(int consecutiveRejects, long haltedUntil, String haltReason, List<String> recentFills) {

    /** How many applied fill report ids are remembered per symbol. */
    public static final int RECENT_FILLS = 64;

    public static final SymbolGuard CLEAR = new SymbolGuard(0, 0, null, List.of());

    public SymbolGuard {
        recentFills = recentFills == null ? List.of() : List.copyOf(recentFills);
    }

    public SymbolGuard(int consecutiveRejects, long haltedUntil, String haltReason) {
        this(consecutiveRejects, haltedUntil, haltReason, List.of());
    }

    /** True when new orders are halted at record time {@code ts}. */
    public boolean haltedAt(long ts) {
        return ts < haltedUntil;
    }

    /** True when the fill with report id {@code reportId} was already applied to the position. */
    public boolean alreadyFilled(String reportId) {
        return reportId != null && recentFills.contains(reportId);
    }

    /** After the fill {@code reportId} was applied (the oldest remembered id goes when there are more than the limit). */
    public SymbolGuard withFill(String reportId) {
        if (reportId == null) {
            return this;
        }
        List<String> fills = new ArrayList<>(recentFills);
        fills.add(reportId);
        if (fills.size() > RECENT_FILLS) {
            fills.subList(0, fills.size() - RECENT_FILLS).clear();
        }
        return new SymbolGuard(consecutiveRejects, haltedUntil, haltReason, fills);
    }

    public SymbolGuard withReject() {
        return new SymbolGuard(consecutiveRejects + 1, haltedUntil, haltReason, recentFills);
    }

    public SymbolGuard withSuccess() {
        return consecutiveRejects == 0 ? this : new SymbolGuard(0, haltedUntil, haltReason, recentFills);
    }

    public SymbolGuard rejectsCounted() {
        return new SymbolGuard(0, haltedUntil, haltReason, recentFills);
    }

    public SymbolGuard haltedUntil(long until, String reason) {
        return new SymbolGuard(consecutiveRejects, Math.max(until, haltedUntil), reason, recentFills);
    }
}
