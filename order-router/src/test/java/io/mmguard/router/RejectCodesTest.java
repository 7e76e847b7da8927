package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.reject;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's reject-code table: stop (a command on mm.control), then notify (an alert), each time. */
class RejectCodesTest {

    private RouterDriver router;

    @BeforeEach
    void givenALiveRouterWithRestingOrders() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
        router.decide(pass(1).build());
        router.liveOrders();
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void invalidSignatureRollsBackAtOnceFractionZeroThenKill() {
        router.report(reject("r-1", "o-d-1-B", -1022, 2).build());

        List<ControlCommand> written = router.commandsWritten.readValuesToList();
        assertThat(written).extracting(ControlCommand::getType).containsExactly(ControlType.SET_FRACTION, ControlType.DISABLE_LIVE);
        assertThat(written.get(0).getValue()).isEqualByComparingTo("0");
        ControlCommand kill = written.get(1);
        assertThat(kill.getScope()).isEqualTo(Scope.GLOBAL);
        assertThat(kill.getId()).isEqualTo("auto-kill-1022-r-1");
        assertThat(kill.getActor()).isEqualTo("order-router");
        assertThat(kill.getSignature()).isNull();
        assertThat(alert("ORDER_REJECT")).satisfies(alert -> {
            assertThat(alert.getSeverity()).isEqualTo(Severity.CRIT);
            assertThat(alert.getMessage()).startsWith("ORDER REJECT pair=BTCJPY side=BUY q=0.001 px=17154978 code=-1022");
        });
        router.decide(pass(3).build());
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL_ALL);
        assertThat(router.shadowOrders()).hasSize(2);
    }

    @Test
    void serviceShuttingDownDemotesToFractionZero() {
        router.report(reject("r-1", "o-d-1-B", -1016, 2).build());

        assertThat(router.commandsWritten.readValuesToList()).singleElement().satisfies(command -> {
            assertThat(command.getType()).isEqualTo(ControlType.SET_FRACTION);
            assertThat(command.getValue()).isEqualByComparingTo("0");
        });
        router.decide(pass(3).build());
        assertThat(router.liveOrders()).as("the rejected bid never rested; the ask is cancelled").singleElement()
                .satisfies(cancel -> assertThat(cancel.getOrderId()).isEqualTo("x-o-d-1-S"));
        assertThat(router.shadowOrders()).extracting(OrderCommand::getRoute).containsOnly(Route.SHADOW);
        router.tick();
        assertThat(router.publishedState().getFraction()).isEqualByComparingTo("0");
    }

    @Test
    void aFilterFailureHaltsNewOrdersForThatSymbolSixtySecondsOfRecordTime() {
        router.report(reject("r-1", "o-d-1-B", -1013, 2).setRejectReason("Filter failure: LOT_SIZE").build());

        assertThat(router.commandsWritten.readValuesToList()).singleElement().satisfies(halt -> {
            assertThat(halt.getType()).isEqualTo(ControlType.DISABLE_LIVE);
            assertThat(halt.getScope()).isEqualTo(Scope.SYMBOL);
            assertThat(halt.getSymbol()).isEqualTo("BTCJPY");
            assertThat(halt.getValue()).isEqualByComparingTo("60");
        });
        router.decide(pass(60_001).build());
        assertThat(router.denied.readValuesToList()).hasSize(2).extracting(OrderDenial::getReason)
                .containsOnly(OrderDenialReason.SYMBOL_HALTED);
        router.tick();
        ControlState state = router.publishedState();
        assertThat(state.getHaltedSymbols()).containsKey("BTCJPY");
        assertThat(state.getHaltedSymbols().get("BTCJPY")).contains("Filter failure: LOT_SIZE", "until 2026-11-25T00:01:00.002Z");
        assertThat(state.getLiveEnabled()).isTrue();

        router.decide(pass(60_002).build());
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).endsWith(OrderAction.NEW, OrderAction.NEW);
    }

    @Test
    void cancelRejectedUnknownOrderReconcilesTheOrderAsGone() {
        router.decide(Records.freeze(2).build());
        router.liveOrders();

        // the venue reports a rejected cancel under the cancel's own id (x-<order id>), as the paper exchange does
        router.report(report("r-1", "x-o-d-1-B", ExecType.CANCEL_REJECT, 3).setRejectCode(-2011).setRejectReason("Unknown order sent.").build());
        router.report(report("r-2", "x-o-d-1-S", ExecType.CANCEL_REJECT, 4).setRejectCode(-2011).build());
        router.report(report("r-3", "x-o-d-1-B", ExecType.CANCEL_REJECT, 5).setRejectCode(-2011).build());

        assertThat(router.commandsWritten.readValuesToList()).as("a race, not an incident: no command").isEmpty();
        assertThat(alert("ORDER_REJECT").getSeverity()).isEqualTo(Severity.INFO);
        router.command(Records.kill("k-1").build());
        router.tick();
        assertThat(router.liveOrders()).as("nothing rests any more").isEmpty();
    }

    @Test
    void threeConsecutiveRejectsKill() {
        router.report(reject("r-1", "o-a", -2010, 2).build());
        router.report(reject("r-2", "o-b", -2010, 3).build());
        assertThat(router.commandsWritten.readValuesToList()).isEmpty();
        router.report(reject("r-3", "o-c", -2010, 4).build());

        assertThat(router.commandsWritten.readValuesToList()).extracting(ControlCommand::getId)
                .containsExactly("auto-demote-rejects-r-3", "auto-kill-rejects-r-3");
        assertThat(router.alerts.readValuesToList()).filteredOn(a -> a.getKind().equals("CONSECUTIVE_REJECTS")).singleElement()
                .satisfies(alert -> assertThat(alert.getMessage()).startsWith("KILL SWITCH – 3 consecutive rejects for BTCJPY"));
    }

    @Test
    void anAckBetweenRejectsResetsTheCount() {
        router.report(reject("r-1", "o-a", -2010, 2).build());
        router.report(reject("r-2", "o-b", -2010, 3).build());
        router.report(report("r-3", "o-d-1-B", ExecType.ACK, 4).build());
        router.report(reject("r-4", "o-c", -2010, 5).build());

        assertThat(router.commandsWritten.readValuesToList()).isEmpty();
    }

    @Test
    void aReplayedReportHasNoSecondEffect() {
        router.report(reject("r-1", "o-d-1-B", -1016, 2).build());
        router.report(reject("r-1", "o-d-1-B", -1016, 2).build());
        router.tick();

        assertThat(router.commandsWritten.readValuesToList()).extracting(ControlCommand::getId)
                .containsExactly("auto-demote-1016-r-1", "auto-demote-1016-r-1");
        assertThat(router.states.readValuesToList()).extracting(ControlState::getVersion).containsExactly(0L, 1L);
    }

    private Alert alert(String kind) {
        List<Alert> alerts = router.alerts.readValuesToList().stream().filter(a -> a.getKind().equals(kind)).toList();
        assertThat(alerts).isNotEmpty();
        return alerts.get(0);
    }
}
