package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.ShadowReason;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lag guard at the last hop: a PASS decision whose book is older than {@code risk.stale.ms} when the router gets to it
 * makes no live order, whatever the canary says; it goes shadow with {@code PIPELINE_LAG}, its resting live orders are
 * cancelled, one alert per episode, and the router's wall-clock stamp is on every output.
 */
class PipelineLagRoutingTest {

    private RouterDriver router;

    @BeforeEach
    void givenARouterTradingEveryOrderLive() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void aBookOlderThanTheStaleBudgetAtRoutingGoesShadowWithPipelineLag() {
        router.pipelineLag(501);
        router.decide(pass(1).build());

        assertThat(router.liveOrders()).isEmpty();
        List<OrderCommand> shadow = router.shadowOrders();
        assertThat(shadow).hasSize(2).allSatisfy(order -> {
            assertThat(order.getRoute()).isEqualTo(Route.SHADOW);
            assertThat(order.getShadowReason()).isEqualTo(ShadowReason.PIPELINE_LAG);
            assertThat(order.getRouteReason()).startsWith("shadow: PIPELINE_LAG: book age 501 ms at routing > risk.stale.ms=500");
            assertThat(order.getProvenance().getProcessedAt()).isEqualTo(order.getTs().plusMillis(501));
        });
    }

    @Test
    void aBookExactlyAtTheBudgetStillGoesLive() {
        router.pipelineLag(500);
        router.decide(pass(1).build());

        assertThat(router.liveOrders()).hasSize(2).extracting(OrderCommand::getShadowReason).containsOnlyNulls();
    }

    @Test
    void theAgeIsMeasuredFromTheBooksOwnTimeNotTheRecordTime() {
        router.pipelineLag(101);
        router.decide(pass(1).setBookTs(io.mmguard.core.testing.TestRecords.T0.plusMillis(1).minusMillis(400)).build());

        assertThat(router.liveOrders()).isEmpty();
        assertThat(router.shadowOrders()).extracting(OrderCommand::getRouteReason)
                .allSatisfy(reason -> assertThat(reason).contains("book age 501 ms"));
    }

    @Test
    void aLagEpisodeCancelsTheRestingLiveOrdersAlertsOnceAndEndsWhenBooksArriveOnTime() {
        router.decide(pass(1).build());
        assertThat(router.liveOrders()).hasSize(2).extracting(OrderCommand::getAction).containsOnly(OrderAction.NEW);

        router.pipelineLag(900);
        router.decide(pass(2).build());
        router.decide(pass(3).build());

        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsOnly(OrderAction.CANCEL);
        assertThat(router.shadowOrders()).hasSize(4).extracting(OrderCommand::getShadowReason).containsOnly(ShadowReason.PIPELINE_LAG);
        List<Alert> alerts = router.alerts.readValuesToList().stream().filter(alert -> alert.getKind().equals("PIPELINE_LAG")).toList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getSymbol()).isEqualTo("BTCJPY");
            assertThat(alert.getDetails()).containsEntry("book_age_ms", "900").containsEntry("stale_ms", "500")
                    .containsEntry("decision_id", "d-2");
        });

        router.pipelineLag(0);
        router.decide(pass(4).build());
        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.NEW, OrderAction.NEW);

        router.pipelineLag(700);
        router.decide(pass(5).build());
        assertThat(router.alerts.readValuesToList()).filteredOn(alert -> alert.getKind().equals("PIPELINE_LAG")).hasSize(1);
    }

    @Test
    void whileKilledTheShadowReasonIsTheKillSwitchEvenWhenLagging() {
        router.command(Records.kill("k-1").build());
        router.pipelineLag(900);
        router.decide(pass(1).build());

        assertThat(router.shadowOrders()).extracting(OrderCommand::getShadowReason).containsOnly(ShadowReason.KILL_SWITCH);
        assertThat(router.alerts.readValuesToList()).noneMatch(alert -> alert.getKind().equals("PIPELINE_LAG"));
    }
}
