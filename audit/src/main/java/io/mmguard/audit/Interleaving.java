package io.mmguard.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The order in which one order-router task processed its two inputs, rebuilt from what its recorded outputs say
 * (DESIGN.md section 8: record the interleaving instead of guessing it). Every router output names where its task
 * stood in both inputs ({@code provenance.inputs_through}), so:
 *
 * <ul>
 *   <li>a record with outputs comes after every record of the other input up to its position there, and before the
 *       rest; the next record with outputs bounds the other input even across records without outputs;</li>
 *   <li>a kill reaction between records ({@link RouterAudit.Tick}) comes exactly after the positions it names;</li>
 *   <li>records without outputs on both sides between the same two bounds are ordered by record time: their order
 *       changes no recorded output (a decision without outputs only marks the position to its mid; an execution report
 *       without outputs changes state that the next recorded output's positions already account for).</li>
 * </ul>
 */
final class Interleaving {

    /**
     * One step of the replay: process a record, or fire the control tick of a kill reaction.
     *
     * @param record the record to process (null for a tick)
     * @param tick   the kill reaction to fire (null for a record)
     */
    record Step(Rec record, RouterAudit.Tick tick) {
    }

    private Interleaving() {
    }

    /**
     * @param decisions      the task's risk decisions, in offset order
     * @param reports        the task's execution reports, in offset order
     * @param seen           what the recorded outputs of a record say (null when it has none)
     * @param ticks          the kill reactions between records, ordered by position
     * @param decisionsInput the decisions' key in {@code inputs_through} ({@code mm.risk.decisions-<p>})
     * @param reportsInput   the reports' key ({@code mm.exec.reports-<p>})
     */
    static List<Step> of(List<Rec> decisions, List<Rec> reports, Function<Rec, RouterAudit.Seen> seen, List<RouterAudit.Tick> ticks,
                         String decisionsInput, String reportsInput) {
        long[] decisionsBound = bounds(decisions, seen, reportsInput);
        long[] reportsBound = bounds(reports, seen, decisionsInput);
        List<Step> steps = new ArrayList<>(decisions.size() + reports.size() + ticks.size());
        long lastDecision = -1;
        long lastReport = -1;
        int i = 0;
        int j = 0;
        int t = 0;
        while (i < decisions.size() || j < reports.size()) {
            while (t < ticks.size() && lastDecision >= ticks.get(t).decisions() && lastReport >= ticks.get(t).reports()) {
                steps.add(new Step(null, ticks.get(t++)));
            }
            RouterAudit.Tick next = t < ticks.size() ? ticks.get(t) : null;
            boolean takeDecision;
            if (i >= decisions.size()) {
                takeDecision = false;
            } else if (j >= reports.size()) {
                takeDecision = true;
            } else {
                Rec d = decisions.get(i);
                Rec r = reports.get(j);
                RouterAudit.Seen ds = seen.apply(d);
                RouterAudit.Seen rs = seen.apply(r);
                boolean reportFirst = (ds != null && r.offset() <= ds.through(reportsInput))
                        || d.offset() > reportsBound[j]
                        || (next != null && d.offset() > next.decisions() && lastReport < next.reports());
                boolean decisionFirst = (rs != null && d.offset() <= rs.through(decisionsInput))
                        || r.offset() > decisionsBound[i]
                        || (next != null && r.offset() > next.reports() && lastDecision < next.decisions());
                takeDecision = reportFirst != decisionFirst ? decisionFirst : d.timestamp() <= r.timestamp();
            }
            if (takeDecision) {
                Rec rec = decisions.get(i++);
                steps.add(new Step(rec, null));
                lastDecision = rec.offset();
            } else {
                Rec rec = reports.get(j++);
                steps.add(new Step(rec, null));
                lastReport = rec.offset();
            }
        }
        while (t < ticks.size()) {
            steps.add(new Step(null, ticks.get(t++)));
        }
        return steps;
    }

    /**
     * For each position in {@code records}: how far the other input had been processed when the first record at or after
     * it that has recorded outputs was processed ({@link Long#MAX_VALUE} when none has).
     */
    private static long[] bounds(List<Rec> records, Function<Rec, RouterAudit.Seen> seen, String otherInput) {
        long[] bound = new long[records.size()];
        long next = Long.MAX_VALUE;
        for (int k = records.size() - 1; k >= 0; k--) {
            RouterAudit.Seen s = seen.apply(records.get(k));
            if (s != null) {
                next = s.through(otherInput);
            }
            bound[k] = next;
        }
        return bound;
    }
}
