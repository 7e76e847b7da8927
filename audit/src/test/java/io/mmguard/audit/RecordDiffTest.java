package io.mmguard.audit;

import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDiffTest {

    @Test
    void identicalRecordsHaveNoDifferences() {
        assertThat(RecordDiff.of(aPassDecision().build(), aPassDecision().build())).isEmpty();
    }

    @Test
    void decimalsCompareByValueNotByScale() {
        RiskDecision recorded = aPassDecision().setMid(new BigDecimal("17159268.000000000000")).build();
        RiskDecision derived = aPassDecision().setMid(new BigDecimal("17159268")).build();

        assertThat(RecordDiff.of(recorded, derived)).isEmpty();
    }

    @Test
    void eachDifferenceNamesItsFieldPathWithBothValues() {
        RiskDecision recorded = aPassDecision().setVerdict(Verdict.PASS).build();
        RiskDecision derived = aPassDecision().setVerdict(Verdict.FREEZE).build();
        derived.getProvenance().setControlVersion(4);
        derived.getProvenance().setInputsThrough(Map.of("mm.exec.reports-0", 12L));

        assertThat(RecordDiff.of(recorded, derived)).containsExactly(
                new AuditResult.FieldDiff("verdict", "PASS", "FREEZE"),
                new AuditResult.FieldDiff("provenance.control_version", "0", "4"),
                new AuditResult.FieldDiff("provenance.inputs_through[mm.exec.reports-0]", "null", "12"));
    }
}
