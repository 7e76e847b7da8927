package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderRouterTopologyTest {

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final OrderRouterConfig config = OrderRouterConfig.read(
            new ConfigReader("order-router", Map.of("bootstrap.servers", "unused:9092")));
    private TopologyTestDriver driver;
    private TestInputTopic<String, RiskDecision> decisions;
    private TestOutputTopic<String, OrderCommand> live;
    private TestOutputTopic<String, OrderCommand> shadow;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-router-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(OrderRouterTopology.build(topics, config), props);
        decisions = driver.createInputTopic(topics.decisions().name(), new StringSerializer(),
                topics.decisions().valueSerde().serializer());
        live = driver.createOutputTopic(topics.ordersLive().name(), topics.ordersLive().keySerde().deserializer(),
                topics.ordersLive().valueSerde().deserializer());
        shadow = driver.createOutputTopic(topics.ordersShadow().name(), topics.ordersShadow().keySerde().deserializer(),
                topics.ordersShadow().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void withTheKillSwitchOnByDefaultAPassedQuoteBecomesTwoShadowOrders() {
        decisions.pipeInput("BTCJPY", aPassDecision().build());

        List<OrderCommand> orders = shadow.readValuesToList();
        assertThat(live.isEmpty()).isTrue();
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
        decisions.pipeInput("BTCJPY", aPassDecision().setVerdict(Verdict.REJECT).setReason(DecisionReason.IMPLIED_BP_TOO_WIDE).build());

        assertThat(shadow.isEmpty()).isTrue();
        assertThat(live.isEmpty()).isTrue();
    }

    @Test
    void topologyMatchesTheGoldenDescription() {
        GoldenTopology.assertMatches(OrderRouterTopology.build(topics, config), "order-router-topology.txt");
    }
}
