package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.cancelAll;
import static io.mmguard.router.Records.kill;
import static io.mmguard.router.Records.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.TradingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill switch: once the kill record is folded, no live order follows it, and every symbol with live orders gets a CANCEL_ALL. */
class KillSwitchTest {

    private RouterDriver router;

    @BeforeEach
    void givenARouterTradingEveryOrderLive() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
        router.instrument(aBtcJpyInstrument().setSymbol("ETHJPY").build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void afterTheKillRecordNoLiveOrderFollowsAndTheCancelAllComesFirst() {
        router.decide(pass("BTCJPY", 1).build());
        router.decide(pass("ETHJPY", 2).build());
        assertThat(router.liveOrders()).hasSize(4).extracting(OrderCommand::getAction).containsOnly(OrderAction.NEW);

        router.command(kill("k-1").build());
        router.decide(pass("BTCJPY", 3).build());
        router.decide(pass("ETHJPY", 4).build());

        List<OrderCommand> live = router.liveOrders();
        assertThat(live).extracting(OrderCommand::getAction).containsOnly(OrderAction.CANCEL_ALL);
        assertThat(live).extracting(OrderCommand::getSymbol).containsExactlyInAnyOrder("BTCJPY", "ETHJPY");
        assertThat(live).allSatisfy(cancel -> {
            assertThat(cancel.getKillSwitchOn()).isTrue();
            assertThat(cancel.getProvenance().getControlVersion()).isEqualTo(1);
            assertThat(cancel.getProvenance().getInputId()).isEqualTo("k-1");
            assertThat(cancel.getRouteReason()).contains("DISABLE_LIVE k-1 by alice@desk: bp_deviation");
        });
        List<OrderCommand> shadow = router.shadowOrders();
        assertThat(shadow).hasSize(4).allSatisfy(order -> {
            assertThat(order.getRoute()).isEqualTo(Route.SHADOW);
            assertThat(order.getKillSwitchOn()).isTrue();
            assertThat(order.getRouteReason()).startsWith("kill_switch_on");
            assertThat(order.getProvenance().getControlVersion()).isEqualTo(1);
        });
    }

    @Test
    void theKillCancelsRestingOrdersAtTheNextPunctuationWithoutWaitingForADecision() {
        router.decide(pass(1).build());
        router.liveOrders();

        router.command(kill("k-1").build());
        assertThat(router.liveOrders()).as("nothing before the task looks at the control state").isEmpty();
        router.tick();

        assertThat(router.liveOrders()).singleElement().satisfies(cancel -> {
            assertThat(cancel.getAction()).isEqualTo(OrderAction.CANCEL_ALL);
            assertThat(cancel.getSymbol()).isEqualTo("BTCJPY");
            assertThat(cancel.getOrderId()).isEqualTo("ca-BTCJPY-v1");
        });
        router.tick();
        assertThat(router.liveOrders()).as("one cancel-all per kill").isEmpty();
    }

    @Test
    void aSymbolWithoutLiveOrdersGetsNoCancelAll() {
        router.command(kill("k-1").build());
        router.tick();

        assertThat(router.liveOrders()).isEmpty();
    }

    @Test
    void theKillIsPublishedAsAHaltedStateThenNotified() {
        router.tick();
        router.states.readValuesToList();
        router.command(kill("k-1").build());
        router.tick();

        ControlState state = router.publishedState();
        assertThat(state.getVersion()).isEqualTo(1);
        assertThat(state.getTradingState()).isEqualTo(TradingState.HALTED);
        assertThat(state.getLiveEnabled()).isFalse();
        assertThat(state.getLastCommandId()).isEqualTo("k-1");
        assertThat(state.getLastActor()).isEqualTo("alice@desk");
        assertThat(state.getLastReason()).isEqualTo("bp_deviation");
        assertThat(router.alerts.readValuesToList()).extracting(Alert::getKind).containsExactly("KILL_SWITCH");
    }

    @Test
    void aCancelAllCommandCancelsEverythingButLeavesLiveTradingOn() {
        router.decide(pass(1).build());
        router.liveOrders();

        router.command(cancelAll("c-1").build());
        router.decide(pass(2).build());

        List<OrderCommand> live = router.liveOrders();
        assertThat(live).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL_ALL, OrderAction.NEW, OrderAction.NEW);
    }

    @Test
    void aSymbolKillCancelsOnlyThatSymbol() {
        router.decide(pass("BTCJPY", 1).build());
        router.decide(pass("ETHJPY", 2).build());
        router.liveOrders();

        router.command(kill("k-eth").setScope(Scope.SYMBOL).setSymbol("ETHJPY").build());
        router.tick();

        assertThat(router.liveOrders()).singleElement().satisfies(cancel -> {
            assertThat(cancel.getAction()).isEqualTo(OrderAction.CANCEL_ALL);
            assertThat(cancel.getSymbol()).isEqualTo("ETHJPY");
        });
        router.decide(pass("BTCJPY", 3).build());
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction)
                .containsExactly(OrderAction.CANCEL, OrderAction.CANCEL, OrderAction.NEW, OrderAction.NEW);
    }

    @Test
    void theBreakGlassFileBecomesAKillRecordAndThenKills(@TempDir Path switches) throws Exception {
        router.close();
        router = new RouterDriver(RouterDriver.defaults().startingLive(java.math.BigDecimal.ONE).withSwitchDir(switches));
        router.instrument(aBtcJpyInstrument().build());
        router.decide(pass(1).build());
        router.liveOrders();

        Files.writeString(switches.resolve("disable_live"), "exchange API keys leaked\n");
        router.tick();

        List<TestRecord<String, ControlCommand>> written = router.commandsWritten.readRecordsToList();
        assertThat(written).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("*");
            assertThat(record.value().getType()).isEqualTo(ControlType.DISABLE_LIVE);
            assertThat(record.value().getActor()).isEqualTo("break-glass");
            assertThat(record.value().getReason()).contains("disable_live present: exchange API keys leaked");
            assertThat(record.value().getSignature()).isNull();
        });
        router.tick();
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL_ALL);
        router.decide(pass(2).build());
        assertThat(router.liveOrders()).isEmpty();
        router.tick();
        assertThat(router.commandsWritten.readRecordsToList()).as("written once per live state, not on every check").isEmpty();
    }
}
