package io.mmguard.canary.slo;

import java.math.BigDecimal;

/**
 * One SLO's value over the current window, against its threshold.
 *
 * @param kind       which SLO
 * @param value      the value (NaN when there is none); for percentiles the bucket edge on the threshold's side
 * @param shown      the value as operators read it ({@code 0.031}, {@code 99.83%}, {@code 41.0ms}, {@code n/a})
 * @param threshold  the threshold as configured
 * @param samples    samples in the window (-1 for daily PnL, which has no window)
 * @param minSamples samples needed before it can pass or fail
 * @param verdict    pass, fail or insufficient
 */
public record SloReading(SloKind kind, double value, String shown, BigDecimal threshold, long samples, long minSamples,
                         Verdict verdict) {

    /** The comparison operators read in reasons: the passing one for a pass, the failing one for a failure. */
    public String comparison() {
        boolean pass = verdict != Verdict.FAIL;
        return switch (kind) {
            case ERR_BP_P99, SLIPPAGE_P95 -> pass ? "<=" : ">";
            case NEW_ORDER_2XX, DAILY_PNL -> pass ? ">" : "<=";
            case CANCEL_P99 -> pass ? "<" : ">=";
        };
    }
}
