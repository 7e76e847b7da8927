package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static io.mmguard.riskgate.RiskTestRecords.theIncidentQuoteAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every path of a quote through the risk-gate, driven by event time in the TopologyTestDriver. */
class QuoteDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void theFirstTwentyQuotesOfASymbolAreFrozenWarmingUpAndTheNextPasses() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        List<RiskDecision> warming = gate.decisions();

        gate.quote(aQuote("q-21", next).build(), next);

        assertThat(warming).hasSize(20).allSatisfy(d -> {
            assertThat(d.getVerdict()).isEqualTo(Verdict.FREEZE);
            assertThat(d.getReason()).isEqualTo(DecisionReason.WARMING_UP);
        });
        assertThat(warming.get(0).getEma()).as("no statistics before the first sample").isNull();
        assertThat(warming.get(19).getDetail()).contains("19 of 20 mids");
        RiskDecision passed = gate.decision();
        assertThat(passed.getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(passed.getReason()).isEqualTo(DecisionReason.OK);
        assertThat(gate.alerts()).as("warming up is expected, not alerted").isEmpty();
    }

    @Test
    void aSaneQuoteAfterWarmUpPassesWithTheMeasurementsThatDecidedIt() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();

        gate.quote(aQuote("q-pass", next.minusMillis(120)).build(), next);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.getDecisionId()).isEqualTo("d-q-pass");
        assertThat(decision.getQuoteId()).isEqualTo("q-pass");
        assertThat(decision.getTs()).isEqualTo(next);
        assertThat(decision.getL2AgeMs()).isEqualTo(120L);
        assertThat(decision.getImpliedBp()).as("re-measured to 12 places").isEqualByComparingTo("5.000213295812");
        assertThat(decision.getErrBp()).isEqualByComparingTo("0.000213295812");
        assertThat(decision.getEma().doubleValue()).isCloseTo(17159268, org.assertj.core.data.Offset.offset(1.0));
        assertThat(decision.getSigma().doubleValue()).isBetween(0.0, 1.0);
        assertThat(decision.getZScore().doubleValue()).isLessThan(0.01);
        assertThat(decision.getFreezeUntil()).isNull();
        assertThat(decision.getProvenance().getInputTopic()).isEqualTo("mm.quotes");
        assertThat(decision.getProvenance().getInputOffset()).isEqualTo(20L);
        assertThat(decision.getProvenance().getInputId()).isEqualTo("q-pass");
        assertThat(decision.getProvenance().getInstrumentVersion()).as("the instrument record it was checked against").isEqualTo(1L);
        assertThat(decision.getProvenance().getConfigVersion()).as("config.version 1, no SET_PARAM")
                .isEqualTo(1_000_000_000_000L);
    }

    @Test
    void askNotAboveBidIsRejectedAndFiresTheKillSwitch() {
        gate.quote(aQuote("q-inverted", T0).setAsk(new BigDecimal("17154978")).build(), T0);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.ASK_NOT_ABOVE_BID);
        assertThat(decision.getDetail()).startsWith("[QUOTE_SANITY_FAIL] ask<=bid");
        assertThat(gate.controlCommands()).extracting(c -> c.getType())
                .containsExactly(ControlType.DISABLE_LIVE, ControlType.CANCEL_ALL);
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("QUOTE_SANITY_FAIL");
    }

    @Test
    void anImpliedSpreadWiderThanTheLimitIsRejectedAndFiresTheKillSwitchEvenDuringWarmUp() {
        gate.quote(theIncidentQuoteAt(T0).build(), T0);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.IMPLIED_BP_TOO_WIDE);
        assertThat(decision.getDetail()).startsWith("[QUOTE_SANITY_FAIL] implied_bp=");
        assertThat(decision.getImpliedBp()).as("re-measured by the risk-gate").isGreaterThan(new BigDecimal("5000"));
        assertThat(gate.controlCommands()).hasSize(2);
    }

    @Test
    void aQuoteWithinTheMaxBpCeilingPassesTheSanityGuardEvenIfWiderThanTwiceItsConfig() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        // 5 bp configured, 60 bp implied: above 2 x 5 but below max_bp 100 -> the seed's guard lets it through.
        gate.quote(aQuote("q-wide", next).setBid(new BigDecimal("17107790")).setAsk(new BigDecimal("17210746")).build(), next);

        assertThat(gate.decision().getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(gate.controlCommands()).isEmpty();
    }

    @Test
    void aRepeatedOrOlderBookOfTheSameVenueFreezesOutOfSequenceAndAVenueRestartingItsNumbersPasses() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        long seq = 1_000_000_000L; // above every sequence the warm-up's quotes carry
        gate.quote(aQuote("q-100", next).setBookSequence(seq).build(), next.plusMillis(10));
        gate.quote(aQuote("q-100-again", next).setBookSequence(seq).build(), next.plusMillis(11));
        gate.quote(aQuote("q-99-late", next.minusMillis(50)).setBookSequence(seq - 1).build(), next.plusMillis(12));
        gate.quote(aQuote("q-99-fresh-stamp", next.plusMillis(50)).setBookSequence(seq - 1).build(), next.plusMillis(60));
        gate.quote(aQuote("q-105-gap", next.plusMillis(100)).setBookSequence(seq + 5).build(), next.plusMillis(150));
        gate.quote(aQuote("q-1-restart", next.plusMillis(200)).setBookSequence(1).build(), next.plusMillis(250));
        gate.quote(aQuote("q-other-venue", next.plusMillis(150)).setVenue("bitflyer").setBookSequence(50).build(),
                next.plusMillis(260));

        List<RiskDecision> decisions = gate.decisions();
        assertThat(decisions).as("a repeat, an older book, an older book with a newer stamp; then a gap, a venue restarting"
                + " its numbering, another venue").extracting(RiskDecision::getReason).containsExactly(DecisionReason.OK,
                DecisionReason.OUT_OF_SEQUENCE, DecisionReason.OUT_OF_SEQUENCE, DecisionReason.OUT_OF_SEQUENCE,
                DecisionReason.OK, DecisionReason.OK, DecisionReason.OK);
        assertThat(decisions.get(1).getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decisions.get(1).getDetail()).startsWith("book sequence 1000000000 of sim was already judged");
        assertThat(decisions.get(2).getDetail()).startsWith("book sequence 999999999 of sim is older than 1000000000, already judged")
                .endsWith("no order from a repeated or older book");
        assertThat(gate.alerts()).as("one alert for the episode").singleElement()
                .satisfies(a -> assertThat(a.getKind()).isEqualTo("OUT_OF_SEQUENCE"));
        assertThat(gate.controlCommands()).as("bad input, not bad math: no kill").isEmpty();
    }

    @Test
    void aStaleBookFreezesWithoutKillAndAlertsOncePerEpisode() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();

        gate.quote(aQuote("q-stale-1", next.minusMillis(501)).build(), next);
        gate.quote(aQuote("q-stale-2", next.plusMillis(100).minusMillis(900)).build(), next.plusMillis(100));
        gate.quote(aQuote("q-edge", next.plusMillis(200).minusMillis(500)).build(), next.plusMillis(200));
        gate.quote(aQuote("q-stale-3", next.plusMillis(300).minusMillis(600)).build(), next.plusMillis(300));

        List<RiskDecision> decisions = gate.decisions();
        assertThat(decisions).extracting(RiskDecision::getReason).containsExactly(DecisionReason.STALE_BOOK,
                DecisionReason.STALE_BOOK, DecisionReason.OK, DecisionReason.STALE_BOOK);
        assertThat(decisions.get(0).getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decisions.get(0).getL2AgeMs()).isEqualTo(501L);
        assertThat(decisions.get(0).getDetail()).isEqualTo("l2_age_ms=501 > risk.stale.ms=500 (record time - book exchange time)");
        assertThat(decisions.get(0).getFreezeUntil()).as("a stale freeze lasts while the book is stale").isNull();
        assertThat(gate.controlCommands()).as("stale book: notify, no kill").isEmpty();
        List<Alert> alerts = gate.alerts();
        assertThat(alerts).as("one alert for the first episode, one for the second (after a PASS)")
                .extracting(Alert::getKind, Alert::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("STALE_BOOK", Severity.WARN),
                        org.assertj.core.groups.Tuple.tuple("STALE_BOOK", Severity.WARN));
        assertThat(alerts.get(0).getAlertId()).isEqualTo("a-stale_book-d-q-stale-1");
        assertThat(alerts.get(1).getAlertId()).isEqualTo("a-stale_book-d-q-stale-3");
    }

    @Test
    void aBookFreshOnArrivalButStaleWhenTheGateGetsToItFreezesForPipelineLagOncePerEpisode() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();

        gate.pipelineLag(450);
        gate.quote(aQuote("q-lag-1", next.minusMillis(60)).build(), next);
        gate.quote(aQuote("q-lag-2", next.plusMillis(1).minusMillis(60)).build(), next.plusMillis(1));
        gate.pipelineLag(440);
        gate.quote(aQuote("q-edge", next.plusMillis(2).minusMillis(60)).build(), next.plusMillis(2));

        List<RiskDecision> decisions = gate.decisions();
        assertThat(decisions).extracting(RiskDecision::getReason).containsExactly(DecisionReason.PIPELINE_LAG,
                DecisionReason.PIPELINE_LAG, DecisionReason.OK);
        RiskDecision lagged = decisions.get(0);
        assertThat(lagged.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(lagged.getL2AgeMs()).as("the book's age when the gate decided, pipeline lag included").isEqualTo(510L);
        assertThat(lagged.getProvenance().getProcessedAt()).isEqualTo(next.plusMillis(450));
        assertThat(lagged.getBookTs()).isEqualTo(next.minusMillis(60));
        assertThat(lagged.getDetail()).isEqualTo("l2_age_ms=510 > risk.stale.ms=500 when the risk-gate decided: the book was 60 ms"
                + " old on arrival and the pipeline added 450 ms; no order until the pipeline catches up");
        assertThat(decisions.get(2).getL2AgeMs()).isEqualTo(500L);
        assertThat(gate.controlCommands()).as("lag: notify, no kill").isEmpty();
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("PIPELINE_LAG");
    }

    @Test
    void aPriceJumpFreezesTheSymbolForThirtySecondsOfRecordTimeAndThenExpires() {
        Instant jumpAt = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        String jumped = "17179268"; // +20,000 yen = 11.7 bp, z ~ 11.7 against the 1 bp sigma floor

        gate.quote(aQuote("q-jump", jumped, jumpAt).build(), jumpAt);
        gate.quote(aQuote("q-during", RiskTestRecords.SEED_MID, jumpAt.plusSeconds(10)).build(), jumpAt.plusSeconds(10));
        gate.quote(aQuote("q-last-ms", RiskTestRecords.SEED_MID, jumpAt.plusMillis(29_999)).build(), jumpAt.plusMillis(29_999));
        gate.quote(aQuote("q-after", RiskTestRecords.SEED_MID, jumpAt.plusSeconds(30)).build(), jumpAt.plusSeconds(30));

        List<RiskDecision> decisions = gate.decisions();
        RiskDecision jump = decisions.get(0);
        assertThat(jump.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(jump.getReason()).isEqualTo(DecisionReason.PRICE_JUMP);
        assertThat(jump.getZScore().doubleValue()).isGreaterThan(5).isLessThan(12);
        assertThat(jump.getFreezeUntil()).isEqualTo(jumpAt.plusSeconds(30));
        assertThat(jump.getDetail()).startsWith("z=").contains("> risk.jump.z=5");
        assertThat(decisions.subList(1, 3)).allSatisfy(d -> {
            assertThat(d.getVerdict()).isEqualTo(Verdict.FREEZE);
            assertThat(d.getReason()).isEqualTo(DecisionReason.PRICE_JUMP);
            assertThat(d.getFreezeUntil()).as("the same freeze, not a new one").isEqualTo(jumpAt.plusSeconds(30));
        });
        assertThat(decisions.get(3).getVerdict()).as("freeze expired at record time + 30 s").isEqualTo(Verdict.PASS);
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("PRICE_JUMP");
        assertThat(gate.controlCommands()).as("a jump freezes, it does not kill").isEmpty();
    }

    @Test
    void aDuplicateQuoteIdIsRejectedWithoutKillAndNeverPassesTwice() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        gate.quote(aQuote("q-once", next).build(), next);

        gate.quote(aQuote("q-once", next.plusMillis(5)).build(), next.plusMillis(5));
        gate.quote(aQuote("q-once", next.plusMillis(9)).build(), next.plusMillis(9));

        List<RiskDecision> decisions = gate.decisions();
        assertThat(decisions).extracting(RiskDecision::getVerdict).containsExactly(Verdict.PASS, Verdict.REJECT, Verdict.REJECT);
        assertThat(decisions.get(1).getReason()).isEqualTo(DecisionReason.DUPLICATE_QUOTE);
        assertThat(decisions.get(1).getDecisionId()).isEqualTo("d-q-once-dup-0-21");
        assertThat(decisions.get(1).getDetail()).contains("first seen at offset 20");
        assertThat(gate.controlCommands()).isEmpty();
        assertThat(gate.alerts()).extracting(Alert::getKind).as("alerted once per episode").containsExactly("DUPLICATE_QUOTE");
    }

    @Test
    void aSymbolWithoutReferenceDataIsFrozenUntilItsInstrumentArrivesWithoutARestart() {
        Instant at = T0;
        gate.quote(aQuote("q-eth-1", at).setSymbol("ETHJPY").build(), at);
        gate.quote(aQuote("q-eth-2", at.plusMillis(100)).setSymbol("ETHJPY").build(), at.plusMillis(100));
        gate.instrument("ETHJPY");
        gate.quote(aQuote("q-eth-3", at.plusMillis(200)).setSymbol("ETHJPY").build(), at.plusMillis(200));

        assertThat(gate.decisions()).extracting(RiskDecision::getReason).containsExactly(DecisionReason.NO_INSTRUMENT,
                DecisionReason.NO_INSTRUMENT, DecisionReason.WARMING_UP);
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("NO_INSTRUMENT");
    }

    @Test
    void symbolsKeepSeparateStatisticsAndFreezes() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.instrument("ETHJPY");
        gate.quote(aQuote("q-eth", next).setSymbol("ETHJPY").build(), next);
        gate.decisions();

        gate.quote(aQuote("q-btc-jump", "17179268", next).build(), next);
        gate.quote(aQuote("q-eth-2", next.plusMillis(1)).setSymbol("ETHJPY").build(), next.plusMillis(1));

        assertThat(gate.decisions()).extracting(RiskDecision::getSymbol, RiskDecision::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BTCJPY", DecisionReason.PRICE_JUMP),
                org.assertj.core.groups.Tuple.tuple("ETHJPY", DecisionReason.WARMING_UP));
    }

    @Test
    void everyQuoteGetsExactlyOneDecision() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        gate.quote(aQuote("q-a", next).build(), next);
        gate.quote(theIncidentQuoteAt(next).build(), next.plusMillis(1));
        gate.quote(aQuote("q-b", next.minusSeconds(2)).build(), next.plusMillis(2));
        gate.quote(aQuote("q-c", next.plusMillis(3)).build(), next.plusMillis(3));

        assertThat(gate.decisions()).extracting(RiskDecision::getQuoteId).containsExactly("q-a", "q-incident", "q-b", "q-c");
    }

    @Test
    void withAKillRepeatIntervalASymbolsRepeatedSanityFailuresKillAtMostOncePerInterval() {
        try (RiskGateDriver bounded = new RiskGateDriver(RiskGateDriver.config(Map.of("risk.kill.repeat.ms", "1000")))) {
            bounded.quote(theIncidentQuoteAt(T0).setQuoteId("q-bad-1").build(), T0);
            bounded.quote(theIncidentQuoteAt(T0).setQuoteId("q-bad-2").build(), T0.plusMillis(999));
            bounded.quote(theIncidentQuoteAt(T0).setQuoteId("q-bad-3").build(), T0.plusMillis(1000));

            List<RiskDecision> decisions = bounded.decisions();
            assertThat(decisions).extracting(RiskDecision::getVerdict).containsOnly(Verdict.REJECT);
            assertThat(decisions.get(1).getDetail()).contains("kill sequence already sent for this symbol");
            assertThat(bounded.controlCommands()).extracting(c -> c.getId())
                    .containsExactly("kill-q-bad-1", "cancel-all-q-bad-1", "kill-q-bad-3", "cancel-all-q-bad-3");
        }
    }

    @Test
    void byDefaultEverySanityRejectSendsTheKillSequence() {
        gate.quote(theIncidentQuoteAt(T0).setQuoteId("q-bad-1").build(), T0);
        gate.quote(theIncidentQuoteAt(T0).setQuoteId("q-bad-2").build(), T0.plusMillis(1));

        assertThat(gate.controlCommands()).hasSize(4);
        assertThat(gate.alerts()).extracting(Alert::getKind).containsExactly("QUOTE_SANITY_FAIL", "QUOTE_SANITY_FAIL");
    }

    @Test
    void aStaleOrRejectedQuoteDoesNotMoveTheStatistics() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.quote(aQuote("q-stale-far", "17999999", next.minusSeconds(5)).build(), next);
        gate.quote(aQuote("q-ok", next.plusMillis(100)).build(), next.plusMillis(100));

        RiskDecision last = gate.lastDecision();
        assertThat(last.getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(last.getEma().doubleValue()).isCloseTo(17159268, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void topologyMatchesTheGoldenDescriptionAndNamesEveryNode() {
        String described = RiskGateTopology.build(gate.topics, gate.config).describe().toString();

        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_", "GLOBALKTABLE");
        GoldenTopology.assertMatches(RiskGateTopology.build(gate.topics, gate.config), "risk-gate-topology.txt");
    }
}
