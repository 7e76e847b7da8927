package io.mmguard.core.topics;

import java.util.regex.Pattern;

/** The topic names of DESIGN.md section 2. Names are a contract with operators' tooling: change them nowhere else. */
public final class TopicNames {

    /** Prefix of the per-venue book topics, e.g. {@code mm.md.book.sim}. */
    public static final String BOOK_PREFIX = "mm.md.book.";
    /** Every book topic, for the quoter's pattern subscription. */
    public static final Pattern BOOK_PATTERN = Pattern.compile("mm\\.md\\.book\\..+");
    public static final String INSTRUMENTS = "mm.ref.instruments";
    public static final String QUOTES = "mm.quotes";
    /** Book updates the quoter made no quote from, with the typed reason. */
    public static final String QUOTES_DENIED = "mm.quotes.denied";
    public static final String DECISIONS = "mm.risk.decisions";
    public static final String CONTROL = "mm.control";
    /** The control state the router enforces, published on every change. */
    public static final String CONTROL_STATE = "mm.control.state";
    public static final String ORDERS_LIVE = "mm.orders.live";
    public static final String ORDERS_SHADOW = "mm.orders.shadow";
    /** Orders the router refused before the exchange (filters, limits, halts). */
    public static final String ORDERS_DENIED = "mm.orders.denied";
    public static final String EXEC_REPORTS = "mm.exec.reports";
    /** Each symbol's position from live fills (compacted; the order-router writes a version per fill). */
    public static final String POSITIONS = "mm.positions";
    public static final String ALERTS = "mm.alerts";
    /** The canary controller's wall-clock ticks, recorded so stage timing advances from records while inputs are quiet. */
    public static final String CANARY_TICKS = "mm.canary.ticks";
    /** Quarantine for records no service could read or process; the error travels in the headers. */
    public static final String DLQ = "mm.dlq";

    private TopicNames() {
    }

    /** The book topic of one venue. */
    public static String book(String venue) {
        return BOOK_PREFIX + venue;
    }
}
