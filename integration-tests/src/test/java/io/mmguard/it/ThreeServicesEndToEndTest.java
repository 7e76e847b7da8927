package io.mmguard.it;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.config.ConfigException;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three services as separate Streams apps on a real broker: book updates in, shadow orders out. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ThreeServicesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final List<RunningService> services = new ArrayList<>();
    private KafkaUnderTest kafka;
    private KafkaProducer<String, byte[]> producer;

    @TempDir
    static Path stateDir;

    @BeforeAll
    void startBrokerTopicsAndServices() throws Exception {
        kafka = KafkaUnderTest.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        // Reference data first: a global table is fully bootstrapped before the quoter processes any book.
        for (String symbol : List.of("BTCJPY", "ETHJPY")) {
            send(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde().serializer()
                    .serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol(symbol).build()));
        }
        services.add(ServiceRunner.start(QuoterService.DEFINITION, config("quoter")));
        Map<String, String> riskGate = config("risk-gate");
        riskGate.put("risk.warmup.samples", "1"); // one sample of warm-up instead of twenty, so the first orders come quickly
        services.add(ServiceRunner.start(RiskGateService.DEFINITION, riskGate));
        services.add(ServiceRunner.start(OrderRouterService.DEFINITION, config("order-router")));
        Eventually.await(WAIT, "all three services RUNNING", () -> services.stream().map(s -> s.name() + "=" + s.state()).toList().toString(),
                () -> services.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    @AfterAll
    void stopEverything() {
        services.forEach(RunningService::close);
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void bookUpdatesFlowThroughAllThreeServicesToShadowOrders() throws Exception {
        int updates = 10;
        // the first update only warms the risk-gate's statistics up (decided WARMING_UP, no order)
        for (int i = 0; i <= updates; i++) {
            Instant now = Instant.now();
            BookUpdate book = aBtcJpyBook().setSequence(i).setBidPrice(new BigDecimal(17159266 + i))
                    .setAskPrice(new BigDecimal(17159270 + i)).setExchangeTs(now).setReceiveTs(now).build();
            send(TopicNames.book("sim"), "BTCJPY", bookBytes(book));
        }

        try (TopicReader<OrderCommand> shadow = new TopicReader<>(kafka.bootstrapServers(), TopicNames.ORDERS_SHADOW,
                topics.ordersShadow().valueSerde().deserializer());
             TopicReader<Quote> quotes = new TopicReader<>(kafka.bootstrapServers(), TopicNames.QUOTES,
                     topics.quotes().valueSerde().deserializer());
             TopicReader<RiskDecision> decisions = new TopicReader<>(kafka.bootstrapServers(), TopicNames.DECISIONS,
                     topics.decisions().valueSerde().deserializer())) {
            List<ConsumerRecord<String, OrderCommand>> orders = shadow.awaitAtLeast(2 * updates, WAIT);
            List<ConsumerRecord<String, Quote>> quoted = quotes.awaitAtLeast(updates + 1, WAIT);
            List<ConsumerRecord<String, RiskDecision>> decided = decisions.awaitAtLeast(updates + 1, WAIT);

            assertThat(orders).hasSize(2 * updates);
            assertThat(orders).extracting(r -> r.value().getRoute()).containsOnly(Route.SHADOW);
            // first book: bid 17159267, ask 17159271 -> mid 17159269; 5 bp -> bid 17154979 (floor), ask 17163559 (ceil)
            Quote first = quoted.stream().filter(r -> r.value().getBookSequence() == 1).findFirst().orElseThrow().value();
            assertThat(first.getMid()).isEqualByComparingTo("17159269");
            assertThat(first.getBid()).isEqualByComparingTo("17154979");
            assertThat(first.getAsk()).isEqualByComparingTo("17163559");
            OrderCommand buy = orders.stream().map(ConsumerRecord::value)
                    .filter(o -> o.getQuoteId().equals(first.getQuoteId()) && o.getSide() == Side.BUY).findFirst().orElseThrow();
            assertThat(buy.getPrice()).isEqualByComparingTo("17154979");
            // provenance chain: order -> decision -> quote -> book offset
            RiskDecision decision = decided.stream().map(ConsumerRecord::value)
                    .filter(d -> d.getDecisionId().equals(buy.getDecisionId())).findFirst().orElseThrow();
            assertThat(decision.getQuoteId()).isEqualTo(first.getQuoteId());
            assertThat(first.getProvenance().getInputTopic()).isEqualTo("mm.md.book.sim");
        }
    }

    @Test
    void malformedBookRecordIsQuarantinedWithItsErrorAndTheServicesKeepRunning() throws Exception {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        send(TopicNames.book("sim"), "ETHJPY", garbage);

        try (TopicReader<byte[]> dlq = new TopicReader<>(kafka.bootstrapServers(), TopicNames.DLQ, new ByteArrayDeserializer())) {
            ConsumerRecord<String, byte[]> quarantined = dlq.awaitAtLeast(1, WAIT).get(0);
            assertThat(quarantined.value()).isEqualTo(garbage);
            assertThat(header(quarantined, "mm.error")).contains("expected magic byte 0x00");
            assertThat(header(quarantined, "mm.source.topic")).isEqualTo("mm.md.book.sim");
            assertThat(header(quarantined, "mm.service")).isEqualTo("mmguard-quoter");
        }
        assertThat(services).allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
        Instant now = Instant.now();
        send(TopicNames.book("sim"), "ETHJPY", bookBytes(aBtcJpyBook().setSymbol("ETHJPY").setSequence(99)
                .setExchangeTs(now).setReceiveTs(now).build()));
        try (TopicReader<Quote> quotes = new TopicReader<>(kafka.bootstrapServers(), TopicNames.QUOTES,
                topics.quotes().valueSerde().deserializer())) {
            Eventually.await(WAIT, "the ETHJPY update after the poison record to be quoted",
                    () -> quotes.pollOnce().size() + " quotes, none for ETHJPY #99",
                    () -> quotes.pollOnce().stream()
                            .anyMatch(r -> r.value().getSymbol().equals("ETHJPY") && r.value().getBookSequence() == 99));
        }
    }

    @Test
    void healthIsReadyAndMetricsServePrometheusText() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (RunningService service : services) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.metricsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"state\":\"RUNNING\"", "\"ready\":true");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kafka_stream");
        }
    }

    @Test
    void anOccupiedMetricsPortIsRefusedWithTheKeyToChange() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> config = config("quoter-2");
            config.put("metrics.port", Integer.toString(squatter.getLocalPort()));

            assertThatThrownBy(() -> ServiceRunner.start(QuoterService.DEFINITION, config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("quoter: metrics port " + squatter.getLocalPort() + " on 127.0.0.1 is already in use;"
                            + " set metrics.port to a free port (0 picks one) or stop the process using it");
        }
    }

    @Test
    void anUnknownConfigKeyIsRefusedBeforeAnythingStarts() {
        Map<String, String> config = config("risk-gate-2");
        config.put("risk.max.bps", "50");

        assertThatThrownBy(() -> ServiceRunner.start(RiskGateService.DEFINITION, config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("risk-gate config: unknown key 'risk.max.bps' (did you mean 'risk.max.bp'?)");
    }

    private Map<String, String> config(String name) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("state.dir", stateDir.resolve(name).toString());
        config.put("metrics.port", "0");
        return config;
    }

    private byte[] bookBytes(BookUpdate book) {
        return topics.books().valueSerde().serializer().serialize(TopicNames.book("sim"), book);
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
