package io.mmguard.riskgate;

/**
 * Per-symbol guard state kept beside the statistics: the price-jump freeze, which alert kinds have
 * already been sent in the current freeze episode, when the kill sequence was last sent, and the
 * last input seen (for the feed-silence record).
 *
 * @param freezeUntil       record time until which a price jump freezes the symbol (0 = none)
 * @param openAlerts        bit set of {@link AlertKind}s already alerted since the symbol last passed
 * @param lastKillAt        record time of the last kill sequence for this symbol ({@link Long#MIN_VALUE} = never)
 * @param lastTopic         topic of the last quote or denial seen
 * @param lastPartition     its partition
 * @param lastOffset        its offset (-1 = none yet)
 * @param silenceReported   true once a FEED_SILENT record was written for the current silence
 */
public record SymbolGuard(long freezeUntil, int openAlerts, long lastKillAt, String lastTopic, int lastPartition,
                          long lastOffset, boolean silenceReported) {

    /** A symbol never seen. */
    public static final SymbolGuard NONE = new SymbolGuard(0, 0, Long.MIN_VALUE, "", -1, -1, false);

    /** True while a price-jump freeze holds at record time {@code ts}. */
    public boolean frozenAt(long ts) {
        return ts < freezeUntil;
    }

    /** True when {@code kind} was already alerted in this episode. */
    public boolean alerted(AlertKind kind) {
        return (openAlerts & kind.bit()) != 0;
    }

    /** This state after an input record was seen (a new input ends a silence). */
    public SymbolGuard seen(String topic, int partition, long offset) {
        return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, topic, partition, offset, false);
    }

    public SymbolGuard withAlerted(AlertKind kind) {
        return new SymbolGuard(freezeUntil, openAlerts | kind.bit(), lastKillAt, lastTopic, lastPartition, lastOffset,
                silenceReported);
    }

    /** A PASS ends the episode: the next freeze of any kind alerts again. */
    public SymbolGuard passed() {
        return new SymbolGuard(freezeUntil, 0, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported);
    }

    public SymbolGuard frozenUntil(long until) {
        return new SymbolGuard(until, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported);
    }

    public SymbolGuard killedAt(long ts) {
        return new SymbolGuard(freezeUntil, openAlerts, ts, lastTopic, lastPartition, lastOffset, silenceReported);
    }

    public SymbolGuard silenceReported(boolean reported) {
        return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, reported);
    }
}
