package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static io.mmguard.riskgate.RiskTestRecords.aSetParam;
import static io.mmguard.riskgate.RiskTestRecords.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thresholds change at runtime through signed SET_PARAM on mm.control; anything else is refused with a WARN alert. */
class RuntimeParamsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final Duration ONE_PUNCTUATION = Duration.ofMillis(250);

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void aSignedSetParamChangesTheThresholdForTheNextDecisionAndTheDecisionRecordsTheVersion() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.quote(aQuote("q-before", next.minusMillis(900)).build(), next);
        RiskDecision before = gate.lastDecision();

        gate.control(signed(aSetParam("cmd-stale", "risk.stale.ms", "2000")));
        gate.quote(aQuote("q-after", next.plusMillis(100).minusMillis(900)).build(), next.plusMillis(100));
        RiskDecision after = gate.decision();

        assertThat(before.getReason()).isEqualTo(DecisionReason.STALE_BOOK);
        assertThat(before.getProvenance().getConfigVersion()).isEqualTo(1_000_000_000_000L);
        assertThat(after.getReason()).as("900 ms is within the new 2000 ms").isEqualTo(DecisionReason.OK);
        assertThat(after.getProvenance().getConfigVersion()).as("config.version 1, SET_PARAM at mm.control offset 0")
                .isEqualTo(1_000_000_000_001L);
        assertThat(ParamsVersion.controlOffset(after.getProvenance().getConfigVersion())).isZero();
        assertThat(ParamsVersion.fileVersion(after.getProvenance().getConfigVersion())).isEqualTo(1);
        assertThat(gate.paramsInForce().staleMs()).isEqualTo(2000);
    }

    @Test
    void aReplayedSignedCommandDoesNotSetAParameterBack() {
        ControlCommand first = signed(aSetParam("cmd-z-1", "risk.jump.z", "20"));
        gate.control(first);
        gate.control(signed(aSetParam("cmd-z-2", "risk.jump.z", "8")));

        gate.control(first); // re-published by anyone who may write mm.control: the signature is still valid

        assertThat(gate.paramsInForce().jumpZ()).as("the later command stays in force").isEqualTo(8.0);
    }

    @Test
    void aSignedJumpThresholdChangeTakesEffectWithoutARestart() {
        Instant next = gate.warmUp("BTCJPY", 20, T0);
        gate.decisions();
        gate.control(signed(aSetParam("cmd-z", "risk.jump.z", "20")));

        gate.quote(aQuote("q-jump", "17179268", next).build(), next);

        assertThat(gate.decision().getReason()).as("z ~ 11.6 is below the new threshold 20").isEqualTo(DecisionReason.OK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unsigned            | risk.jump.z          | 4     | UNSIGNED | the command is unsigned",
        "forged signature    | risk.jump.z          | 4     | FORGED   | the signature does not match",
        "signed, other key   | risk.jump.z          | 4     | OTHERKEY | the signature does not match",
        "out of range        | risk.jump.z          | 0.5   | SIGNED   | risk.jump.z=0.5 is out of range (expected 1..1000",
        "not a whole number  | risk.stale.ms        | 250.5 | SIGNED   | risk.stale.ms=250.5 is not a whole number",
        "no value            | risk.stale.ms        |       | SIGNED   | risk.stale.ms needs a value",
        "unknown risk param  | risk.jump.sigmas     | 4     | SIGNED   | unknown risk parameter risk.jump.sigmas",
        "negative freeze     | risk.jump.freeze.ms  | -1    | SIGNED   | risk.jump.freeze.ms=-1 is out of range",
    })
    void aSetParamThatCannotBeTrustedOrIsOutOfRangeIsIgnoredWithAWarnAlertNamingWhy(String name, String param, String value,
                                                                                     String signing, String why) {
        ControlCommand.Builder command = aSetParam("cmd-bad", param, value);
        gate.control(switch (signing) {
            case "UNSIGNED" -> command.setSignature(null).build();
            case "FORGED" -> command.setSignature("00".repeat(32)).build();
            case "OTHERKEY" -> {
                ControlCommand unsigned = command.setSignature(null).build();
                unsigned.setSignature(ControlSigner.withKey("someone-else").sign(unsigned));
                yield unsigned;
            }
            default -> signed(command);
        });
        RiskParams inForce = gate.paramsInForce();
        gate.advanceWallClock(ONE_PUNCTUATION);
        gate.advanceWallClock(ONE_PUNCTUATION);

        assertThat(inForce).as("nothing changed, nothing clamped").isEqualTo(gate.config.params());
        List<Alert> alerts = gate.alerts();
        assertThat(alerts).as("alerted exactly once, on the next punctuation").hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getKind()).isEqualTo("PARAM_REFUSED");
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
        assertThat(alert.getSymbol()).isNull();
        assertThat(alert.getAlertId()).isEqualTo("a-param-refused-0");
        assertThat(alert.getMessage()).startsWith("risk-gate ignored SET_PARAM " + param + "=").contains(why)
                .endsWith("the previous value stays in force");
        assertThat(alert.getDetails()).containsEntry("command_id", "cmd-bad").containsEntry("control_offset", "0");
    }

    @Test
    void aSignedSetParamOutsideItsWindowIsRefusedWithHowOldItWas() {
        ControlCommand stale = signed(aSetParam("cmd-old", "risk.jump.z", "4"));
        gate.control(stale, stale.getIssuedAt().plusSeconds(180)); // recorded 3 min after it was signed
        gate.advanceWallClock(ONE_PUNCTUATION);

        assertThat(gate.paramsInForce().jumpZ()).isEqualTo(5.0);
        assertThat(gate.alerts()).singleElement().satisfies(a -> assertThat(a.getMessage())
                .contains("3 min (180000 ms) before its mm.control record").contains("control.max.age.ms=120000"));
    }

    @Test
    void aSymbolScopedRiskParamIsRefused() {
        gate.control(signed(aSetParam("cmd-sym", "risk.jump.z", "4").setScope(Scope.SYMBOL).setSymbol("BTCJPY")));
        gate.advanceWallClock(ONE_PUNCTUATION);

        assertThat(gate.alerts()).singleElement().satisfies(a -> assertThat(a.getMessage()).contains("scope SYMBOL"));
        assertThat(gate.paramsInForce().jumpZ()).isEqualTo(5.0);
    }

    @Test
    void withoutAControlKeyEverySetParamIsRefused() {
        try (RiskGateDriver keyless = new RiskGateDriver(RiskGateDriver.config(Map.of()).withSigner(Optional.empty()))) {
            keyless.control(signed(aSetParam("cmd-z", "risk.jump.z", "4")));
            keyless.advanceWallClock(ONE_PUNCTUATION);

            assertThat(keyless.paramsInForce().jumpZ()).isEqualTo(5.0);
            assertThat(keyless.alerts()).singleElement()
                    .satisfies(a -> assertThat(a.getMessage()).contains("no MM_CONTROL_KEY is configured"));
        }
    }

    @Test
    void otherServicesParamsAndOtherCommandsAreNotTheRiskGatesBusiness() {
        gate.control(signed(aSetParam("cmd-kinv", "k_inv", "0.05")));
        gate.control(aSetParam("cmd-extra", "extra_bps", "7").build());
        gate.control(aSetParam("cmd-kill", null, null).setType(io.mmguard.schemas.ControlType.DISABLE_LIVE).build());
        gate.advanceWallClock(ONE_PUNCTUATION);

        assertThat(gate.alerts()).isEmpty();
        assertThat(gate.paramsInForce()).isEqualTo(gate.config.params());
    }

    @Test
    void aRefusalAfterAnAcceptedChangeKeepsTheAcceptedValueAndItsVersion() {
        gate.control(signed(aSetParam("cmd-ok", "risk.jump.z", "4")));
        gate.control(aSetParam("cmd-unsigned", "risk.jump.z", "3").build());
        gate.control(signed(aSetParam("cmd-range", "risk.warmup.samples", "0")));
        gate.advanceWallClock(ONE_PUNCTUATION);

        RiskParams inForce = gate.paramsInForce();
        assertThat(inForce.value(RiskParam.JUMP_Z)).isEqualByComparingTo(new BigDecimal("4"));
        assertThat(inForce.warmupSamples()).isEqualTo(20);
        assertThat(inForce.version()).isEqualTo(1_000_000_000_001L);
        assertThat(gate.alerts()).extracting(Alert::getAlertId).containsExactly("a-param-refused-1", "a-param-refused-2");
    }
}
