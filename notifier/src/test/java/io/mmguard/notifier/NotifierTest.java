package io.mmguard.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NotifierTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final String CHANGELOG = "notifier-test-" + Outbox.STORE + "-changelog";
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private KeyValueStore<String, String> outbox;

    @TempDir
    Path stateDir;

    private void start(FakeSlackWebhook webhook, Map<String, String> extra) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notifier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(NotifierTopology.build(topics, config(webhook, extra), meters), props);
        alerts = driver.createInputTopic(topics.alerts().name(), new StringSerializer(), topics.alerts().valueSerde().serializer());
        outbox = driver.getKeyValueStore(Outbox.STORE);
    }

    private static NotifierConfig config(FakeSlackWebhook webhook, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "unused:9092", "notifier.backoff.ms", "20"));
        if (webhook != null) {
            values.put("slack.webhook.url", webhook.url().toString());
        }
        values.putAll(extra);
        return NotifierConfig.read(new ConfigReader("notifier", values));
    }

    /** Fires the processor's wall-clock punctuator once: finished messages leave the outbox, waiting ones are queued. */
    private void punctuate() {
        driver.advanceWallClockTime(NotifierTopology.PUNCTUATE_EVERY);
    }

    /**
     * Punctuates until {@code condition} holds: the sender reports a message finished only after the webhook has answered,
     * so the test cannot know the exact punctuation that removes it.
     */
    private static void awaitPunctuating(Runnable punctuate, BooleanSupplier condition, String what) throws InterruptedException {
        await(() -> {
            punctuate.run();
            return condition.getAsBoolean();
        }, what);
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
            // the sender counts a post once its response has arrived, after the webhook recorded the delivery
            await(() -> meters.counter("mm_notifier_sent", "kind", "KILL_SWITCH").count() == 1, "the post to be counted sent");
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

    @Test
    void aPostedAlertLeavesTheOutboxAtTheNextPunctuationThroughTheChangelog() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(0)) {
            start(webhook, Map.of());

            alerts.pipeInput("*", killSwitch("a-1", T0));

            String text = ":octagonal_sign: KILL SWITCH – sanity_fail: implied_bp=5004.04 > limit=100 BTCJPY";
            assertThat(entries(outbox)).as("in the outbox before anything is posted").containsExactly(KeyValue.pair(
                    "0000000000000000000", "{\"kind\":\"KILL_SWITCH\",\"text\":\"" + text + "\",\"source\":\"mm.alerts-0@0\"}"));
            await(() -> webhook.delivered().size() == 1, "the alert to be posted");
            awaitPunctuating(this::punctuate, () -> entries(outbox).isEmpty(), "the posted alert to leave the outbox");
            TestOutputTopic<String, String> changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(),
                    new StringDeserializer());
            List<KeyValue<String, String>> logged = changelog.readKeyValuesToList();
            assertThat(logged).extracting(kv -> kv.key).containsExactly("0000000000000000000", "0000000000000000000");
            assertThat(logged.get(0).value).contains(text);
            assertThat(logged.get(1).value).as("a tombstone").isNull();
        }
    }

    @Test
    void aFailingWebhookKeepsTheAlertInTheOutboxUntilItIsFinallyGivenUp() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(100)) {
            webhook.holdRequests();
            start(webhook, Map.of("notifier.max.attempts", "3"));

            alerts.pipeInput("BTCJPY", reject("a-1", T0));
            await(() -> webhook.requests() == 1, "the first attempt to reach the webhook");
            punctuate();
            assertThat(entries(outbox)).as("kept while attempts are left").extracting(kv -> kv.key)
                    .containsExactly("0000000000000000000");

            webhook.release();
            awaitPunctuating(this::punctuate, () -> entries(outbox).isEmpty(), "the given-up alert to leave the outbox");
            assertThat(meters.counter("mm_notifier_failed", "kind", "ORDER_REJECT").count()).isEqualTo(1);
            assertThat(webhook.requests()).isEqualTo(3);
        }
    }

    @Test
    void anAlertFindingTheQueueFullWaitsInTheOutboxAndIsPostedInOrderWhenThereIsRoom() throws Exception {
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(0)) {
            webhook.holdRequests();
            start(webhook, Map.of("notifier.queue.capacity", "1"));

            alerts.pipeInput("*", killSwitch("a-1", T0));
            await(() -> webhook.requests() == 1, "the first alert to be in flight");
            alerts.pipeInput("BTCJPY", reject("a-2", T0.plusSeconds(1)));              // queued
            alerts.pipeInput("BTCJPY", stale("s-1", T0.plusSeconds(2), "L2 age 600 ms")); // queue full: waits
            alerts.pipeInput("BTCJPY", stale("s-2", T0.plusSeconds(3), "L2 age 700 ms")); // waits behind s-1
            punctuate(); // the queue is still full: nothing moves

            assertThat(meters.counter("mm_notifier_deferred", "reason", "queue_full", "kind", "STALE_BOOK").count()).isEqualTo(2);
            assertThat(entries(outbox)).extracting(kv -> kv.key).containsExactly("0000000000000000000", "0000000000000000001",
                    "0000000000000000002", "0000000000000000003");
            assertThat(webhook.delivered()).isEmpty();

            webhook.release();
            awaitPunctuating(this::punctuate, () -> entries(outbox).isEmpty(), "all four alerts to be posted and leave the outbox");

            assertThat(webhook.delivered()).hasSize(4);
            assertThat(webhook.delivered()).as("in mm.alerts order").satisfiesExactly(
                    body -> assertThat(body).contains(":octagonal_sign: KILL SWITCH"),
                    body -> assertThat(body).contains(":rotating_light: ORDER REJECT"),
                    body -> assertThat(body).contains("STALE_BOOK BTCJPY – L2 age 600 ms"),
                    body -> assertThat(body).contains("STALE_BOOK BTCJPY – L2 age 700 ms"));
        }
    }

    @Test
    void alertsLeftInTheOutboxByAStoppedNotifierAreReSentWhenItStartsAgain() throws Exception {
        KeyValueStore<String, String> store = inMemoryOutbox();
        try (FakeSlackWebhook down = new FakeSlackWebhook(1_000)) {
            NotifierConfig config = config(down, Map.of("notifier.max.attempts", "20", "notifier.shutdown.grace.ms", "0"));
            MockProcessorContext<Void, Void> context = contextWith(store);
            NotifierTopology.NotifyProcessor first = new NotifierTopology.NotifyProcessor(config,
                    new NotifierTopology.SenderHolder(config, meters), meters);
            first.init(context);
            process(first, context, 7, "*", killSwitch("a-1", T0));
            process(first, context, 8, "BTCJPY", reject("a-2", T0.plusSeconds(1)));
            await(() -> down.requests() >= 2, "the webhook to refuse the first alert twice");

            first.close();

            assertThat(entries(store)).extracting(kv -> kv.key).containsExactly(Outbox.key(7), Outbox.key(8));
            assertThat(down.delivered()).isEmpty();
            assertThat(meters.find("mm_notifier_failed").counters()).as("stopped, not given up").isEmpty();
        }
        try (FakeSlackWebhook up = new FakeSlackWebhook(0)) {
            NotifierConfig config = config(up, Map.of());
            MockProcessorContext<Void, Void> context = contextWith(store);
            NotifierTopology.NotifyProcessor second = new NotifierTopology.NotifyProcessor(config,
                    new NotifierTopology.SenderHolder(config, meters), meters);

            second.init(context);

            await(() -> up.delivered().size() == 2, "both pending alerts to be re-sent");
            assertThat(up.delivered().get(0)).contains(":octagonal_sign: KILL SWITCH");
            assertThat(up.delivered().get(1)).contains(":rotating_light: ORDER REJECT pair=BTCJPY");
            awaitPunctuating(() -> context.scheduledPunctuators().get(0).getPunctuator().punctuate(0),
                    () -> entries(store).isEmpty(), "the re-sent alerts to leave the outbox");
            second.close();
        }
    }

    @Test
    void aReplayedAlertThatIsStillPendingIsQueuedOnceNotTwice() throws Exception {
        KeyValueStore<String, String> store = inMemoryOutbox();
        try (FakeSlackWebhook webhook = new FakeSlackWebhook(0)) {
            NotifierConfig config = config(webhook, Map.of());
            MockProcessorContext<Void, Void> context = contextWith(store);
            store.put(Outbox.key(7), new Outbox.Entry("KILL_SWITCH", ":octagonal_sign: KILL SWITCH – from the outbox",
                    "mm.alerts-0@7").encode());
            NotifierTopology.NotifyProcessor processor = new NotifierTopology.NotifyProcessor(config,
                    new NotifierTopology.SenderHolder(config, meters), meters);
            processor.init(context);

            // at_least_once: offsets 7 and 8 are read again although offset 7's message was already in the outbox
            process(processor, context, 7, "*", killSwitch("a-1", T0));
            process(processor, context, 8, "BTCJPY", reject("a-2", T0.plusSeconds(1)));

            await(() -> webhook.delivered().size() >= 2, "the pending and the new alert");
            assertThat(webhook.delivered()).as("the sender is FIFO: a second copy of offset 7 would have come before offset 8")
                    .hasSize(2);
            assertThat(webhook.delivered().get(0)).contains("from the outbox");
            assertThat(webhook.delivered().get(1)).contains("ORDER REJECT");
            processor.close();
        }
    }

    @Test
    void aShutdownGraceBeyondTwentySecondsIsRefused() {
        assertThatThrownBy(() -> config(null, Map.of("notifier.shutdown.grace.ms", "30000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("notifier.shutdown.grace.ms");
        assertThat(config(null, Map.of()).shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    private static KeyValueStore<String, String> inMemoryOutbox() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Outbox.STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
    }

    /** A processor context holding {@code store}, as a restarted task would find its restored outbox. */
    private static MockProcessorContext<Void, Void> contextWith(KeyValueStore<String, String> store) {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        if (!store.isOpen()) {
            store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
        return context;
    }

    private static void process(NotifierTopology.NotifyProcessor processor, MockProcessorContext<Void, Void> context,
                                long offset, String key, Alert alert) {
        context.setRecordMetadata("mm.alerts", 0, offset);
        processor.process(new Record<>(key, alert, alert.getTs().toEpochMilli()));
    }

    private static List<KeyValue<String, String>> entries(KeyValueStore<String, String> store) {
        List<KeyValue<String, String>> all = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
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
