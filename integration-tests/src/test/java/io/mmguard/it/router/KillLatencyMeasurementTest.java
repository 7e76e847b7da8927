package io.mmguard.it.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.router.OrderRouterConfig;
import io.mmguard.router.OrderRouterTopology;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a timed unit test (skipped unless {@code -Dmm.bench=true}): the time from a kill command
 * written to {@code mm.control} to the {@code CANCEL_ALL} on {@code mm.orders.live} being readable
 * (read_committed), over 100 kills after 50 warm-up kills ({@code -Dmm.bench.kills}, {@code -Dmm.bench.warmup.kills}), while PASS decisions arrive at {@value #RATE}/s. The router runs
 * as deployed: exactly-once, {@code commit.interval.ms=20}, {@code router.control.poll.ms=5}, fraction 1 so
 * every symbol has resting live orders when the kill lands. Between kills a signed enable turns live trading
 * back on and the test waits until every symbol rests live orders again.
 *
 * <pre>mvn -B -o -pl integration-tests test -Dtest='io.mmguard.it.router.KillLatencyMeasurementTest' -Dmm.bench=true</pre>
 *
 * Prints one line {@code kill_latency design=...} per design and writes it to {@code target/kill-latency-<design>.txt};
 * {@link #theFanOutDesignForComparison()} runs the same harness on the design not taken.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "mm.bench", matches = "true")
@Timeout(900)
class KillLatencyMeasurementTest {

    private static final int KILLS = Integer.getInteger("mm.bench.kills", 100);
    /** Kills before the measured ones, not counted: the JIT of broker, router and clients (one JVM, 2 cores) warms up. */
    private static final int WARMUP_KILLS = Integer.getInteger("mm.bench.warmup.kills", 50);
    private static final int RATE = Integer.getInteger("mm.bench.rate", 2_000);
    private static final int SYMBOLS = 6;
    private static final String KEY = "bench-control-key";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final ControlSigner signer = ControlSigner.withKey(KEY);

    @TempDir
    Path stateDir;

    @Test
    void killToCancelAllReadableUnderLoad() throws Exception {
        measure("router", bootstrap -> ServiceRunner.start(definition(), config(bootstrap)));
    }

    /** The same harness on {@link FanOutKillPrototype}: the control log fanned out per partition, two exactly-once hops. */
    @Test
    void theFanOutDesignForComparison() throws Exception {
        measure("fanout-prototype", bootstrap -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(FanOutKillPrototype.FANOUT_TOPIC, TopicLayout.DEFAULT_PARTITIONS, (short) 1)))
                        .all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> config = config(bootstrap);
            config.keySet().removeIf(key -> key.startsWith("canary.") || key.equals("switch.dir"));
            return ServiceRunner.start(new ServiceDefinition<CommonConfig>("fanout-prototype", 0, reader -> CommonConfig.read(reader, 0),
                    common -> common, (topics, common) -> FanOutKillPrototype.build(topics)), config);
        });
    }

    private void measure(String design, Function<String, RunningService> start) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
            }
            List<String> symbols = symbols();
            try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers());
                 Watcher watcher = new Watcher(kafka.bootstrapServers())) {
                for (String symbol : symbols) {
                    producer.send(new ProducerRecord<>(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde().serializer()
                            .serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol(symbol).build()))).get();
                }
                try (RunningService router = start.apply(kafka.bootstrapServers());
                     Load load = new Load(producer, symbols)) {
                    Await.until(WAIT, design + " RUNNING", () -> router.state().toString(),
                            () -> router.state() == KafkaStreams.State.RUNNING);
                    watcher.start();
                    load.start();
                    long[] all = new long[KILLS];
                    long[] first = new long[KILLS];
                    long[] warmup = new long[WARMUP_KILLS];
                    for (int k = 0; k < WARMUP_KILLS + KILLS; k++) {
                        int i = k - WARMUP_KILLS;
                        long since = System.nanoTime();
                        Await.until(WAIT, "live orders resting on every symbol", () -> watcher.liveSince(since).toString(),
                                () -> watcher.liveSince(since).containsAll(symbols));
                        String killId = "bench-kill-" + k;
                        long written = System.nanoTime();
                        send(producer, command(killId, ControlType.DISABLE_LIVE));
                        Await.until(WAIT, "a CANCEL_ALL for every symbol after " + killId, () -> watcher.cancelled(killId).toString(),
                                () -> watcher.cancelled(killId).size() == symbols.size());
                        long last = watcher.cancelled(killId).values().stream().mapToLong(Long::longValue).max().orElseThrow() - written;
                        if (i < 0) {
                            warmup[k] = last;
                        } else {
                            all[i] = last;
                            first[i] = watcher.cancelled(killId).values().stream().mapToLong(Long::longValue).min().orElseThrow() - written;
                        }
                        send(producer, command("bench-enable-" + k, ControlType.ENABLE_LIVE));
                    }
                    double seconds = (System.nanoTime() - load.startedAt) / 1e9;
                    String line = String.format("kill_latency design=%s kills=%d (after %d warm-up kills) load_rate=%.0f/s symbols=%d"
                                    + " partitions=%d all_symbols_cancelled_ms p50=%.1f p99=%.1f max=%.1f first_cancel_all_ms p50=%.1f"
                                    + " p99=%.1f warmup_ms p50=%.1f max=%.1f",
                            design, KILLS, WARMUP_KILLS, load.sent.get() / seconds, symbols.size(), TopicLayout.DEFAULT_PARTITIONS,
                            percentile(all, 50), percentile(all, 99), percentile(all, 100), percentile(first, 50), percentile(first, 99),
                            WARMUP_KILLS == 0 ? 0 : percentile(warmup, 50), WARMUP_KILLS == 0 ? 0 : percentile(warmup, 100));
                    System.out.println(line);
                    System.out.println("kill_latency_warmup_ms " + series(warmup));
                    System.out.println("kill_latency_series_ms " + series(all));
                    write(design, line);
                    assertThat(Arrays.stream(all).min().orElseThrow()).isPositive();
                }
            }
        }
    }

    private ServiceDefinition<OrderRouterConfig> definition() {
        return new ServiceDefinition<>(OrderRouterConfig.SERVICE, OrderRouterConfig.DEFAULT_METRICS_PORT,
                reader -> OrderRouterConfig.read(reader, Map.of(ControlSigner.KEY_ENV, KEY)), OrderRouterConfig::common,
                (topics, config) -> OrderRouterTopology.build(topics, config));
    }

    private Map<String, String> config(String bootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("application.id", "bench-router-" + UUID.randomUUID());
        config.put("state.dir", stateDir.resolve("router").toString());
        config.put("metrics.port", "0");
        config.put("canary.mode", "1");
        config.put("canary.fraction", "1");
        config.put("switch.dir", "-");
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("mm.bench.router."))
                .forEach(name -> config.put(name.substring("mm.bench.router.".length()), System.getProperty(name)));
        return config;
    }

    private ControlCommand command(String id, ControlType type) {
        ControlCommand command = ControlCommand.newBuilder().setId(id).setType(type).setScope(Scope.GLOBAL).setReason("bench")
                .setActor("bench").setIssuedAt(Instant.ofEpochMilli(System.currentTimeMillis())).build();
        command.setSignature(signer.sign(command));
        return command;
    }

    private void send(KafkaProducer<String, byte[]> producer, ControlCommand command) throws Exception {
        producer.send(new ProducerRecord<>(TopicNames.CONTROL, Topics.GLOBAL_KEY,
                topics.control().valueSerde().serializer().serialize(TopicNames.CONTROL, command))).get();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    private static List<String> symbols() {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (int i = 0; byPartition.values().stream().mapToInt(List::size).sum() < SYMBOLS; i++) {
            String symbol = "B" + i + "JPY";
            int partition = Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % TopicLayout.DEFAULT_PARTITIONS;
            List<String> list = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (list.size() < SYMBOLS / TopicLayout.DEFAULT_PARTITIONS) {
                list.add(symbol);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).sorted().toList();
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static List<String> series(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> String.format("%.1f", n / 1e6)).toList();
    }

    private static void write(String design, String line) throws IOException {
        Files.writeString(Path.of("target", "kill-latency-" + design + ".txt"), line + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /** PASS decisions round-robin over the symbols at {@value #RATE}/s, paced on its own thread (load, not a test wait). */
    private final class Load implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final List<String> symbols;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong sent = new AtomicLong();
        private final Thread thread;
        private long startedAt;

        Load(KafkaProducer<String, byte[]> producer, List<String> symbols) {
            this.producer = producer;
            this.symbols = symbols;
            this.thread = new Thread(this::run, "bench-load");
        }

        void start() {
            startedAt = System.nanoTime();
            thread.start();
        }

        private void run() {
            long interval = 1_000_000_000L / RATE;
            long next = System.nanoTime();
            for (long n = 0; running.get(); n++) {
                String symbol = symbols.get((int) (n % symbols.size()));
                RiskDecision decision = aPassDecision().setSymbol(symbol).setDecisionId("d-bench-" + n).setQuoteId("q-bench-" + n)
                        .setTs(Instant.ofEpochMilli(System.currentTimeMillis())).build();
                producer.send(new ProducerRecord<>(TopicNames.DECISIONS, symbol,
                        topics.decisions().valueSerde().serializer().serialize(TopicNames.DECISIONS, decision)));
                sent.incrementAndGet();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** Reads mm.orders.live (read_committed) on its own thread and stamps when each record became readable. */
    private final class Watcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Map<String, Long>> cancelAlls = new ConcurrentHashMap<>();
        private final Map<String, Long> lastLiveNew = new ConcurrentHashMap<>();
        private final Thread thread;

        Watcher(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.ORDERS_LIVE).stream()
                    .map(info -> new TopicPartition(TopicNames.ORDERS_LIVE, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "bench-watcher");
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(1))) {
                    long now = System.nanoTime();
                    OrderCommand order = topics.ordersLive().valueSerde().deserializer().deserialize(record.topic(), record.value());
                    if (order.getAction() == OrderAction.CANCEL_ALL) {
                        cancelAlls.computeIfAbsent(order.getProvenance().getInputId(), id -> new ConcurrentHashMap<>())
                                .putIfAbsent(order.getSymbol(), now);
                    } else if (order.getAction() == OrderAction.NEW && order.getRoute() == Route.LIVE) {
                        lastLiveNew.put(order.getSymbol(), now);
                    }
                }
            }
        }

        Map<String, Long> cancelled(String killId) {
            return cancelAlls.getOrDefault(killId, Map.of());
        }

        Set<String> liveSince(long since) {
            Set<String> symbols = new HashSet<>();
            lastLiveNew.forEach((symbol, at) -> {
                if (at > since) {
                    symbols.add(symbol);
                }
            });
            return symbols;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            consumer.close();
        }
    }
}
