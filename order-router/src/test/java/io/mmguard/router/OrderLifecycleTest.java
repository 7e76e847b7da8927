package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.freeze;
import static io.mmguard.router.Records.kill;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.router.orders.CanarySampler;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resting orders: a new approved quote replaces the bid and ask (cancel, then new); a freeze cancels; the exchange's answers keep the store true. */
class OrderLifecycleTest {

    private RouterDriver router;

    @BeforeEach
    void givenALiveRouter() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void anApprovedQuoteReplacesTheRestingBidAndAskCancelFirstThenNew() {
        router.decide(pass(1).build());
        List<OrderCommand> first = router.liveOrders();
        router.decide(pass(2).build());

        List<OrderCommand> second = router.liveOrders();
        assertThat(second).extracting(OrderCommand::getAction)
                .containsExactly(OrderAction.CANCEL, OrderAction.CANCEL, OrderAction.NEW, OrderAction.NEW);
        assertThat(second.get(0).getClientOrderId()).isEqualTo(first.get(0).getClientOrderId());
        assertThat(second.get(1).getClientOrderId()).isEqualTo(first.get(1).getClientOrderId());
        assertThat(second.get(0).getOrderId()).isEqualTo("x-o-d-1-B");
        assertThat(second.get(0).getRouteReason()).isEqualTo("replaced: decision d-2 supersedes this quote");
        assertThat(second.get(2).getOrderId()).isEqualTo("o-d-2-B");
    }

    @Test
    void clientOrderIdsAreDeterministicAndFitTheExchangesLimit() {
        router.decide(pass(1).build());
        List<OrderCommand> orders = router.liveOrders();

        try (RouterDriver replay = RouterDriver.liveAt("1", Records.KEY)) {
            replay.instrument(aBtcJpyInstrument().build());
            replay.decide(pass(1).build());
            assertThat(replay.liveOrders()).extracting(OrderCommand::getClientOrderId)
                    .isEqualTo(orders.stream().map(OrderCommand::getClientOrderId).toList());
        }
        assertThat(orders).extracting(OrderCommand::getClientOrderId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("mm-[0-9a-f]{24}").hasSizeLessThanOrEqualTo(36));
    }

    @Test
    void aFreezeCancelsTheSymbolsRestingOrdersAndPlacesNone() {
        router.decide(pass(1).build());
        router.liveOrders();

        router.decide(freeze(2).build());

        List<OrderCommand> live = router.liveOrders();
        assertThat(live).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL, OrderAction.CANCEL);
        assertThat(live.get(0).getRouteReason()).startsWith("FREEZE PRICE_JUMP (decision d-2)");
        assertThat(router.shadowOrders()).isEmpty();
    }

    @Test
    void aQuoteSampledShadowStillCancelsTheStaleLiveOrders() {
        router.close();
        router = RouterDriver.liveAt("0.5", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
        CanarySampler sampler = new CanarySampler();
        int liveOne = IntStream.range(0, 100).filter(i -> CanarySampler.isLive(sampler.sample("d-" + i), new BigDecimal("0.5")))
                .findFirst().orElseThrow();
        int shadowOne = IntStream.range(liveOne + 1, 200).filter(i -> !CanarySampler.isLive(sampler.sample("d-" + i), new BigDecimal("0.5")))
                .findFirst().orElseThrow();

        router.decide(pass(liveOne).build());
        router.decide(pass(shadowOne).build());

        assertThat(router.liveOrders()).extracting(OrderCommand::getAction)
                .containsExactly(OrderAction.NEW, OrderAction.NEW, OrderAction.CANCEL, OrderAction.CANCEL);
        assertThat(router.shadowOrders()).hasSize(2);
    }

    @Test
    void confirmedCancelsAreForgottenSoALaterKillHasNothingToCancel() {
        router.decide(pass(1).build());
        router.decide(freeze(2).build());
        router.liveOrders();

        router.report(report("r-1", "o-d-1-B", ExecType.CANCELED, 3).build());
        router.report(report("r-2", "o-d-1-S", ExecType.CANCELED, 4).build());
        router.command(kill("k-1").build());
        router.tick();

        assertThat(router.liveOrders()).isEmpty();
    }

    @Test
    void anUnconfirmedCancelStillGetsTheKillsCancelAll() {
        router.decide(pass(1).build());
        router.decide(freeze(2).build());
        router.liveOrders();

        router.command(kill("k-1").build());
        router.tick();

        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.CANCEL_ALL);
    }

    @Test
    void aFilledOrderIsNoLongerResting() {
        router.decide(pass(1).build());
        router.liveOrders();

        router.report(Records.fill("r-1", "o-d-1-B", Side.BUY, "0.001", "17154978", 2).build());
        router.report(Records.fill("r-2", "o-d-1-S", Side.SELL, "0.001", "17163558", 3).build());
        router.decide(pass(4).build());

        assertThat(router.liveOrders()).extracting(OrderCommand::getAction).containsExactly(OrderAction.NEW, OrderAction.NEW);
    }
}
