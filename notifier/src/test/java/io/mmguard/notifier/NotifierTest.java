package io.mmguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NotifierTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;

    private void start(FakeSlackWebhook webhook, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "notifier.backoff.ms", "20"));
        if (webhook != null) {
            values.put("slack.webhook.url", webhook.url().toString());
        }
        values.putAll(extra);
        NotifierConfig config = NotifierConfig.read(new ConfigReader("notifier", values));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notifier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(NotifierTopology.build(topics, config, meters), props);
        alerts = driver.createInputTopic(topics.alerts().name(), new StringSerializer(), topics.alerts().valueSerde().serializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aFailingThenRecoveringWebhookGetsTheAlertAfterRetriesInTheSeedsFormat() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(2)) {
            start(webhook, Map.of());

            alerts.pipeInput("*", killSwitch("a-1", T0));

            await(() -> webhook.delivered().size() == 1, "one delivered message");
            assertThat(webhook.requests()).isEqualTo(3);
            assertThat(webhook.delivered().get(0)).isEqualTo(
                    "{\"text\":\":octagonal_sign: KILL SWITCH – sanity_fail: implied_bp=5004.04 > limit=100 BTCJPY\"}");
            assertThat(meters.counter("mm_notifier_retries", "kind", "KILL_SWITCH").count()).isEqualTo(2);
            assertThat(meters.counter("mm_notifier_sent", "kind", "KILL_SWITCH").count()).isEqualTo(1);
        }
    }

    @Test
    void aWebhookThatNeverRecoversIsCountedAsFailedNotLost() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(100)) {
            start(webhook, Map.of("notifier.max.attempts", "3"));

            alerts.pipeInput("BTCJPY", reject("a-1", T0));

            await(() -> meters.counter("mm_notifier_failed", "kind", "ORDER_REJECT").count() == 1, "the failure to be counted");
            assertThat(webhook.requests()).isEqualTo(3);
            assertThat(webhook.delivered()).isEmpty();
        }
    }

    @Test
    void aSlowWebhookNeverBlocksTheStream() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(0)) {
            webhook.holdRequests();
            start(webhook, Map.of());

            alerts.pipeInput("*", killSwitch("a-1", T0));
            alerts.pipeInput("BTCJPY", reject("a-2", T0.plusSeconds(1)));

            assertThat(webhook.delivered()).as("both alerts were processed while the webhook still held the first").isEmpty();
            webhook.release();
            await(() -> webhook.delivered().size() == 2, "both messages after release");
            assertThat(webhook.delivered().get(1)).isEqualTo("{\"text\":\":rotating_light: ORDER REJECT pair=BTCJPY side=BUY"
                    + " q=0.001 px=17160000 code=-1013 reason=MIN_NOTIONAL action=halt new-orders 60s / check filters / widen tick-rounding\"}");
        }
    }

    @Test
    void duplicatesAreSentOnceAndAFloodOfOneKindIsRateLimitedThenSummarised() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(0)) {
            start(webhook, Map.of("notifier.rate.per.kind.per.minute", "2"));

            alerts.pipeInput("BTCJPY", reject("a-1", T0));
            alerts.pipeInput("BTCJPY", reject("a-2", T0.plusSeconds(1)));
            for (int i = 0; i < 5; i++) {
                alerts.pipeInput("BTCJPY", stale("s-" + i, T0.plusSeconds(2 + i), "L2 age " + (600 + i) + " ms"));
            }
            alerts.pipeInput("BTCJPY", stale("s-late", T0.plusSeconds(70), "L2 age 900 ms"));

            await(() -> webhook.delivered().size() == 4, "4 messages: 1 reject, 2 stale, 1 stale with a summary");
            assertThat(meters.counter("mm_notifier_dropped", "reason", "duplicate", "kind", "ORDER_REJECT").count()).isEqualTo(1);
            assertThat(meters.counter("mm_notifier_dropped", "reason", "rate_limited", "kind", "STALE_BOOK").count()).isEqualTo(3);
            assertThat(webhook.delivered().get(3)).contains("(+3 more STALE_BOOK held back by the rate limit; see mm.alerts)");
        }
    }

    @Test
    void withoutAWebhookTheNotifierIsSilentAsInTheSeed() {
        start(null, Map.of());

        alerts.pipeInput("*", killSwitch("a-1", T0));

        assertThat(meters.counter("mm_alerts_seen", "kind", "KILL_SWITCH", "severity", "CRIT").count()).isEqualTo(1);
        assertThat(meters.find("mm_notifier_sent").counters()).isEmpty();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Alert killSwitch(String id, Instant at) {
        return Alert.newBuilder().setAlertId(id).setSeverity(Severity.CRIT).setKind("KILL_SWITCH").setSymbol(null)
                .setMessage("live trading disabled").setDetails(Map.of("kill_reason", "sanity_fail: implied_bp=5004.04 > limit=100 BTCJPY"))
                .setTs(at).build();
    }

    private static Alert reject(String id, Instant at) {
        return Alert.newBuilder().setAlertId(id).setSeverity(Severity.WARN).setKind("ORDER_REJECT").setSymbol("BTCJPY")
                .setMessage("order rejected").setDetails(Map.of("side", "BUY", "quantity", "0.001", "price", "17160000", "code", "-1013",
                        "reason", "MIN_NOTIONAL", "action", "halt new-orders 60s / check filters / widen tick-rounding"))
                .setTs(at).build();
    }

    private static Alert stale(String id, Instant at, String message) {
        return Alert.newBuilder().setAlertId(id).setSeverity(Severity.WARN).setKind("STALE_BOOK").setSymbol("BTCJPY")
                .setMessage(message).setTs(at).build();
    }
}
