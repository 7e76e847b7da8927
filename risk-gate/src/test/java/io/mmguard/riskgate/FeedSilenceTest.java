package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Feed silence is the one wall-clock input: the punctuator writes a FREEZE FEED_SILENT record once
 * per silence; decisions about quotes never read the clock.
 */
class FeedSilenceTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void aSymbolSilentLongerThanTheThresholdGetsOneFeedSilentFreezeAndOneAlert() {
        gate.quote(aQuote("q-1", T0).build(), T0);
        gate.decisions();

        gate.advanceWallClock(Duration.ofMillis(1000));
        List<RiskDecision> notYet = gate.decisions();
        gate.advanceWallClock(Duration.ofMillis(250));
        List<RiskDecision> silent = gate.decisions();
        gate.advanceWallClock(Duration.ofSeconds(5));
        List<RiskDecision> afterMore = gate.decisions();

        assertThat(notYet).as("1000 ms is not more than risk.silence.ms=1000").isEmpty();
        assertThat(silent).singleElement().satisfies(decision -> {
            assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
            assertThat(decision.getReason()).isEqualTo(DecisionReason.FEED_SILENT);
            assertThat(decision.getSymbol()).isEqualTo("BTCJPY");
            assertThat(decision.getQuoteId()).isEmpty();
            assertThat(decision.getDecisionId()).isEqualTo("d-silent-BTCJPY-mm.quotes-0-0");
            assertThat(decision.getTs()).as("the wall-clock time, recorded").isEqualTo(T0.plusMillis(1250));
            assertThat(decision.getDetail()).contains("for 1250 ms by the wall clock", "last input mm.quotes-0@0");
            assertThat(decision.getProvenance().getCodePath()).isEqualTo("risk-gate/silence");
        });
        assertThat(afterMore).as("once per silence episode").isEmpty();
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("FEED_SILENT");
    }

    @Test
    void aNewQuoteEndsTheSilenceAndTheNextSilenceIsReportedAgainWithTheNewOffset() {
        gate.quote(aQuote("q-1", T0).build(), T0);
        gate.advanceWallClock(Duration.ofMillis(1250));
        gate.quote(aQuote("q-2", T0.plusSeconds(2)).build(), T0.plusSeconds(2));
        gate.advanceWallClock(Duration.ofMillis(500));
        List<RiskDecision> whileQuoting = gate.decisions();
        gate.advanceWallClock(Duration.ofMillis(750));

        assertThat(whileQuoting).extracting(RiskDecision::getReason).containsExactly(DecisionReason.WARMING_UP,
                DecisionReason.FEED_SILENT, DecisionReason.WARMING_UP);
        assertThat(gate.decisions()).extracting(RiskDecision::getDecisionId).containsExactly("d-silent-BTCJPY-mm.quotes-0-1");
    }

    @Test
    void aDenialCountsAsFeedActivity() {
        gate.quote(aQuote("q-1", T0).build(), T0);
        gate.advanceWallClock(Duration.ofMillis(750));
        gate.denial(RiskTestRecords.aDenial("den-1", io.mmguard.schemas.DenialReason.CROSSED_BOOK, false, T0).build(), T0);
        gate.advanceWallClock(Duration.ofMillis(750));

        assertThat(gate.decisions()).extracting(RiskDecision::getReason).doesNotContain(DecisionReason.FEED_SILENT);
    }

    @Test
    void aQuoteDecisionDoesNotDependOnTheWallClock() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        gate.advanceWallClock(Duration.ofHours(3));
        gate.decisions();

        gate.quote(aQuote("q-late-wall", next).build(), next);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.getTs()).isEqualTo(next);
        assertThat(decision.getL2AgeMs()).isZero();
    }
}
