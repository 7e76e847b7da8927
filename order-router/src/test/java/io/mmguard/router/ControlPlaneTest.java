package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.command;
import static io.mmguard.router.Records.enable;
import static io.mmguard.router.Records.fraction;
import static io.mmguard.router.Records.kill;
import static io.mmguard.router.Records.param;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Folding mm.control into the state the router enforces: who may raise risk, what is refused, what is published. */
class ControlPlaneTest {

    private RouterDriver router = new RouterDriver(RouterDriver.defaults().withSigningKey(Records.KEY));

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void theRouterStartsKilledAndPublishesThatInitialState() {
        router.tick();

        ControlState initial = router.publishedState();
        assertThat(initial.getVersion()).isZero();
        assertThat(initial.getLiveEnabled()).isFalse();
        assertThat(initial.getTradingState()).isEqualTo(TradingState.HALTED);
        assertThat(initial.getLastReason()).contains("canary.mode=0");
    }

    @Test
    void canaryModeOneStartsLiveAtTheConfiguredFraction() {
        router.close();
        router = RouterDriver.liveAt("0.01", Records.KEY);
        router.tick();

        ControlState initial = router.publishedState();
        assertThat(initial.getLiveEnabled()).isTrue();
        assertThat(initial.getTradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(initial.getFraction()).isEqualByComparingTo("0.01");
    }

    @Test
    void anUnsignedEnableIsRefusedWithAnAlertAndTheStateIsUnchanged() {
        router.command(enable("e-1").build());
        router.tick();

        assertThat(router.publishedState().getVersion()).as("only the initial state").isZero();
        Alert alert = refusal();
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
        assertThat(alert.getMessage()).contains("ENABLE_LIVE e-1 by alice@desk", "not signed", "state unchanged");
        assertThat(alert.getDetails()).containsEntry("command_id", "e-1").containsEntry("signed", "false");
        assertLiveStaysOff();
    }

    @Test
    void aForgedEnableIsRefusedAsCritical() {
        ControlCommand forged = enable("e-1").build();
        forged.setSignature(ControlSigner.withKey("not-the-key").sign(forged));
        router.command(forged);
        router.tick();

        assertThat(refusal().getSeverity()).isEqualTo(Severity.CRIT);
        assertThat(router.publishedState().getLiveEnabled()).isFalse();
    }

    @Test
    void aSignedCommandAlteredAfterSigningIsRefused() {
        ControlCommand altered = signed(fraction("f-1", "0.01"));
        altered.setValue(new BigDecimal("1"));
        router.command(altered);
        router.tick();

        assertThat(refusal().getMessage()).contains("SET_FRACTION 1", "does not verify");
    }

    @Test
    void aSignedEnableTurnsLiveTradingOnAndIsPublished() {
        router.command(signed(fraction("f-1", "1")));
        router.command(signed(enable("e-1")));
        router.tick();

        List<ControlState> published = router.states.readValuesToList();
        assertThat(published).extracting(ControlState::getVersion).containsExactly(0L, 1L, 2L);
        ControlState now = published.get(2);
        assertThat(now.getLiveEnabled()).isTrue();
        assertThat(now.getTradingState()).isEqualTo(TradingState.ACTIVE);
        assertThat(now.getLastCommandType()).isEqualTo(ControlType.ENABLE_LIVE);
        router.instrument(aBtcJpyInstrument().build());
        router.decide(pass(1).build());
        assertThat(router.liveOrders()).hasSize(2);
    }

    @Test
    void withoutASigningKeyTheRouterRefusesEveryRaiseButStillAcceptsAKill() {
        router.close();
        router = new RouterDriver(RouterDriver.defaults().startingLive(BigDecimal.ONE));
        router.command(signed(enable("e-1")));
        router.command(kill("k-1").build());
        router.tick();

        assertThat(refusal().getMessage()).contains("no MM_CONTROL_KEY");
        assertThat(router.publishedState().getLastCommandId()).isEqualTo("k-1");
    }

    @Test
    void aLowerFractionNeedsNoSignatureButAHigherOneDoes() {
        router.close();
        router = RouterDriver.liveAt("0.05", Records.KEY);
        router.command(fraction("f-down", "0.01").build());
        router.command(fraction("f-up", "0.1").build());
        router.tick();

        assertThat(router.publishedState().getFraction()).isEqualByComparingTo("0.01");
        assertThat(refusal().getMessage()).contains("SET_FRACTION 0.1", "not signed");
    }

    @Test
    void fractionFiveIsRefusedNotClampedAndTheMessageSaysThat005IsFivePercent() {
        router.command(signed(fraction("f-5", "5")));
        router.tick();

        assertThat(router.publishedState().getFraction()).isEqualByComparingTo("0");
        assertThat(refusal().getMessage()).contains("fraction 5 is out of range [0, 1]", "0.05 is 5%", "not clamped");
    }

    @Test
    void aReplayedCommandIdHasNoSecondEffect() {
        router.command(signed(enable("e-1")));
        router.command(kill("k-1").build());
        router.command(signed(enable("e-1")));
        router.tick();

        List<ControlState> published = router.states.readValuesToList();
        assertThat(published).extracting(ControlState::getLastCommandId).containsExactly(null, "e-1", "k-1");
        assertThat(published.get(2).getLiveEnabled()).isFalse();
        assertThat(router.alerts.readValuesToList()).filteredOn(alert -> alert.getKind().equals("CONTROL_REFUSED"))
                .singleElement().satisfies(alert -> assertThat(alert.getMessage()).contains("already applied"));
    }

    @Test
    void anUnknownCommandTypeIsRefused() {
        router.command(signed(command("x-1", ControlType.UNKNOWN)));
        router.tick();

        assertThat(refusal().getMessage()).contains("unknown command type");
        assertThat(router.publishedState().getVersion()).isZero();
    }

    @Test
    void anUnreadableControlRecordKillsFailClosed() {
        router.command(signed(fraction("f-1", "1")));
        router.command(signed(enable("e-1")));
        router.rawControl.pipeInput("*", "not a control command".getBytes(StandardCharsets.UTF_8));
        router.tick();

        ControlState state = router.publishedState();
        assertThat(state.getLiveEnabled()).isFalse();
        assertThat(state.getLastReason()).startsWith("unreadable control record at mm.control offset 2");
        assertLiveStaysOff();
        // and the bytes are quarantined with an alert, from the global thread, which keeps folding
        assertThat(router.globalQuarantine.published()).singleElement().satisfies(q -> {
            assertThat(q.deadLetter().value()).asString(StandardCharsets.UTF_8).isEqualTo("not a control command");
            assertThat(q.header("mm.source.topic")).isEqualTo("mm.control");
            assertThat(q.header("mm.source.offset")).isEqualTo("2");
            assertThat(q.header("mm.error")).contains("unreadable control record", "magic byte");
            assertThat(q.alert().getKind()).isEqualTo("UNREADABLE_GLOBAL_RECORD");
            assertThat(q.alert().getMessage()).contains("mm.control-0@2", "live trading is off (fail closed) until a signed ENABLE_LIVE");
        });
        router.command(signed(enable("e-2")));
        router.tick();
        assertThat(router.publishedState().getLiveEnabled()).as("a signed ENABLE_LIVE after the garbage is folded").isTrue();
    }

    @Test
    void setParamNeedsASignatureExceptReduceOnlyWhichLowersRisk() {
        router.command(param("p-1", "k_inv", "0.05").build());
        router.command(param("p-2", "reduce_only", "1").build());
        router.command(signed(param("p-3", "extra_bps", "6")));
        router.tick();

        ControlState state = router.publishedState();
        assertThat(state.getParams()).containsEntry("reduce_only", "1").containsEntry("extra_bps", "6").doesNotContainKey("k_inv");
        assertThat(refusal().getMessage()).contains("SET_PARAM k_inv 0.05", "not signed");
    }

    @Test
    void reduceOnlyPutsALiveRouterInReducingState() {
        router.command(signed(enable("e-1")));
        router.command(param("p-1", "reduce_only", "1").build());
        router.tick();

        assertThat(router.publishedState().getTradingState()).isEqualTo(TradingState.REDUCING);
    }

    @Test
    void anOutOfRangeParameterIsRefused() {
        // 0.8 was accepted here (range 0..1) while the quoter applied only up to 0.5: one registry now says 0.5 for both
        router.command(signed(param("p-1", "k_inv", "0.8")));
        router.tick();

        assertThat(refusal().getMessage()).contains("k_inv 0.8 is out of range [0, 0.5]");
    }

    private Alert refusal() {
        List<Alert> refusals = router.alerts.readValuesToList().stream().filter(a -> a.getKind().equals("CONTROL_REFUSED")).toList();
        assertThat(refusals).hasSize(1);
        return refusals.get(0);
    }

    private void assertLiveStaysOff() {
        router.instrument(aBtcJpyInstrument().build());
        router.decide(pass(1).build());
        assertThat(router.liveOrders()).isEmpty();
        assertThat(router.shadowOrders()).extracting(OrderCommand::getRoute).containsOnly(Route.SHADOW);
    }
}
