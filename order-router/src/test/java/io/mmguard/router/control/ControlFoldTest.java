package io.mmguard.router.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fold as a pure function: (state, halts, command, key) -> outcome. */
class ControlFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final ControlSigner SIGNER = ControlSigner.withKey("k");

    private final ControlFold fold = new ControlFold(Optional.of(SIGNER));
    private final ControlState live = ControlFold.initial(true, new BigDecimal("0.05"));

    @Test
    void aKillThatNamesNoSymbolForAScopedKillIsReadInItsBroadestSense() {
        ControlCommand malformed = command("k-1", ControlType.DISABLE_LIVE).setScope(Scope.SYMBOL).setSymbol(null).build();

        ControlFold.Accepted accepted = (ControlFold.Accepted) fold.apply(live, Map.of(), malformed, false, T0.toEpochMilli());

        assertThat(accepted.state().getLiveEnabled()).isFalse();
        assertThat(accepted.state().getTradingState()).isEqualTo(TradingState.HALTED);
        assertThat(accepted.state().getVersion()).isEqualTo(1);
    }

    @Test
    void aTimedSymbolHaltLastsFromIssueAndExpiresAtTheNextFoldAfterIt() {
        ControlCommand halt = command("h-1", ControlType.DISABLE_LIVE).setScope(Scope.SYMBOL).setSymbol("BTCJPY")
                .setValue(new BigDecimal("60")).build();
        ControlFold.Accepted halted = (ControlFold.Accepted) fold.apply(live, Map.of(), halt, false, T0.toEpochMilli());
        assertThat(halted.halts()).containsEntry("BTCJPY", T0.plusSeconds(60).toEpochMilli());
        assertThat(halted.state().getHaltedSymbols().get("BTCJPY")).contains("until 2026-11-25T00:01:00Z");
        assertThat(halted.state().getLiveEnabled()).as("a symbol halt is not a kill").isTrue();

        ControlCommand later = command("c-1", ControlType.CANCEL_ALL).build();
        ControlFold.Accepted after = (ControlFold.Accepted) fold.apply(halted.state(), halted.halts(), later, false,
                T0.plusSeconds(61).toEpochMilli());

        assertThat(after.halts()).isEmpty();
        assertThat(after.state().getHaltedSymbols()).isEmpty();
    }

    @Test
    void aSignedSymbolEnableLiftsTheHalt() {
        ControlCommand halt = command("h-1", ControlType.DISABLE_LIVE).setScope(Scope.SYMBOL).setSymbol("BTCJPY").build();
        ControlFold.Accepted halted = (ControlFold.Accepted) fold.apply(live, Map.of(), halt, false, T0.toEpochMilli());
        assertThat(halted.halts()).containsEntry("BTCJPY", Long.MAX_VALUE);

        ControlCommand enable = signed(command("e-1", ControlType.ENABLE_LIVE).setScope(Scope.SYMBOL).setSymbol("BTCJPY"));
        ControlFold.Accepted lifted = (ControlFold.Accepted) fold.apply(halted.state(), halted.halts(), enable, false, T0.toEpochMilli());

        assertThat(lifted.halts()).isEmpty();
        assertThat(lifted.state().getHaltedSymbols()).isEmpty();
    }

    @Test
    void anEqualFractionIsNotARaiseAndNeedsNoSignature() {
        ControlCommand same = command("f-1", ControlType.SET_FRACTION).setValue(new BigDecimal("0.050")).build();

        assertThat(fold.apply(live, Map.of(), same, false, T0.toEpochMilli())).isInstanceOf(ControlFold.Accepted.class);
    }

    @Test
    void aReplayIsADuplicateAndOnlyARaiseReplayIsWorthAnAlert() {
        assertThat(fold.apply(live, Map.of(), command("k-1", ControlType.DISABLE_LIVE).build(), true, 0))
                .isEqualTo(new ControlFold.Duplicate(false));
        assertThat(fold.apply(live, Map.of(), signed(command("e-1", ControlType.ENABLE_LIVE)), true, 0))
                .isEqualTo(new ControlFold.Duplicate(true));
    }

    @Test
    void anotherServicesParameterIsAcceptedWhenSignedAndKeptInTheState() {
        ControlCommand param = signed(command("p-1", ControlType.SET_PARAM).setParam("risk.max.bp").setValue(new BigDecimal("50")));

        ControlFold.Accepted accepted = (ControlFold.Accepted) fold.apply(live, Map.of(), param, false, T0.toEpochMilli());

        assertThat(accepted.state().getParams()).containsEntry("risk.max.bp", "50");
    }

    @Test
    void aForgedSignatureIsCritical() {
        ControlCommand forged = command("e-1", ControlType.ENABLE_LIVE).build();
        forged.setSignature(ControlSigner.withKey("other").sign(forged));

        assertThat(fold.apply(live, Map.of(), forged, false, 0)).isInstanceOfSatisfying(ControlFold.Refused.class,
                refused -> assertThat(refused.severity()).isEqualTo(Severity.CRIT));
    }

    @Test
    void aSignedRaiseOutsideItsWindowIsRefusedWithHowOldItWasAndAKillStillCountsWhateverItsAge() {
        ControlState killed = ControlFold.initial(false, new BigDecimal("0.05"));
        ControlCommand enable = signed(command("e-old", ControlType.ENABLE_LIVE));
        long threeMinutesLater = T0.plusSeconds(180).toEpochMilli();

        assertThat(fold.apply(killed, Map.of(), enable, false, threeMinutesLater)).isInstanceOfSatisfying(
                ControlFold.Refused.class, refused -> {
                    assertThat(refused.severity()).isEqualTo(Severity.WARN);
                    assertThat(refused.why()).startsWith("ENABLE_LIVE is signed but refused: it was issued at 2026-11-25T00:00:00Z,"
                            + " 3 min (180000 ms) before its mm.control record").endsWith("; state unchanged");
                });
        assertThat(fold.apply(killed, Map.of(), enable, false, T0.plusSeconds(60).toEpochMilli()))
                .as("inside the default 120 s window").isInstanceOf(ControlFold.Accepted.class);
        assertThat(fold.apply(live, Map.of(), command("k-old", ControlType.DISABLE_LIVE).build(), false, threeMinutesLater))
                .as("lowering risk needs no signature and has no window").isInstanceOf(ControlFold.Accepted.class);
    }

    @Test
    void aSignedRaiseDatedAheadOfItsRecordIsRefused() {
        ControlCommand raise = signed(command("f-future", ControlType.SET_FRACTION).setValue(new BigDecimal("0.10")));

        assertThat(fold.apply(live, Map.of(), raise, false, T0.minusSeconds(3_600).toEpochMilli())).isInstanceOfSatisfying(
                ControlFold.Refused.class, refused -> assertThat(refused.why()).contains("SET_FRACTION 0.1 is signed but refused")
                        .contains("60 min (3600000 ms) after its mm.control record"));
    }

    private static ControlCommand.Builder command(String id, ControlType type) {
        return ControlCommand.newBuilder().setId(id).setType(type).setScope(Scope.GLOBAL).setReason("test").setActor("alice")
                .setIssuedAt(T0);
    }

    private static ControlCommand signed(ControlCommand.Builder builder) {
        ControlCommand command = builder.build();
        command.setSignature(SIGNER.sign(command));
        return command;
    }
}
