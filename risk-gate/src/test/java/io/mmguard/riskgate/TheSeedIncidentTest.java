package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.theIncidentQuoteAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The seed's incident: {@code Bid ¥17,152,327 / Ask ¥25,738,901} with 5 bp configured (mid
 * 17,159,268, ask at mid x 1.5). The risk-gate must stop, then notify: REJECT, DISABLE_LIVE,
 * CANCEL_ALL, the CRIT alert, then the [QUOTE_SANITY_FAIL] and [KILL_SWITCH] log lines — and never
 * a PASS for that quote.
 */
class TheSeedIncidentTest {

    private static final Instant AT = Instant.parse("2026-11-25T00:00:05Z");

    @Test
    void theIncidentQuoteIsRejectedThenLiveIsDisabledThenOrdersCancelledThenAnAlertThenTheLogsInThatOrder() {
        ProcessorHarness harness = new ProcessorHarness(RiskGateDriver.config(Map.of()));
        List<String> logOrder = new ArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logOrder.add("log after " + harness.forwarded().size() + " forwards: " + event.getFormattedMessage());
            }
        };
        Logger logger = (Logger) LoggerFactory.getLogger(RiskGateProcessor.class);
        appender.start();
        logger.addAppender(appender);
        try {
            harness.process(TopicNames.QUOTES, "BTCJPY", theIncidentQuoteAt(AT).build(), AT.toEpochMilli());
        } finally {
            logger.detachAppender(appender);
        }

        var forwarded = harness.forwarded();
        assertThat(forwarded).extracting(f -> f.childName().orElseThrow(), f -> typeOf(f.record().value())).containsExactly(
                tuple("decisions-sink", "REJECT IMPLIED_BP_TOO_WIDE"),
                tuple("control-sink", "DISABLE_LIVE"),
                tuple("control-sink", "CANCEL_ALL"),
                tuple("alerts-sink", "CRIT QUOTE_SANITY_FAIL"));
        assertThat(forwarded).allSatisfy(f -> assertThat(f.record().timestamp()).isEqualTo(AT.toEpochMilli()));
        assertThat(logOrder).hasSize(2);
        assertThat(logOrder.get(0)).startsWith("log after 4 forwards: [QUOTE_SANITY_FAIL] implied_bp=");
        assertThat(logOrder.get(1)).startsWith("log after 4 forwards: [KILL_SWITCH] disabled live trading – reason=sanity_fail:"
                + " [QUOTE_SANITY_FAIL] implied_bp=");
    }

    @Test
    void theKillCommandsAreGlobalUnsignedDeterministicAndNameTheSymbolQuoteAndRule() {
        ProcessorHarness harness = new ProcessorHarness(RiskGateDriver.config(Map.of()));
        harness.process(TopicNames.QUOTES, "BTCJPY", theIncidentQuoteAt(AT).build(), AT.toEpochMilli());

        List<ControlCommand> commands = harness.context.forwarded("control-sink").stream()
                .map(f -> (ControlCommand) f.record().value()).toList();
        assertThat(harness.context.forwarded("control-sink")).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("*"));
        assertThat(commands).extracting(ControlCommand::getId, ControlCommand::getType).containsExactly(
                tuple("kill-q-incident", ControlType.DISABLE_LIVE), tuple("cancel-all-q-incident", ControlType.CANCEL_ALL));
        assertThat(commands).allSatisfy(command -> {
            assertThat(command.getScope()).isEqualTo(Scope.GLOBAL);
            assertThat(command.getActor()).isEqualTo("risk-gate");
            assertThat(command.getSignature()).as("lowering risk needs no signature").isNull();
            assertThat(command.getIssuedAt()).as("record time, not the wall clock").isEqualTo(AT);
            assertThat(command.getReason()).startsWith("sanity_fail: [QUOTE_SANITY_FAIL] implied_bp=")
                    .contains("symbol=BTCJPY", "quote=q-incident", "rule=IMPLIED_BP_TOO_WIDE");
            assertThat(command.getProvenance().getInputId()).isEqualTo("q-incident");
        });
    }

    @Test
    void onTheTopicsTheIncidentGivesOneRejectTwoCommandsInOrderAndOneCritAlertAndNoPass() {
        try (RiskGateDriver gate = new RiskGateDriver()) {
            gate.quote(theIncidentQuoteAt(AT).build(), AT);

            List<RiskDecision> decisions = gate.decisions();
            assertThat(decisions).hasSize(1);
            RiskDecision decision = decisions.get(0);
            assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
            assertThat(decision.getReason()).isEqualTo(DecisionReason.IMPLIED_BP_TOO_WIDE);
            assertThat(decision.getMid()).isEqualByComparingTo("17159268");
            assertThat(decision.getBid()).isEqualByComparingTo("17152327");
            assertThat(decision.getAsk()).isEqualByComparingTo("25738901");
            assertThat(decision.getImpliedBp()).isEqualByComparingTo("5004.044461570272");
            assertThat(gate.controlCommands()).extracting(ControlCommand::getType)
                    .containsExactly(ControlType.DISABLE_LIVE, ControlType.CANCEL_ALL);
            List<Alert> alerts = gate.alerts();
            assertThat(alerts).extracting(Alert::getSeverity, Alert::getKind)
                    .containsExactly(tuple(Severity.CRIT, "QUOTE_SANITY_FAIL"));
            assertThat(alerts.get(0).getMessage()).startsWith("KILL SWITCH – sanity_fail: [QUOTE_SANITY_FAIL]");
            assertThat(alerts.get(0).getDetails()).containsEntry("decision_id", "d-q-incident");
        }
    }

    @Test
    void theKillSwitchLogLineIsAnErrorWithTheSeedsWording() {
        ProcessorHarness harness = new ProcessorHarness(RiskGateDriver.config(Map.of()));
        List<ILoggingEvent> events = new ArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                events.add(event);
            }
        };
        Logger logger = (Logger) LoggerFactory.getLogger(RiskGateProcessor.class);
        appender.start();
        logger.addAppender(appender);
        try {
            harness.process(TopicNames.QUOTES, "BTCJPY", theIncidentQuoteAt(AT).build(), AT.toEpochMilli());
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(events).extracting(ILoggingEvent::getLevel).containsOnly(Level.ERROR);
        assertThat(events.get(1).getMessage()).isEqualTo("[KILL_SWITCH] disabled live trading – reason={}");
    }

    private static String typeOf(SpecificRecord value) {
        if (value instanceof RiskDecision decision) {
            return decision.getVerdict() + " " + decision.getReason();
        }
        if (value instanceof ControlCommand command) {
            return command.getType().name();
        }
        if (value instanceof Alert alert) {
            return alert.getSeverity() + " " + alert.getKind();
        }
        return value.getClass().getSimpleName();
    }
}
