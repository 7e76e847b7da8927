package io.mmguard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.KRaftVersion;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @Timeout(90)
    void roundTripsARecordAndDeletesTheTemporaryLogDirOnClose() throws Exception {
        Path logDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            logDir = kafka.logDir();
            assertThat(logDir).isDirectory();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            createTopic(kafka, "round-trip");

            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("round-trip", "k", "hello")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = consumer(kafka, "read_uncommitted")) {
                consumer.subscribe(List.of("round-trip"));
                List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
                assertThat(records).singleElement().satisfies(r -> {
                    assertThat(r.key()).isEqualTo("k");
                    assertThat(r.value()).isEqualTo("hello");
                });
            }
        }
        assertThat(logDir).doesNotExist();
    }

    @Test
    @Timeout(60)
    void closeIsIdempotent() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.close();
        kafka.close();
        assertThat(kafka.logDir()).doesNotExist();
        assertThat(connects(new InetSocketAddress("127.0.0.1", kafka.port()))).isFalse();
    }

    @Test
    @Timeout(90)
    void transactionalProducerCommitsAndReadCommittedConsumerSeesOnlyCommittedRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            createTopic(kafka, "txn");
            Map<String, Object> txn = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-" + UUID.randomUUID());
            try (KafkaProducer<String, String> producer = producer(kafka, txn)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("txn", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("txn", "k", "committed"));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> consumer = consumer(kafka, "read_committed")) {
                consumer.subscribe(List.of("txn"));
                List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
                assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
            }
        }
    }

    @ParameterizedTest(name = "squatter on {0}")
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0"})
    @Timeout(30)
    void occupiedPortFailsWithAOneLineMessageNamingThePort(String squatterAddress) throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName(squatterAddress), 0));
            int port = squatter.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Options.builder().port(port).build()))
                    .isInstanceOf(BrokerStartException.class)
                    .hasNoCause()
                    .hasMessage("cannot start the embedded Kafka broker: port " + port
                            + " on 127.0.0.1 is already in use; choose another with --port or stop the process using it");
        }
    }

    @Test
    @Timeout(30)
    void occupiedControllerPortIsReportedToo() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = squatter.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Options.builder().controllerPort(port).build()))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    @Timeout(120)
    void restartsOnTheSameFixedPortRightAfterClose() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        EmbeddedKafka.Options options = EmbeddedKafka.Options.builder().port(port).build();
        for (int run = 1; run <= 2; run++) {
            try (EmbeddedKafka kafka = EmbeddedKafka.start(options)) {
                assertThat(kafka.port()).isEqualTo(port);
                createTopic(kafka, "run-" + run); // leaves closed client connections behind (TIME_WAIT)
            }
        }
    }

    @Test
    @Timeout(60)
    void listensOnLoopbackOnly() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            assertThat(describeBrokerConfig(kafka).get("listeners").value()).isEqualTo(
                    "PLAINTEXT://127.0.0.1:" + kafka.port() + ",CONTROLLER://127.0.0.1:" + kafka.controllerPort());
            assertThat(connects(new InetSocketAddress("127.0.0.1", kafka.port()))).isTrue();

            Optional<InetAddress> external = nonLoopbackAddress();
            assumeThat(external).as("a non-loopback local address to probe").isPresent();
            assertThat(connects(new InetSocketAddress(external.get(), kafka.port()))).isFalse();
            assertThat(connects(new InetSocketAddress(external.get(), kafka.controllerPort()))).isFalse();
        }
    }

    @Test
    @Timeout(60)
    void finalizesTheLatestProductionMetadataVersionAndProductionFeatureDefaults() throws Exception {
        MetadataVersion production = MetadataVersion.latestProduction();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = admin(kafka)) {
            Map<String, FinalizedVersionRange> finalized = admin.describeFeatures().featureMetadata()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).finalizedFeatures();

            assertThat(production.isProduction()).isTrue();
            assertThat(finalized.get(MetadataVersion.FEATURE_NAME).maxVersionLevel()).isEqualTo(production.featureLevel());
            for (Feature feature : Feature.PRODUCTION_FEATURES) {
                short expected = feature.defaultLevel(production);
                if (feature.featureName().equals(KRaftVersion.FEATURE_NAME) || expected == 0) {
                    continue; // kraft.version follows the quorum type; level 0 features are not finalized
                }
                assertThat(finalized.get(feature.featureName()).maxVersionLevel())
                        .as(feature.featureName()).isEqualTo(expected);
            }
        }
    }

    @Test
    @Timeout(120)
    void aSuppliedLogDirIsKeptAndReusedAcrossRestarts(@TempDir Path tmp) throws Exception {
        Path logDir = tmp.resolve("kafka-data");
        EmbeddedKafka.Options options = EmbeddedKafka.Options.builder().logDir(logDir).build();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options)) {
            createTopic(kafka, "durable");
            try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
                producer.send(new ProducerRecord<>("durable", "k", "survives")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        assertThat(logDir.resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(options);
             KafkaConsumer<String, String> consumer = consumer(kafka, "read_committed")) {
            consumer.subscribe(List.of("durable"));
            assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("survives");
        }
        assertThat(logDir).isDirectory();
    }

    @Test
    void managedBrokerPropertiesCannotBeOverridden() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.builder().brokerProperty("listeners", "PLAINTEXT://0.0.0.0:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    private static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Map<String, ConfigEntry> describeBrokerConfig(EmbeddedKafka kafka)
            throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        try (Admin admin = admin(kafka)) {
            Config config = admin.describeConfigs(Set.of(broker)).all().get(WAIT.toSeconds(), TimeUnit.SECONDS).get(broker);
            Map<String, ConfigEntry> byName = new HashMap<>();
            config.entries().forEach(e -> byName.put(e.name(), e));
            return byName;
        }
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code expected} records arrived or the deadline passed; returns what arrived. */
    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int expected) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    private static boolean connects(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
