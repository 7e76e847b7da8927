package io.mmguard.it.router;

import static io.mmguard.core.testing.TestRecords.T0;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.ops.ctl.CtlCommand;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two order-router instances (one application, three partitions) on a real broker, started live at
 * fraction 1 ({@code canary.mode=1}): a kill published with {@code bin/mm ctl} stops live orders on
 * both and cancels every symbol's orders; a restart keeps the kill; an unsigned enable is refused; a third instance
 * that joins late with no state of its own routes nothing live (it folds the control log before it routes).
 */
@Tag("integration")
@Timeout(240)
class TwoRoutersKillSwitchTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = TopicLayout.DEFAULT_PARTITIONS;

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final String applicationId = "it-router-" + UUID.randomUUID();
    private final List<RunningService> routers = new ArrayList<>();
    private EmbeddedKafka kafka;
    private KafkaProducer<String, byte[]> producer;
    private List<String> symbols;
    private int decisionSequence;

    @TempDir
    Path stateDir;

    @BeforeEach
    void givenTwoRoutersTradingLiveOnEveryPartition() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), PARTITIONS));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        symbols = symbolsCoveringEveryPartition();
        for (String symbol : symbols) {
            send(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde().serializer()
                    .serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol(symbol).build()));
        }
        startRouters();
    }

    @AfterEach
    void stopEverything() {
        routers.forEach(RunningService::close);
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aKillFromCtlStopsLiveOrdersOnBothInstancesARestartKeepsItAndAnUnsignedEnableIsRefused() throws Exception {
        try (CommittedTail<OrderCommand> live = new CommittedTail<>(kafka.bootstrapServers(), TopicNames.ORDERS_LIVE,
                topics.ordersLive().valueSerde().deserializer());
             CommittedTail<OrderCommand> shadow = new CommittedTail<>(kafka.bootstrapServers(), TopicNames.ORDERS_SHADOW,
                     topics.ordersShadow().valueSerde().deserializer());
             CommittedTail<ControlState> states = new CommittedTail<>(kafka.bootstrapServers(), TopicNames.CONTROL_STATE,
                     topics.controlState().valueSerde().deserializer());
             CommittedTail<Alert> alerts = new CommittedTail<>(kafka.bootstrapServers(), TopicNames.ALERTS,
                     topics.alerts().valueSerde().deserializer())) {

            // Given: every symbol has live orders resting, placed by both instances
            Set<String> before = decideForEverySymbol();
            Await.until(WAIT, "live orders for every symbol", () -> newOrders(live, before).toString(),
                    () -> newOrders(live, before).size() == 2 * symbols.size());
            assertThat(membersRoutingDecisions()).as("both instances own decision partitions").hasSize(2);

            // When: an operator kills with bin/mm ctl
            CtlResult kill = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "--actor", "ops@it", "kill", "--reason", "it kill");
            assertThat(kill.exit()).as(kill.err()).isZero();

            // Then: every symbol gets a CANCEL_ALL, and after it no live order for that symbol
            Await.until(WAIT, "a CANCEL_ALL for every symbol", () -> cancelAlls(live).toString(),
                    () -> cancelAlls(live).containsAll(symbols));
            Set<String> afterKill = decideForEverySymbol();
            Await.until(WAIT, "shadow orders for the decisions after the kill", () -> newOrders(shadow, afterKill).toString(),
                    () -> newOrders(shadow, afterKill).size() == 2 * symbols.size());
            assertNoLiveOrderAfterTheCancelAll(live);
            assertThat(newOrders(live, afterKill)).isEmpty();
            Await.until(WAIT, "the killed state published", () -> states.values().toString(),
                    () -> states.values().stream().anyMatch(s -> !s.getLiveEnabled() && "it kill".equals(s.getLastReason())));
            JsonNode status = statusJson();
            assertThat(status.get("live").asBoolean()).isFalse();
            assertThat(status.get("trading_state").asText()).isEqualTo("HALTED");
            assertThat(status.get("last_commands").get(status.get("last_commands").size() - 1).get("actor").asText()).isEqualTo("ops@it");

            // When: both instances restart (the control log is re-folded from offset 0, starting from canary.mode=1 = live)
            routers.forEach(RunningService::close);
            routers.clear();
            startRouters();
            Set<String> afterRestart = decideForEverySymbol();

            // Then: the kill holds
            Await.until(WAIT, "shadow orders after the restart", () -> newOrders(shadow, afterRestart).toString(),
                    () -> newOrders(shadow, afterRestart).size() == 2 * symbols.size());
            assertThat(newOrders(live, afterRestart)).isEmpty();

            // When: an enable without the key is attempted, with ctl and as a raw unsigned record
            CtlResult unsignedEnable = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "enable");
            assertThat(unsignedEnable.exit()).isEqualTo(2);
            assertThat(unsignedEnable.err()).contains("must be signed");
            ControlCommand rawEnable = ControlCommand.newBuilder().setId("raw-enable-1").setType(ControlType.ENABLE_LIVE)
                    .setScope(Scope.GLOBAL).setReason("sneaky").setActor("mallory@it").setIssuedAt(T0).build();
            send(TopicNames.CONTROL, Topics.GLOBAL_KEY, topics.control().valueSerde().serializer().serialize(TopicNames.CONTROL, rawEnable));

            // Then: the router refuses it with an alert, and the state stays killed
            Await.until(WAIT, "the refusal alert", () -> alerts.values().toString(), () -> alerts.values().stream()
                    .anyMatch(a -> a.getKind().equals("CONTROL_REFUSED") && "raw-enable-1".equals(a.getDetails().get("command_id"))));
            Set<String> afterEnable = decideForEverySymbol();
            Await.until(WAIT, "shadow orders after the refused enable", () -> newOrders(shadow, afterEnable).toString(),
                    () -> newOrders(shadow, afterEnable).size() == 2 * symbols.size());
            assertThat(newOrders(live, afterEnable)).isEmpty();
            assertThat(statusJson().get("live").asBoolean()).isFalse();

            // When: a third instance joins late, with no state of its own (it never saw the kill happen)
            routers.add(ServiceRunner.start(OrderRouterService.DEFINITION, routerConfig(2)));
            Await.until(WAIT, "three routers RUNNING, each owning a decision partition",
                    () -> routers.stream().map(RunningService::state).toList() + " " + membersRoutingDecisions(),
                    () -> routers.stream().allMatch(r -> r.state() == KafkaStreams.State.RUNNING)
                            && membersRoutingDecisions().size() == 3);
            Set<String> afterJoin = decideForEverySymbol();

            // Then: it knew the control state before routing anything (a global store is bootstrapped first): shadow only
            Await.until(WAIT, "shadow orders after the late join", () -> newOrders(shadow, afterJoin).toString(),
                    () -> newOrders(shadow, afterJoin).size() == 2 * symbols.size());
            assertThat(newOrders(live, afterJoin)).as("live orders after a late instance joined a killed router").isEmpty();
            assertThat(newOrders(shadow, afterJoin)).extracting(OrderCommand::getKillSwitchOn).containsOnly(true);
        }
    }

    private void startRouters() {
        for (int instance = 0; instance < 2; instance++) {
            routers.add(ServiceRunner.start(OrderRouterService.DEFINITION, routerConfig(instance)));
        }
        Await.until(WAIT, "both routers RUNNING, each owning decision partitions",
                () -> routers.stream().map(RunningService::state).toList() + " " + membersRoutingDecisions(),
                () -> routers.stream().allMatch(r -> r.state() == KafkaStreams.State.RUNNING) && membersRoutingDecisions().size() == 2);
    }

    /** Instance {@code instance} of the application, live at fraction 1 from config (canary.mode=1), its own state dir. */
    private Map<String, String> routerConfig(int instance) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId);
        config.put("state.dir", stateDir.resolve("router-" + instance).toString());
        config.put("metrics.port", "0");
        config.put("canary.mode", "1");
        config.put("canary.fraction", "1");
        config.put("switch.dir", "-");
        // a restarted instance must not wait the default 45 s for its predecessor's session to expire
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "1000");
        // this test is about the kill, not the lag guard: a decision that waits out the routers' start-up rebalances on
        // a loaded machine (over 500 ms in one CI run) must still go live instead of shadow PIPELINE_LAG
        config.put("risk.stale.ms", "60000");
        return config;
    }

    /** One PASS decision per symbol; returns their ids. */
    private Set<String> decideForEverySymbol() throws Exception {
        Set<String> ids = new HashSet<>();
        for (String symbol : symbols) {
            decisionSequence++;
            RiskDecision decision = aPassDecision().setSymbol(symbol).setDecisionId("d-it-" + decisionSequence)
                    .setQuoteId("q-it-" + decisionSequence).setTs(T0.plusMillis(decisionSequence)).build();
            send(TopicNames.DECISIONS, symbol, topics.decisions().valueSerde().serializer().serialize(TopicNames.DECISIONS, decision));
            ids.add(decision.getDecisionId());
        }
        return ids;
    }

    private static List<OrderCommand> newOrders(CommittedTail<OrderCommand> tail, Set<String> decisionIds) {
        return tail.values().stream().filter(o -> o.getAction() == OrderAction.NEW && decisionIds.contains(o.getDecisionId())).toList();
    }

    private static Set<String> cancelAlls(CommittedTail<OrderCommand> live) {
        Set<String> cancelled = new HashSet<>();
        live.values().stream().filter(o -> o.getAction() == OrderAction.CANCEL_ALL).forEach(o -> cancelled.add(o.getSymbol()));
        return cancelled;
    }

    /** Per symbol, in partition order: nothing but cancels after its CANCEL_ALL. */
    private void assertNoLiveOrderAfterTheCancelAll(CommittedTail<OrderCommand> live) {
        Map<String, List<OrderCommand>> bySymbol = new LinkedHashMap<>();
        for (ConsumerRecord<String, OrderCommand> record : live.poll(Duration.ofMillis(50))) {
            bySymbol.computeIfAbsent(record.key(), symbol -> new ArrayList<>()).add(record.value());
        }
        bySymbol.forEach((symbol, orders) -> {
            int cancelAll = orders.stream().map(OrderCommand::getAction).toList().indexOf(OrderAction.CANCEL_ALL);
            assertThat(cancelAll).as(symbol + " has a CANCEL_ALL").isNotNegative();
            assertThat(orders.subList(cancelAll, orders.size())).as(symbol + " after its CANCEL_ALL")
                    .allSatisfy(order -> assertThat(order.getAction()).isNotEqualTo(OrderAction.NEW))
                    .allSatisfy(order -> assertThat(order.getRoute()).isEqualTo(Route.LIVE));
        });
    }

    private JsonNode statusJson() throws Exception {
        CtlResult status = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "status", "--json");
        assertThat(status.exit()).as(status.err()).isZero();
        return new ObjectMapper().readTree(status.out());
    }

    /** Per consumer-group member (one per instance here), the mm.risk.decisions partitions it owns. */
    private Map<String, Set<Integer>> membersRoutingDecisions() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, Set<Integer>> owned = new HashMap<>();
            admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId).members().forEach(member -> {
                Set<Integer> partitions = new HashSet<>();
                member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(TopicNames.DECISIONS))
                        .forEach(tp -> partitions.add(tp.partition()));
                if (!partitions.isEmpty()) {
                    owned.put(member.consumerId(), partitions);
                }
            });
            return owned;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Symbols whose keys land on every partition, two per partition (the producer's murmur2 partitioning). */
    private static List<String> symbolsCoveringEveryPartition() {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (int i = 0; byPartition.values().stream().mapToInt(List::size).sum() < 2 * PARTITIONS; i++) {
            String symbol = "SYM" + i + "JPY";
            int partition = Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            List<String> list = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (list.size() < 2) {
                list.add(symbol);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).sorted().toList();
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    record CtlResult(int exit, String out, String err) {
    }

    static CtlResult ctl(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new CtlCommand(environment));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return new CtlResult(line.execute(args), out.toString(), err.toString());
    }
}
