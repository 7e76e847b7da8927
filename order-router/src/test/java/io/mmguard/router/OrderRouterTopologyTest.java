package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderRouterTopologyTest {

    private final RouterDriver router = new RouterDriver(RouterDriver.defaults());

    @AfterEach
    void closeDriver() {
        router.close();
    }

    @Test
    void withTheKillSwitchOnByDefaultAPassedQuoteBecomesTwoShadowOrders() {
        router.instrument(aBtcJpyInstrument().build());
        router.decide(aPassDecision().build());

        List<OrderCommand> orders = router.shadowOrders();
        assertThat(router.liveOrders()).isEmpty();
        assertThat(orders).extracting(OrderCommand::getSide).containsExactly(Side.BUY, Side.SELL);
        assertThat(orders).extracting(OrderCommand::getRoute).containsOnly(Route.SHADOW);
        assertThat(orders.get(0).getPrice()).isEqualByComparingTo("17154978");
        assertThat(orders.get(1).getPrice()).isEqualByComparingTo("17163558");
        assertThat(orders.get(0).getQuantity()).isEqualByComparingTo("0.001");
        assertThat(orders.get(0).getKillSwitchOn()).isTrue();
        assertThat(orders.get(0).getRouteReason()).startsWith("kill_switch_on");
        assertThat(orders.get(0).getProvenance().getControlVersion()).isZero();
        assertThat(orders.get(0).getOrderId()).isEqualTo("o-d-q-mm.md.book.sim-0-0-B");
    }

    @Test
    void rejectedDecisionMakesNoOrder() {
        router.instrument(aBtcJpyInstrument().build());
        router.decide(aPassDecision().setVerdict(Verdict.REJECT).setReason(DecisionReason.IMPLIED_BP_TOO_WIDE).build());

        assertThat(router.shadowOrders()).isEmpty();
        assertThat(router.liveOrders()).isEmpty();
    }

    @Test
    void theServiceDefinitionReadsTheSeedVariablesAndRefusesUnknownKeys() {
        OrderRouterConfig config = OrderRouterConfig.read(new ConfigReader("order-router", Map.of("bootstrap.servers", "b:9092"),
                Map.of("CANARY_MODE", "1", "CANARY_FRACTION", "0.01", "MAX_DAILY_LOSS_JPY", "7000")), Map.of());

        assertThat(config.canaryMode()).isTrue();
        assertThat(config.canaryFraction()).isEqualByComparingTo("0.01");
        assertThat(config.maxDailyLossJpy()).isEqualByComparingTo("7000");
        assertThat(config.maxOpenNotionalJpy()).isEqualByComparingTo("100000");
        assertThat(config.signer()).isEmpty();
    }

    @Test
    void topologyMatchesTheGoldenDescription() {
        GoldenTopology.assertMatches(OrderRouterTopology.build(RouterDriver.TOPICS, RouterDriver.defaults()), "order-router-topology.txt");
    }
}
