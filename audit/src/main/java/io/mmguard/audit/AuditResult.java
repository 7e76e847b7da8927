package io.mmguard.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one audit run found: per audited topic the counts, the first findings in detail, the control
 * timeline of the range, what was excluded from re-derivation and why, and how far global inputs lagged.
 *
 * @param bootstrap      the cluster audited
 * @param from           start of the range (inclusive, record time)
 * @param to             end of the range (inclusive, record time)
 * @param inputs         per input topic-partition: the offsets the range maps to and what was replayed
 * @param topics         per audited output topic: checked / identical / different / missing / unexpected
 * @param findings       the first findings (at most the run's limit), in the order found
 * @param findingsTotal  how many findings there were in all
 * @param timeline       control changes and kills recorded in the range, in mm.control order
 * @param exclusions     records or fields not re-derived by design, each with its count and reason
 * @param lags           global inputs (control state, instruments) a record was derived without although they were
 *                       recorded before it: not mismatches, but worth knowing
 * @param elapsedMs      how long the run took
 */
public record AuditResult(String bootstrap, Instant from, Instant to, List<InputRange> inputs, Map<String, TopicCounts> topics,
                          List<Finding> findings, long findingsTotal, List<TimelineEntry> timeline, List<Exclusion> exclusions,
                          List<Lag> lags, long elapsedMs) {

    /** Exit code of {@code bin/mm audit} when nothing differs. */
    public static final int CLEAN = 0;
    /** Exit code of {@code bin/mm audit} when anything differs (DESIGN.md section 9). */
    public static final int MISMATCHES = 3;

    /** True when every derived record in the range matched what was recorded, and nothing recorded was unexplained. */
    public boolean clean() {
        return findingsTotal == 0;
    }

    /** The exit code of {@code bin/mm audit} for this result: {@link #CLEAN} or {@link #MISMATCHES}. */
    public int exitCode() {
        return clean() ? CLEAN : MISMATCHES;
    }

    /**
     * One input partition: which offsets the range covers and how many records were replayed from it.
     *
     * @param topic     the input topic
     * @param partition its partition
     * @param earliest  the earliest retained offset (the replay starts here to rebuild the state)
     * @param fromOffset the first offset at or after {@code from}
     * @param toOffset  the first offset after {@code to} (exclusive end of the replay)
     * @param replayed  records replayed (from earliest to toOffset)
     */
    public record InputRange(String topic, int partition, long earliest, long fromOffset, long toOffset, long replayed) {
    }

    /**
     * Counts for one audited topic. {@code checked} = identical + different + missing: derived records in the range;
     * {@code different} also counts a recorded second copy of an id that differs from what was derived (a tampered copy).
     *
     * @param checked    records the audit re-derived in the range
     * @param identical  re-derived and recorded, field for field the same
     * @param different  re-derived and recorded with the same id, but some field differs
     * @param missing    re-derived, but not recorded
     * @param unexpected recorded in the range, but not re-derived from any recorded input
     */
    public record TopicCounts(long checked, long identical, long different, long missing, long unexpected) {
    }

    /** What kind of finding. */
    public enum Kind { DIFFERENT, MISSING, UNEXPECTED, UNREADABLE }

    /**
     * One record that did not audit clean.
     *
     * @param kind      what was wrong
     * @param topic     the audited topic
     * @param partition the recorded record's partition (null when it is missing)
     * @param offset    the recorded record's offset (null when it is missing)
     * @param id        the record's id (quote, decision, order or command id)
     * @param service   the service whose code re-derived it
     * @param input     the input it derives from, {@code topic-partition@offset}
     * @param fields    field by field: recorded vs re-derived (DIFFERENT only)
     * @param note      the explanation for an operator
     */
    public record Finding(Kind kind, String topic, Integer partition, Long offset, String id, String service, String input,
                          List<FieldDiff> fields, String note) {
    }

    /**
     * One field that differs.
     *
     * @param field    the field path ({@code provenance.control_version}; {@code (topic)}, {@code (key)}, {@code (timestamp)} for
     *                 the record itself)
     * @param recorded the recorded value
     * @param derived  the re-derived value
     */
    public record FieldDiff(String field, String recorded, String derived) {
    }

    /**
     * A control change or kill in the range.
     *
     * @param at      the command's record time
     * @param offset  its mm.control offset
     * @param what    command type, id, actor, reason and its effect (accepted: version and state; or refused and why)
     * @param kill    true for a global DISABLE_LIVE that was accepted
     */
    public record TimelineEntry(Instant at, long offset, String what, boolean kill) {
    }

    /**
     * Something the audit does not re-derive, by design.
     *
     * @param what  which records or fields
     * @param count how many there were in the range
     * @param why   why they cannot or need not be re-derived, and what the audit does with them instead
     */
    public record Exclusion(String what, long count, String why) {
    }

    /**
     * Records derived without a global input that was already recorded before them.
     *
     * @param input   which global input (control state, instruments)
     * @param records how many records in the range
     * @param maxMs   the largest lag: record time minus the record time of the newest input not yet seen
     * @param example one such record, {@code topic-partition@offset}
     */
    public record Lag(String input, long records, long maxMs, String example) {
    }
}
