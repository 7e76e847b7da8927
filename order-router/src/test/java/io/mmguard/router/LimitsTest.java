package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.fill;
import static io.mmguard.router.Records.param;
import static io.mmguard.router.Records.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's limits: MAX_OPEN_NOTIONAL_JPY per live order, MAX_DAILY_LOSS_JPY on the portfolio's daily PnL; REDUCING. */
class LimitsTest {

    private RouterDriver router;

    @BeforeEach
    void givenALiveRouterWithTheSeedsLimits() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
        router.instrument(aBtcJpyInstrument().setSymbol("ETHJPY").build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void noLiveOrderTakesOpenNotionalPastTheLimitButAReducingOneStillGoes() {
        router.report(fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 1).build());

        router.decide(pass(2).build());

        List<OrderDenial> denied = router.denied.readValuesToList();
        assertThat(denied).singleElement().satisfies(denial -> {
            assertThat(denial.getReason()).isEqualTo(OrderDenialReason.MAX_OPEN_NOTIONAL);
            assertThat(denial.getSide()).isEqualTo(Side.BUY);
            assertThat(denial.getDetail()).contains("position 0.006 x 17154978 = 102929.868 JPY open notional > limit 100000");
        });
        assertThat(router.liveOrders()).singleElement().satisfies(order -> {
            assertThat(order.getSide()).isEqualTo(Side.SELL);
            assertThat(order.getRouteReason()).contains("worst-case open notional 68654.232 <= 100000");
        });
    }

    @Test
    void theSameSideOrderBeingReplacedCountsTowardTheCapWhichAlertsOncePerEpisode() {
        router.report(fill("r-1", "o-external", Side.BUY, "0.004", "17154978", 1).build());
        router.decide(pass(2).build()); // BUY 0.001: position 0.005 x 17154978 = 85,774.89 <= 100,000: live
        assertThat(router.liveOrders()).extracting(OrderCommand::getSide).containsExactly(Side.BUY, Side.SELL);

        // the next decision replaces that bid: its cancel is in flight, so it may still fill (0.004 + 0.001 + 0.001)
        router.decide(pass(3).build());

        assertThat(router.denied.readValuesToList()).singleElement().satisfies(denial -> {
            assertThat(denial.getReason()).isEqualTo(OrderDenialReason.MAX_OPEN_NOTIONAL);
            assertThat(denial.getDetail()).contains("BUY 0.001 (with 0.001 BUY still open) would take BTCJPY to position 0.006 x"
                    + " 17154978 = 102929.868 JPY open notional > limit 100000; only the reducing side goes live");
        });
        assertThat(router.alerts.readValuesToList()).filteredOn(a -> a.getKind().startsWith("INVENTORY_CAP")).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getKind()).isEqualTo("INVENTORY_CAP");
                    assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
                    assertThat(alert.getDetails()).containsEntry("capped_side", "BUY").containsEntry("limit_jpy", "100000");
                    assertThat(alert.getMessage()).contains("live orders on the SELL side only");
                });
        router.liveOrders();

        // the next decision replaces no bid (the last one was denied): the bid goes live again and the episode ends
        router.decide(pass(4).build());
        assertThat(router.liveOrders()).filteredOn(o -> o.getAction() == io.mmguard.schemas.OrderAction.NEW)
                .extracting(OrderCommand::getSide).contains(Side.BUY);
        assertThat(router.alerts.readValuesToList()).filteredOn(a -> a.getKind().startsWith("INVENTORY_CAP")).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getKind()).isEqualTo("INVENTORY_CAP_CLEARED");
                    assertThat(alert.getSeverity()).isEqualTo(Severity.INFO);
                });
    }

    @Test
    void aFillReportDeliveredTwiceMovesThePositionOnceAndIsAlerted() {
        router.report(fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 1).build());
        router.report(fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 2).build());

        router.decide(pass(3).build());

        assertThat(router.denied.readValuesToList()).singleElement().satisfies(denial -> assertThat(denial.getDetail())
                .as("the position is 0.005, not 0.010").contains("position 0.006 x 17154978"));
        assertThat(router.alerts.readValuesToList()).filteredOn(a -> a.getKind().equals("DUPLICATE_FILL")).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
                    assertThat(alert.getMessage()).contains("fill r-1 of order o-external (BTCJPY) was already applied");
                });
    }

    @Test
    void everyFillAppliedPublishesTheSymbolsNextPositionVersionOnMmPositions() {
        router.report(fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 1).build());
        router.report(fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 2).build()); // redelivered: no new version
        router.report(fill("r-2", "o-external", Side.SELL, "0.002", "17163558", 3).build());

        List<io.mmguard.schemas.Position> published = router.positions.readValuesToList();
        assertThat(published).extracting(io.mmguard.schemas.Position::getVersion).containsExactly(1L, 2L);
        io.mmguard.schemas.Position last = published.get(1);
        assertThat(last.getSymbol()).isEqualTo("BTCJPY");
        assertThat(last.getNetQty()).isEqualByComparingTo("0.003");
        assertThat(last.getMark()).as("the first fill's price until a decision marks it").isEqualByComparingTo("17154978");
        assertThat(last.getNetNotionalJpy()).isEqualByComparingTo(new BigDecimal("0.003").multiply(new BigDecimal("17154978")));
        assertThat(last.getCashJpy()).isEqualByComparingTo(new BigDecimal("-85774.890").add(new BigDecimal("34327.116")));
        assertThat(last.getReportId()).isEqualTo("r-2");
        assertThat(last.getProvenance().getInputTopic()).isEqualTo("mm.exec.reports");
        assertThat(last.getProvenance().getInputOffset()).as("the third report").isEqualTo(2L);
    }

    @Test
    void inReducingOnlyOrdersThatReduceThePositionGoLive() {
        router.command(param("p-1", "reduce_only", "1").build());
        router.decide(pass(1).build());
        assertThat(router.denied.readValuesToList()).as("flat: nothing reduces").hasSize(2)
                .extracting(OrderDenial::getReason).containsOnly(OrderDenialReason.REDUCING_ONLY);

        router.report(fill("r-1", "o-external", Side.BUY, "0.002", "17154978", 2).build());
        router.decide(pass(3).build());

        assertThat(router.liveOrders()).singleElement().satisfies(order -> {
            assertThat(order.getSide()).isEqualTo(Side.SELL);
            assertThat(order.getTradingState()).isEqualTo(io.mmguard.schemas.TradingState.REDUCING);
        });
        assertThat(router.denied.readValuesToList()).singleElement()
                .satisfies(denial -> assertThat(denial.getDetail()).contains("BUY 0.001 would take position 0.002 to 0.003"));
    }

    @Test
    void aDailyLossAtTheLimitKillsOnceThenCancels() {
        router.decide(pass(1).build());
        router.liveOrders();
        router.report(fill("r-1", "o-d-1-B", Side.BUY, "0.01", "17159268", 2).build());
        assertThat(router.commandsWritten.readValuesToList()).as("no loss yet").isEmpty();

        router.decide(pass(3).setMid(new BigDecimal("16659268")).build());
        assertThat(router.liveOrders()).as("the decision that revealed the loss was routed before the kill it caused")
                .extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL, OrderAction.NEW);

        List<ControlCommand> written = router.commandsWritten.readValuesToList();
        assertThat(written).extracting(ControlCommand::getType).containsExactly(ControlType.SET_FRACTION, ControlType.DISABLE_LIVE);
        assertThat(written.get(1)).satisfies(kill -> {
            assertThat(kill.getId()).isEqualTo("auto-kill-daily-loss-2026-11-25");
            assertThat(kill.getActor()).isEqualTo("order-router");
            assertThat(kill.getSignature()).isNull();
            assertThat(kill.getReason()).startsWith("daily_pnl -5000 JPY <= -MAX_DAILY_LOSS_JPY 5000 on 2026-11-25");
        });
        assertThat(router.alerts.readValuesToList()).filteredOn(a -> a.getKind().equals("DAILY_LOSS")).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getSeverity()).isEqualTo(Severity.CRIT);
                    assertThat(alert.getDetails()).containsEntry("daily_pnl_jpy", "-5000").containsEntry("pnl_BTCJPY", "-5000");
                });
        router.decide(pass(4).setMid(new BigDecimal("16000000")).build());
        assertThat(router.commandsWritten.readValuesToList()).as("once per day").isEmpty();
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL_ALL);
    }

    @Test
    void theDailyLossLimitIsOnThePortfolioNotOneSymbol() {
        router.report(fill("r-1", "o-x", Side.BUY, "0.01", "17159268", 1).build());
        router.report(fill("r-2", "o-y", Side.BUY, "0.01", "17159268", 2).setSymbol("ETHJPY").build());

        router.decide(pass("BTCJPY", 3).setMid(new BigDecimal("16859268")).build());
        router.decide(pass("ETHJPY", 4).setMid(new BigDecimal("16979268")).build());
        assertThat(router.commandsWritten.readValuesToList()).as("-3000 and -1800: not yet").isEmpty();
        router.decide(pass("ETHJPY", 5).setMid(new BigDecimal("16859268")).build());

        assertThat(router.commandsWritten.readValuesToList()).extracting(ControlCommand::getId)
                .containsExactly("auto-demote-daily-loss-2026-11-25", "auto-kill-daily-loss-2026-11-25");
    }

    @Test
    void aNewDayStartsFromTheValueAtMidnight() {
        router.report(fill("r-1", "o-x", Side.BUY, "0.01", "17159268", 1).build());
        router.decide(pass(2).setMid(new BigDecimal("16859268")).build());

        router.decide(pass(86_400_000 + 3).setMid(new BigDecimal("16659268")).build());

        assertThat(router.commandsWritten.readValuesToList()).as("-3000 yesterday, -2000 today").isEmpty();
    }

    @Test
    void positionsRestingOrdersAndGuardsSurviveRestartsThroughChangelogs() {
        router.decide(pass(1).build());
        router.report(fill("r-1", "o-d-1-B", Side.BUY, "0.001", "17154978", 2).build());

        assertThat(router.driver.producedTopicNames()).contains("order-router-test-positions-store-changelog",
                "order-router-test-resting-orders-store-changelog", "order-router-test-symbol-guards-store-changelog",
                "order-router-test-daily-loss-store-changelog", "order-router-test-router-progress-store-changelog");
    }

    @Test
    void alertsOfTheDailyLossCarryTheLimit() {
        router.report(fill("r-1", "o-x", Side.BUY, "0.1", "17159268", 1).build());
        router.decide(pass(2).setMid(new BigDecimal("17000000")).build());

        List<Alert> alerts = router.alerts.readValuesToList();
        assertThat(alerts).extracting(Alert::getKind).contains("DAILY_LOSS");
        assertThat(alerts.get(alerts.size() - 1).getDetails()).containsEntry("max_daily_loss_jpy", "5000");
    }
}
