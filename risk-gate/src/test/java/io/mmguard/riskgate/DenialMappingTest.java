package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aDenial;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every denied book update gets one decision: a failed quote math kills, bad market input freezes. */
class DenialMappingTest {

    private static final Instant AT = Instant.parse("2026-11-25T00:00:01Z");

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @ParameterizedTest(name = "{0} sanity_failure={1} -> {2} {3}, kill={4}, alert {5}")
    @CsvSource({
        "ASK_NOT_ABOVE_BID,   true,  REJECT, ASK_NOT_ABOVE_BID,   true,  QUOTE_SANITY_FAIL",
        "IMPLIED_BP_TOO_WIDE, true,  REJECT, IMPLIED_BP_TOO_WIDE, true,  QUOTE_SANITY_FAIL",
        "PATH_DISAGREEMENT,   true,  REJECT, PATH_DISAGREEMENT,   true,  QUOTE_SANITY_FAIL",
        "UNKNOWN,             true,  REJECT, UNKNOWN,             true,  QUOTE_SANITY_FAIL",
        "IMPLIED_BP_TOO_WIDE, false, REJECT, IMPLIED_BP_TOO_WIDE, true,  QUOTE_SANITY_FAIL",
        "CROSSED_BOOK,        false, FREEZE, BAD_BOOK,            false, BAD_BOOK",
        "LOCKED_BOOK,         false, FREEZE, BAD_BOOK,            false, BAD_BOOK",
        "NON_POSITIVE_PRICE,  false, FREEZE, BAD_BOOK,            false, BAD_BOOK",
        "NON_POSITIVE_SIZE,   false, FREEZE, BAD_BOOK,            false, BAD_BOOK",
        "NO_INSTRUMENT,       false, FREEZE, NO_INSTRUMENT,       false, NO_INSTRUMENT",
        "BAD_INSTRUMENT,      false, FREEZE, NO_INSTRUMENT,       false, NO_INSTRUMENT",
        "TICK_TOO_COARSE,     false, FREEZE, TICK_TOO_COARSE,     false, TICK_TOO_COARSE",
        "UNKNOWN,             false, FREEZE, UNKNOWN,             false, UNKNOWN_DENIAL",
    })
    void aDenialMapsToItsTypedDecision(DenialReason reason, boolean sanityFailure, Verdict verdict, DecisionReason decided,
                                       boolean kill, String alertKind) {
        gate.denial(aDenial("den-1", reason, sanityFailure, AT.minusMillis(30)).build(), AT);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(verdict);
        assertThat(decision.getReason()).isEqualTo(decided);
        assertThat(decision.getQuoteId()).isEqualTo("den-1");
        assertThat(decision.getDecisionId()).isEqualTo("d-den-1");
        assertThat(decision.getL2AgeMs()).isEqualTo(30L);
        assertThat(decision.getProvenance().getInputTopic()).isEqualTo("mm.quotes.denied");
        assertThat(decision.getDetail()).contains(reason.name(), "test denial");
        List<ControlCommand> commands = gate.controlCommands();
        if (kill) {
            assertThat(decision.getDetail()).startsWith("[QUOTE_SANITY_FAIL]");
            assertThat(commands).extracting(ControlCommand::getId, ControlCommand::getType).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("kill-den-1", ControlType.DISABLE_LIVE),
                    org.assertj.core.groups.Tuple.tuple("cancel-all-den-1", ControlType.CANCEL_ALL));
        } else {
            assertThat(commands).as("bad market input freezes without a kill").isEmpty();
            assertThat(decision.getFreezeUntil()).isNull();
        }
        List<Alert> alerts = gate.alerts();
        assertThat(alerts).extracting(Alert::getKind).containsExactly(alertKind);
        assertThat(alerts.get(0).getSeverity()).isEqualTo(kill ? Severity.CRIT : Severity.WARN);
    }

    @Test
    void aBadBookEpisodeAlertsOnceUntilTheSymbolPassesAgain() {
        Instant next = gate.warmUp("BTCJPY", 20, AT);
        gate.decisions();
        gate.denial(aDenial("den-1", DenialReason.CROSSED_BOOK, false, next).build(), next);
        gate.denial(aDenial("den-2", DenialReason.CROSSED_BOOK, false, next).build(), next.plusMillis(1));
        gate.quote(RiskTestRecords.aQuote("q-ok", next.plusMillis(2)).build(), next.plusMillis(2));
        gate.denial(aDenial("den-3", DenialReason.LOCKED_BOOK, false, next).build(), next.plusMillis(3));

        assertThat(gate.decisions()).extracting(RiskDecision::getVerdict)
                .containsExactly(Verdict.FREEZE, Verdict.FREEZE, Verdict.PASS, Verdict.FREEZE);
        assertThat(gate.alerts()).extracting(Alert::getAlertId).containsExactly("a-bad_book-d-den-1", "a-bad_book-d-den-3");
    }

    @Test
    void aDenialWithoutPricesIsStillDecidedWithZerosInPlaceOfTheMissingPrices() {
        gate.denial(aDenial("den-empty", DenialReason.NON_POSITIVE_PRICE, false, AT).setMid(null).setBid(null).setAsk(null)
                .setImpliedBp(null).build(), AT);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getMid()).isEqualByComparingTo("0");
        assertThat(decision.getErrBp()).isEqualByComparingTo("0");
    }
}
