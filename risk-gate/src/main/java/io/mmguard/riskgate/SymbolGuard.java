package io.mmguard.riskgate;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-symbol guard state kept beside the statistics: the price-jump freeze, which alert kinds have
 * already been sent in the current freeze episode, when the kill sequence was last sent, the
 * last input seen (for the feed-silence record) and each venue's newest book (for the sequence check).
 *
 * @param freezeUntil       record time until which a price jump freezes the symbol (0 = none)
 * @param openAlerts        bit set of {@link AlertKind}s already alerted since the symbol last passed
 * @param lastKillAt        record time of the last kill sequence for this symbol ({@link Long#MIN_VALUE} = never)
 * @param lastTopic         topic of the last quote or denial seen
 * @param lastPartition     its partition
 * @param lastOffset        its offset (-1 = none yet)
 * @param silenceReported   true once a FEED_SILENT record was written for the current silence
 * @param lastBooks         per venue, the newest book quoted so far: its sequence number and book time
 */
public record SymbolGuard(long freezeUntil, int openAlerts, long lastKillAt, String lastTopic, int lastPartition,
                          long lastOffset, boolean silenceReported, Map<String, LastBook> lastBooks) {

    /** A symbol never seen. */
    public static final SymbolGuard NONE = new SymbolGuard(0, 0, Long.MIN_VALUE, "", -1, -1, false, Map.of());

    /**
     * The newest book of one venue the gate has judged.
     *
     * @param sequence the venue's sequence number
     * @param bookTs   its book time (epoch ms)
     */
    public record LastBook(long sequence, long bookTs) {
    }

    public SymbolGuard {
        lastBooks = Map.copyOf(lastBooks);
    }

    /** The state without the per-venue books (format 1 had none). */
    public SymbolGuard(long freezeUntil, int openAlerts, long lastKillAt, String lastTopic, int lastPartition,
                       long lastOffset, boolean silenceReported) {
        this(freezeUntil, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported, Map.of());
    }

    /** The newest book of {@code venue} judged so far, or null. */
    public LastBook lastBook(String venue) {
        return lastBooks.get(venue);
    }

    /** This state with {@code venue}'s newest book set to ({@code sequence}, {@code bookTs}). */
    public SymbolGuard withLastBook(String venue, long sequence, long bookTs) {
        LastBook book = new LastBook(sequence, bookTs);
        Map<String, LastBook> next;
        if (lastBooks.isEmpty() || lastBooks.size() == 1 && lastBooks.containsKey(venue)) {
            next = Map.of(venue, book); // the usual case, one venue per symbol: no map copy per quote
        } else {
            next = new HashMap<>(lastBooks);
            next.put(venue, book);
        }
        return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported, next);
    }

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
        return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, topic, partition, offset, false, lastBooks);
    }

    public SymbolGuard withAlerted(AlertKind kind) {
        return new SymbolGuard(freezeUntil, openAlerts | kind.bit(), lastKillAt, lastTopic, lastPartition, lastOffset,
                silenceReported, lastBooks);
    }

    /** A PASS ends the episode: the next freeze of any kind alerts again. */
    public SymbolGuard passed() {
        return new SymbolGuard(freezeUntil, 0, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported, lastBooks);
    }

    public SymbolGuard frozenUntil(long until) {
        return new SymbolGuard(until, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, silenceReported, lastBooks);
    }

    public SymbolGuard killedAt(long ts) {
        return new SymbolGuard(freezeUntil, openAlerts, ts, lastTopic, lastPartition, lastOffset, silenceReported, lastBooks);
    }

    public SymbolGuard silenceReported(boolean reported) {
        return new SymbolGuard(freezeUntil, openAlerts, lastKillAt, lastTopic, lastPartition, lastOffset, reported, lastBooks);
    }
}
