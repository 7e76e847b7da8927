package io.mmguard.riskgate;

import io.mmguard.schemas.Severity;

/** The alerts the risk-gate writes to {@code mm.alerts}; the name is the alert's {@code kind}. */
public enum AlertKind {
    /** The seed's guard failed: sent with the kill sequence, after it. */
    QUOTE_SANITY_FAIL(Severity.CRIT),
    STALE_BOOK(Severity.WARN),
    FEED_SILENT(Severity.WARN),
    PRICE_JUMP(Severity.WARN),
    BAD_QUOTE(Severity.WARN),
    DUPLICATE_QUOTE(Severity.WARN),
    NO_INSTRUMENT(Severity.WARN),
    BAD_BOOK(Severity.WARN),
    TICK_TOO_COARSE(Severity.WARN),
    /** The quoter denied a book for a reason this build does not know. */
    UNKNOWN_DENIAL(Severity.WARN),
    /** A SET_PARAM for a risk threshold was refused (unsigned, forged, unknown or out of range). */
    PARAM_REFUSED(Severity.WARN),
    /** A book older than risk.stale.ms when the gate got to it, though fresh when it arrived: the pipeline is behind. */
    PIPELINE_LAG(Severity.WARN),
    /** A book repeated, or older than one of the same venue already judged (its sequence number and book time say so). */
    OUT_OF_SEQUENCE(Severity.WARN);

    private final Severity severity;

    AlertKind(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    int bit() {
        return 1 << ordinal();
    }
}
