package io.mmguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterleavingTest {

    private static final String DECISIONS = "mm.risk.decisions-0";
    private static final String REPORTS = "mm.exec.reports-0";

    private final Map<String, RouterAudit.Seen> seen = new HashMap<>();

    private static Rec decision(long offset, long ts) {
        return new Rec("mm.risk.decisions", 0, offset, ts, "BTCJPY", new byte[0]);
    }

    private static Rec report(long offset, long ts) {
        return new Rec("mm.exec.reports", 0, offset, ts, "BTCJPY", new byte[0]);
    }

    /** The recorded outputs of {@code rec} say the task had processed the other input through {@code otherThrough}. */
    private void hasOutputs(Rec rec, String otherInput, long otherThrough) {
        seen.put(rec.ref(), new RouterAudit.Seen(1, Map.of(otherInput, otherThrough), null, null));
    }

    private List<String> order(List<Rec> decisions, List<Rec> reports, List<RouterAudit.Tick> ticks) {
        return Interleaving.of(decisions, reports, rec -> seen.get(rec.ref()), ticks, DECISIONS, REPORTS).stream()
                .map(step -> step.tick() != null ? "tick v" + step.tick().version()
                        : (step.record().topic().equals("mm.risk.decisions") ? "D" : "R") + step.record().offset())
                .toList();
    }

    @Test
    void aDecisionWhoseOutputsSawNoReportGoesBeforeAnEarlierTimedReport() {
        Rec d0 = decision(0, 200);
        Rec r0 = report(0, 100);
        hasOutputs(d0, REPORTS, -1);

        assertThat(order(List.of(d0), List.of(r0), List.of())).containsExactly("D0", "R0");
    }

    @Test
    void aReportMayNotSlipBeforeDecisionsWithoutOutputsWhenTheNextDecisionWithOutputsHadNotSeenIt() {
        // Given D0 has no outputs, D1 has outputs made before R0 was processed, and R0 is older than both
        Rec d0 = decision(0, 200);
        Rec d1 = decision(1, 300);
        Rec r0 = report(0, 100);
        hasOutputs(d1, REPORTS, -1);

        // Then R0 waits until after D1, although record time alone would put it first
        assertThat(order(List.of(d0, d1), List.of(r0), List.of())).containsExactly("D0", "D1", "R0");
    }

    @Test
    void aReportWithOutputsComesAfterTheDecisionsItHadSeen() {
        Rec d0 = decision(0, 500);
        Rec d1 = decision(1, 600);
        Rec r0 = report(0, 100);
        hasOutputs(r0, DECISIONS, 1);

        assertThat(order(List.of(d0, d1), List.of(r0), List.of())).containsExactly("D0", "D1", "R0");
    }

    @Test
    void aKillReactionFiresExactlyBetweenThePositionsItNames() {
        Rec d0 = decision(0, 100);
        Rec d1 = decision(1, 200);
        Rec r0 = report(0, 150);
        RouterAudit.Tick kill = new RouterAudit.Tick(0, 0, 7, null);

        assertThat(order(List.of(d0, d1), List.of(r0), List.of(kill))).containsExactly("D0", "R0", "tick v7", "D1");
    }

    @Test
    void recordsWithoutOutputsOnBothSidesFollowRecordTime() {
        Rec d0 = decision(0, 300);
        Rec r0 = report(0, 100);
        Rec r1 = report(1, 400);

        assertThat(order(List.of(d0), List.of(r0, r1), List.of())).containsExactly("R0", "D0", "R1");
    }
}
