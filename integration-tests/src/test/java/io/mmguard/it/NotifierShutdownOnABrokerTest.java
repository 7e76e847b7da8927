package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.notifier.NotifierService;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost on shutdown (issue 15, item 4), on a real broker: alerts the notifier took from {@code mm.alerts} (offsets
 * committed) while the Slack webhook was down, and still unposted when it stopped, are posted by the next start of the
 * same application from its changelogged outbox, in {@code mm.alerts} order, and then leave the outbox.
 */
@Tag("integration")
@Timeout(180)
class NotifierShutdownOnABrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ALERTS = 5;

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final String applicationId = "notifier-it-" + UUID.randomUUID();

    @TempDir
    Path stateDir;

    @Test
    void alertsTakenWhileTheWebhookWasDownArePostedByTheNextStart() throws Exception {
        try (KafkaUnderTest kafka = KafkaUnderTest.start(); Webhook webhook = new Webhook()) {
            try (Admin admin = admin(kafka)) {
                new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
            }
            Map<String, String> config = config(kafka, webhook);

            // Given a running notifier whose webhook answers 503 to everything
            RunningService first = ServiceRunner.start(NotifierService.DEFINITION, config);
            List<String> expected = new ArrayList<>();
            try {
                Eventually.await(WAIT, "the first notifier RUNNING", () -> first.state().toString(),
                        () -> first.state() == KafkaStreams.State.RUNNING);
                produceAlerts(kafka, expected);

                // When it has taken every alert from mm.alerts (offsets committed) and is still trying to post the first
                Eventually.await(WAIT, "the notifier's committed offset on mm.alerts-0 to reach " + ALERTS,
                        () -> "committed " + committedOffset(kafka), () -> committedOffset(kafka) == ALERTS);
                Eventually.await(WAIT, "the webhook to refuse a post", () -> webhook.refused() + " refused",
                        () -> webhook.refused() > 0);
            } finally {
                first.close();
            }
            assertThat(webhook.posted()).as("nothing could be posted while the webhook was down").isEmpty();

            // Then, the webhook back, the same application started again posts every alert, in mm.alerts order
            webhook.comeUp();
            RunningService second = ServiceRunner.start(NotifierService.DEFINITION, config);
            try {
                Eventually.await(WAIT, "all " + ALERTS + " alerts posted after the restart", () -> webhook.posted().toString(),
                        () -> webhook.posted().size() >= ALERTS);
                assertThat(webhook.posted()).containsExactlyElementsOf(expected);

                // and each of them leaves the outbox: its last changelog record is a committed tombstone
                try (TopicReader<String> changelog = new TopicReader<>(kafka.bootstrapServers(),
                        applicationId + "-notifier-outbox-changelog", new StringDeserializer())) {
                    Eventually.await(WAIT, "a tombstone for every outbox entry", () -> lastValues(changelog.pollOnce()).toString(),
                            () -> {
                                Map<String, String> last = lastValues(changelog.pollOnce());
                                return last.size() == ALERTS && last.values().stream().allMatch(v -> v == null);
                            });
                }
            } finally {
                second.close();
            }
        }
    }

    private void produceAlerts(KafkaUnderTest kafka, List<String> expected) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topics.alerts().valueSerde().serializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < ALERTS; i++) {
                String message = "L2 age " + (600 + i) + " ms";
                Alert alert = Alert.newBuilder().setAlertId("it-" + i).setSeverity(Severity.WARN).setKind("STALE_BOOK")
                        .setSymbol("BTCJPY").setMessage(message).setTs(now.plusMillis(i)).build();
                producer.send(new ProducerRecord<>(TopicNames.ALERTS, "BTCJPY", alert)).get();
                expected.add("{\"text\":\":warning: STALE_BOOK BTCJPY – " + message + "\"}");
            }
        }
    }

    private Map<String, String> config(KafkaUnderTest kafka, Webhook webhook) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId);
        config.put("state.dir", stateDir.resolve("notifier").toString());
        config.put("metrics.port", "0");
        config.put("slack.webhook.url", webhook.url().toString());
        // while the webhook is down the first alert keeps being retried (never given up within this test)
        config.put("notifier.max.attempts", "20");
        config.put("notifier.backoff.ms", "200");
        config.put("notifier.shutdown.grace.ms", "1000");
        // Streams does not leave the group on close: a short session lets the restarted instance take the task quickly
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "500");
        return config;
    }

    private long committedOffset(KafkaUnderTest kafka) {
        try (Admin admin = admin(kafka)) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(TopicNames.ALERTS, 0));
            return committed == null ? -1 : committed.offset();
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, String> lastValues(List<ConsumerRecord<String, String>> records) {
        Map<String, String> last = new HashMap<>();
        records.forEach(record -> last.put(record.key(), record.value()));
        return last;
    }

    private static Admin admin(KafkaUnderTest kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** A Slack incoming webhook on loopback: 503 to every post until {@link #comeUp()}, then 200, recording each body. */
    private static final class Webhook implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService handlers = Executors.newFixedThreadPool(2);
        private final List<String> posted = new CopyOnWriteArrayList<>();
        private final AtomicInteger refused = new AtomicInteger();
        private volatile boolean up;

        Webhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/services/T000/B000/XXXX", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean accept = up;
                if (accept) {
                    posted.add(body);
                } else {
                    refused.incrementAndGet();
                }
                byte[] answer = (accept ? "ok" : "service_unavailable").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(accept ? 200 : 503, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.setExecutor(handlers);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX");
        }

        void comeUp() {
            up = true;
        }

        List<String> posted() {
            return List.copyOf(posted);
        }

        int refused() {
            return refused.get();
        }

        @Override
        public void close() {
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
