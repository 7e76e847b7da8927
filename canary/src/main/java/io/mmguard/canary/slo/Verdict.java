package io.mmguard.canary.slo;

/** What a window says about one SLO. */
public enum Verdict {
    /** Enough samples, within the threshold. */
    PASS,
    /** Enough samples, outside the threshold. */
    FAIL,
    /** Fewer samples than the minimum: neither a pass (no promotion on an empty window) nor a failure. */
    INSUFFICIENT
}
