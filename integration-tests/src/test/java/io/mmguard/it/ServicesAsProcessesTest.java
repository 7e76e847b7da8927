package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed shape without containers: every part of the pipeline as its own {@code bin/mm run} process against a
 * broker: feed, quoter, risk-gate, order-router, paper exchange. Each serves {@code /health}; orders flow; the
 * order-router is killed with SIGKILL mid-run and started again on the same state, and the read_committed order log
 * holds no order id twice; SIGTERM stops each process with exit 0.
 */
@Tag("integration")
@Timeout(300)
class ServicesAsProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));

    @TempDir
    Path work;

    @Test
    void thePipelineRunsAsProcessesSurvivesAKilledRouterAndStopsCleanly() throws Exception {
        try (KafkaUnderTest kafka = KafkaUnderTest.start();
             ServiceProcesses services = new ServiceProcesses(work, getClass().getSimpleName(), kafka.bootstrapServers())) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
            }
            for (String service : List.of("quoter", "risk-gate", "order-router", "paper-exchange", "feed")) {
                services.start(service, service.equals("feed") ? List.of("--set", "sim.rate=50") : List.of());
            }
            for (String service : List.of("quoter", "risk-gate", "order-router")) {
                services.awaitHealthy(service, WAIT);
            }
            try (TopicReader<OrderCommand> orders = new TopicReader<>(bootstrap, TopicNames.ORDERS_SHADOW,
                    topics.ordersShadow().valueSerde().deserializer())) {
                Eventually.await(WAIT, "shadow orders from the processes", () -> orders.pollOnce().size() + " orders",
                        () -> newOrders(orders.pollOnce()).size() >= 20);

                assertThat(services.kill("order-router")).as("killed by SIGKILL, not stopped").isEqualTo(137);
                int before = newOrders(orders.pollOnce()).size();
                services.start("order-router", List.of());
                services.awaitHealthy("order-router", WAIT);
                Eventually.await(WAIT, "orders again after the router's restart", () -> newOrders(orders.pollOnce()).size()
                        + " NEW orders, " + before + " before the kill", () -> newOrders(orders.pollOnce()).size() >= before + 20);

                Map<String, Long> repeated = newOrders(orders.pollOnce()).stream()
                        .collect(Collectors.groupingBy(OrderCommand::getOrderId, Collectors.counting()));
                repeated.values().removeIf(count -> count == 1);
                assertThat(repeated).as("order ids written twice (read_committed)").isEmpty();
            }
            Map<String, Integer> exits = services.stopAll();
            exits.forEach((service, exit) -> assertThat(exit).as(service + " exit code at SIGTERM; " + services.errors(service))
                    .isZero());
        }
    }

    private static List<OrderCommand> newOrders(List<ConsumerRecord<String, OrderCommand>> records) {
        return records.stream().map(ConsumerRecord::value).filter(o -> o.getAction() == OrderAction.NEW).toList();
    }
}
