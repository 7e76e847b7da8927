package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Canary sampling in the topology: deterministic per decision, the fraction's share of decisions goes live, each says why. */
class CanaryRoutingTest {

    private static final int DECISIONS = 2_000;

    @Test
    void atFivePercentAboutOneDecisionInTwentyGoesLiveAndEachOrderSaysWhy() {
        try (RouterDriver router = RouterDriver.liveAt("0.05", Records.KEY)) {
            List<OrderCommand> newOrders = route(router);

            List<OrderCommand> live = newOrders.stream().filter(o -> o.getRoute() == io.mmguard.schemas.Route.LIVE).toList();
            double sigma = Math.sqrt(DECISIONS * 0.05 * 0.95);
            assertThat(live.size() / 2.0).isBetween(DECISIONS * 0.05 - 5 * sigma, DECISIONS * 0.05 + 5 * sigma);
            assertThat(live).allSatisfy(order -> {
                assertThat(order.getSample()).isLessThan(new BigDecimal("0.05"));
                assertThat(order.getRouteReason()).startsWith("live: canary sample " + order.getSample().stripTrailingZeros()
                        .toPlainString() + " < fraction 0.05 (control v0 ACTIVE); checks ok");
                assertThat(order.getKillSwitchOn()).isFalse();
                assertThat(order.getFraction()).isEqualByComparingTo("0.05");
            });
            assertThat(newOrders).filteredOn(o -> o.getRoute() == io.mmguard.schemas.Route.SHADOW).allSatisfy(order -> {
                assertThat(order.getSample()).isGreaterThanOrEqualTo(new BigDecimal("0.05"));
                assertThat(order.getRouteReason()).startsWith("shadow: canary sample ").contains(">= fraction 0.05");
            });
        }
    }

    @Test
    void aReplayOfTheSameDecisionsRoutesEveryOneTheSameWay() {
        List<OrderCommand> first;
        List<OrderCommand> second;
        try (RouterDriver router = RouterDriver.liveAt("0.1", Records.KEY)) {
            first = route(router);
        }
        try (RouterDriver router = RouterDriver.liveAt("0.1", Records.KEY)) {
            second = route(router);
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    void atFractionZeroNothingGoesLiveAndAtOneEverything() {
        try (RouterDriver router = RouterDriver.liveAt("0", Records.KEY)) {
            assertThat(route(router)).allMatch(o -> o.getRoute() == io.mmguard.schemas.Route.SHADOW);
        }
        try (RouterDriver router = RouterDriver.liveAt("1", Records.KEY)) {
            assertThat(route(router)).allMatch(o -> o.getRoute() == io.mmguard.schemas.Route.LIVE);
        }
    }

    /** Routes {@value #DECISIONS} decisions; returns every NEW order, live and shadow. */
    /**
     * Routes the decisions; the exchange confirms every cancel the router sends (else the replaced orders would count as
     * still open and the open-notional cap would stop the live bids and asks).
     */
    private static List<OrderCommand> route(RouterDriver router) {
        router.instrument(aBtcJpyInstrument().build());
        List<OrderCommand> live = new java.util.ArrayList<>();
        int reports = 0;
        for (int i = 0; i < DECISIONS; i++) {
            router.decide(pass(i).build());
            for (OrderCommand order : router.liveOrders()) {
                live.add(order);
                if (order.getAction() == OrderAction.CANCEL) {
                    String cancelled = order.getOrderId().substring(io.mmguard.router.OrderCommands.CANCEL_PREFIX.length());
                    router.report(Records.report("c-" + reports, cancelled, io.mmguard.schemas.ExecType.CANCELED, reports++).build());
                }
            }
        }
        return Stream.concat(live.stream(), router.shadowOrders().stream())
                .filter(order -> order.getAction() == OrderAction.NEW).toList();
    }
}
