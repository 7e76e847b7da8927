package io.mmguard.it;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One garbage record on each global topic, as any producer with kcat could write it, on a real broker: mm.ref.instruments
 * (for ETHJPY) and mm.control. Every service's global thread must survive it, put the bytes on mm.dlq with its error
 * headers, raise an UNREADABLE_GLOBAL_RECORD alert and keep its last good state: ETHJPY freezes (NO_INSTRUMENT), BTCJPY
 * keeps quoting. Both records stay on their compacted topics, so a restart reads them again and must not crash either.
 * The tests run in order: the second restarts the services, the third repairs ETHJPY.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class GlobalPoisonOnABrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);
    private static final List<ServiceDefinition<?>> SERVICES = List.of(QuoterService.DEFINITION, RiskGateService.DEFINITION,
            OrderRouterService.DEFINITION);
    private static final Set<String> APPLICATION_IDS = Set.of("mmguard-quoter", "mmguard-risk-gate", "mmguard-order-router");

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final List<RunningService> services = new ArrayList<>();
    private KafkaUnderTest kafka;
    private KafkaProducer<String, byte[]> producer;
    private long sequence;

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
        for (String symbol : List.of("BTCJPY", "ETHJPY")) {
            send(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde().serializer()
                    .serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol(symbol).build()));
        }
        startServices();
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
    @Order(1)
    void garbageOnBothGlobalTopicsIsQuarantinedByEveryServiceWhichKeepsRunning() throws Exception {
        send(TopicNames.INSTRUMENTS, "ETHJPY", GARBAGE);
        send(TopicNames.CONTROL, "*", GARBAGE);

        try (TopicReader<byte[]> dlq = new TopicReader<>(kafka.bootstrapServers(), TopicNames.DLQ, new ByteArrayDeserializer());
             TopicReader<Alert> alerts = new TopicReader<>(kafka.bootstrapServers(), TopicNames.ALERTS,
                     topics.alerts().valueSerde().deserializer())) {
            Eventually.await(WAIT, "every service to quarantine both records", () -> quarantinedBy(dlq.pollOnce()).toString(),
                    () -> quarantinedBy(dlq.pollOnce()).equals(everyServiceOnBoth(1)));
            List<ConsumerRecord<String, byte[]>> letters = dlq.pollOnce();
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.value()).isEqualTo(GARBAGE);
                assertThat(header(letter, "mm.error")).contains("magic byte");
                assertThat(header(letter, "mm.source.offset")).isNotBlank();
            });
            assertThat(letters).filteredOn(from(TopicNames.INSTRUMENTS)).allSatisfy(letter ->
                    assertThat(letter.key()).isEqualTo("ETHJPY"));
            Eventually.await(WAIT, "an UNREADABLE_GLOBAL_RECORD alert per service and record",
                    () -> unreadableAlerts(alerts.pollOnce()).toString(), () -> unreadableAlerts(alerts.pollOnce()).size() == 6);
            assertThat(unreadableAlerts(alerts.pollOnce())).filteredOn(a -> TopicNames.INSTRUMENTS.equals(a.getDetails().get("topic")))
                    .allSatisfy(a -> assertThat(a.getSymbol()).isEqualTo("ETHJPY"));
        }
        assertThat(services).extracting(RunningService::state).containsOnly(KafkaStreams.State.RUNNING);
        assertEthFrozenAndBtcQuoted();
    }

    @Test
    @Order(2)
    void aRestartReadsBothRecordsAgainWithoutCrashing() throws Exception {
        services.forEach(RunningService::close);
        services.clear();
        startServices();

        try (TopicReader<byte[]> dlq = new TopicReader<>(kafka.bootstrapServers(), TopicNames.DLQ, new ByteArrayDeserializer())) {
            Eventually.await(WAIT, "every restarted service to report both records again",
                    () -> quarantinedBy(dlq.pollOnce()).toString(),
                    () -> quarantinedBy(dlq.pollOnce()).equals(everyServiceOnBoth(2)));
        }
        assertThat(services).extracting(RunningService::state).containsOnly(KafkaStreams.State.RUNNING);
        assertEthFrozenAndBtcQuoted();
    }

    @Test
    @Order(3)
    void aReadableInstrumentRecordBringsTheSymbolBack() throws Exception {
        send(TopicNames.INSTRUMENTS, "ETHJPY", topics.instruments().valueSerde().serializer()
                .serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol("ETHJPY").setVersion(2).build()));
        try (TopicReader<Quote> quotes = new TopicReader<>(kafka.bootstrapServers(), TopicNames.QUOTES,
                topics.quotes().valueSerde().deserializer())) {
            // the global thread applies the record asynchronously: send books until one is quoted
            // the global thread applies the record asynchronously: a book at a time until one is quoted (every ETHJPY book
            // before the repair was denied, so any ETHJPY quote is of a book after it)
            Eventually.await(WAIT, "an ETHJPY quote after the readable instrument record", () -> "no ETHJPY quote yet",
                    () -> {
                        book("ETHJPY");
                        return quotes.pollOnce().stream().anyMatch(r -> r.value().getSymbol().equals("ETHJPY"));
                    });
        }
    }

    private void assertEthFrozenAndBtcQuoted() throws Exception {
        long eth = book("ETHJPY");
        long btc = book("BTCJPY");
        try (TopicReader<Quote> quotes = new TopicReader<>(kafka.bootstrapServers(), TopicNames.QUOTES,
                topics.quotes().valueSerde().deserializer());
             TopicReader<QuoteDenial> denials = new TopicReader<>(kafka.bootstrapServers(), TopicNames.QUOTES_DENIED,
                     topics.quotesDenied().valueSerde().deserializer())) {
            Eventually.await(WAIT, "BTCJPY #" + btc + " quoted", () -> quotes.pollOnce().size() + " quotes",
                    () -> quotes.pollOnce().stream().anyMatch(r -> r.value().getSymbol().equals("BTCJPY")
                            && r.value().getBookSequence() == btc));
            Eventually.await(WAIT, "ETHJPY #" + eth + " denied", () -> denials.pollOnce().size() + " denials",
                    () -> denials.pollOnce().stream().anyMatch(r -> r.value().getSymbol().equals("ETHJPY")
                            && r.value().getBookSequence() == eth));
            assertThat(denials.pollOnce()).filteredOn(r -> r.value().getBookSequence() == eth).singleElement()
                    .satisfies(r -> assertThat(r.value().getReason()).isEqualTo(DenialReason.NO_INSTRUMENT));
            assertThat(quotes.pollOnce()).noneMatch(r -> r.value().getSymbol().equals("ETHJPY") && r.value().getBookSequence() == eth);
        }
    }

    private void startServices() throws InterruptedException {
        for (ServiceDefinition<?> service : SERVICES) {
            Map<String, String> config = new HashMap<>();
            config.put("bootstrap.servers", kafka.bootstrapServers());
            config.put("state.dir", stateDir.resolve(service.name()).toString());
            config.put("metrics.port", "0");
            services.add(ServiceRunner.start(service, config));
        }
        Eventually.await(WAIT, "all three services RUNNING",
                () -> services.stream().map(s -> s.name() + "=" + s.state()).toList().toString(),
                () -> services.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    /** Sends a fresh book for {@code symbol}; returns its sequence number. */
    private long book(String symbol) {
        long seq = ++sequence;
        Instant now = Instant.now();
        BookUpdate book = aBtcJpyBook().setSymbol(symbol).setSequence(seq).setExchangeTs(now).setReceiveTs(now).build();
        try {
            send(TopicNames.book("sim"), symbol, topics.books().valueSerde().serializer().serialize(TopicNames.book("sim"), book));
        } catch (Exception e) {
            throw new IllegalStateException("could not send the " + symbol + " book #" + seq, e);
        }
        return seq;
    }

    /** Per source topic: how many dead letters each service wrote for it. */
    private static Map<String, Map<String, Long>> quarantinedBy(List<ConsumerRecord<String, byte[]>> letters) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String topic : List.of(TopicNames.INSTRUMENTS, TopicNames.CONTROL)) {
            counts.put(topic, letters.stream().filter(from(topic))
                    .collect(Collectors.groupingBy(l -> header(l, "mm.service"), java.util.TreeMap::new, Collectors.counting())));
        }
        return counts;
    }

    private static Map<String, Map<String, Long>> everyServiceOnBoth(long times) {
        Map<String, Long> each = new java.util.TreeMap<>();
        new TreeSet<>(APPLICATION_IDS).forEach(id -> each.put(id, times));
        Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
        expected.put(TopicNames.INSTRUMENTS, each);
        expected.put(TopicNames.CONTROL, each);
        return expected;
    }

    private static List<Alert> unreadableAlerts(List<ConsumerRecord<String, Alert>> alerts) {
        return alerts.stream().map(ConsumerRecord::value).filter(a -> "UNREADABLE_GLOBAL_RECORD".equals(a.getKind())).toList();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> from(String topic) {
        return letter -> topic.equals(header(letter, "mm.source.topic"));
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
