package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static io.mmguard.riskgate.RiskTestRecords.aSetParam;
import static io.mmguard.riskgate.RiskTestRecords.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the risk-gate's global inputs (mm.ref.instruments, mm.control) never stops its global thread: the record
 * goes to mm.dlq with an UNREADABLE_GLOBAL_RECORD alert, a bad instrument freezes only its symbol, and a bad command
 * leaves the parameters in force as they were.
 */
class GlobalPoisonTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void anUnreadableInstrumentFreezesItsSymbolOnlyAndIsQuarantined() {
        gate.instrument("ETHJPY");
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.warmUp("ETHJPY", 20, T0);
        gate.decisions();

        gate.rawInstrument("ETHJPY", GARBAGE);
        gate.quote(aQuote("q-eth", next).setSymbol("ETHJPY").build(), next);
        gate.quote(aQuote("q-btc", next).build(), next);

        var decisions = gate.decisions();
        assertThat(decisions).extracting(d -> d.getSymbol() + " " + d.getVerdict() + " " + d.getReason())
                .containsExactly("ETHJPY " + Verdict.FREEZE + " " + DecisionReason.NO_INSTRUMENT,
                        "BTCJPY " + Verdict.PASS + " " + DecisionReason.OK);
        assertThat(gate.globalQuarantine.published()).singleElement().satisfies(q -> {
            assertThat(q.deadLetter().topic()).isEqualTo(TopicNames.DLQ);
            assertThat(q.deadLetter().value()).isEqualTo(GARBAGE);
            assertThat(q.header("mm.source.topic")).isEqualTo(TopicNames.INSTRUMENTS);
            assertThat(q.header("mm.error")).contains("unreadable value for key ETHJPY", "magic byte");
            assertThat(q.alert().getKind()).isEqualTo("UNREADABLE_GLOBAL_RECORD");
            assertThat(q.alert().getSeverity()).isEqualTo(Severity.CRIT);
            assertThat(q.alert().getSymbol()).isEqualTo("ETHJPY");
            assertThat(q.alert().getMessage()).contains("ETHJPY is decided FREEZE NO_INSTRUMENT (no order)");
        });

        gate.instrument("ETHJPY");
        gate.quote(aQuote("q-eth-2", next.plusMillis(100)).setSymbol("ETHJPY").build(), next.plusMillis(100));
        assertThat(gate.decision().getVerdict()).as("a readable record brings the symbol back").isEqualTo(Verdict.PASS);
    }

    @Test
    void anUnreadableCommandKeepsTheParametersInForceAndIsQuarantined() {
        gate.control(signed(aSetParam("cmd-z", "risk.jump.z", "20")));

        gate.rawControl(GARBAGE);
        gate.control(signed(aSetParam("cmd-stale", "risk.stale.ms", "2000")));

        assertThat(gate.paramsInForce().jumpZ()).as("the command before the garbage").isEqualTo(20.0);
        assertThat(gate.paramsInForce().staleMs()).as("and the one after it").isEqualTo(2000);
        assertThat(gate.globalQuarantine.published()).singleElement().satisfies(q -> {
            assertThat(q.header("mm.source.topic")).isEqualTo(TopicNames.CONTROL);
            assertThat(q.header("mm.source.offset")).isEqualTo("1");
            assertThat(q.alert().getMessage()).contains("the risk-gate keeps its last good risk.* parameters");
        });
    }
}
