package io.mmguard.it.audit;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.sim.MarketFeed;
import io.mmguard.sim.SimSymbol;
import io.mmguard.sim.exchange.ExchangeFaults;
import io.mmguard.sim.exchange.LatencyModel;
import io.mmguard.sim.exchange.PaperExchange;
import io.mmguard.sim.exchange.PaperExchangeService;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The demo's pipeline on an embedded broker, wired as {@code bin/mm demo} wires it (without the canary controller and the
 * notifier, whose commands and alerts the audit does not re-derive): every topic provisioned, the quoter, risk-gate and
 * order-router started through {@link ServiceRunner} with this fixture's control key, the paper exchange, a seeded
 * synthetic market feed, and an operator that signs its commands. Each run has its own
 * application ids and state dirs. The behaviour overrides given to the services are also handed to the audit
 * ({@link #auditSettings()}), so the audit re-derives with the same config.
 */
final class PipelineOnABroker implements AutoCloseable {

    static final String VENUE = "sim";
    static final String CONTROL_KEY = "audit-it-control-key";
    static final String OPERATOR = "audit-it-operator";
    /**
     * The demo's symbols (livelier than the defaults, without random jumps), plus BCHJPY and LTCJPY: the demo's three all
     * hash to partition 0 of 3, these two to partitions 1 and 2, so every partition and task of every service has records.
     */
    static final List<SimSymbol> SYMBOLS = List.of(
            new SimSymbol("BTCJPY", SimSymbol.BTCJPY.startMid(), SimSymbol.BTCJPY.tick(), SimSymbol.BTCJPY.lotStep(),
                    SimSymbol.BTCJPY.quoteSize(), SimSymbol.BTCJPY.minNotional(), 1.0, 0, 0, 3),
            new SimSymbol("ETHJPY", SimSymbol.ETHJPY.startMid(), SimSymbol.ETHJPY.tick(), SimSymbol.ETHJPY.lotStep(),
                    SimSymbol.ETHJPY.quoteSize(), SimSymbol.ETHJPY.minNotional(), 1.2, 0, 0, 4),
            new SimSymbol("XRPJPY", SimSymbol.XRPJPY.startMid(), SimSymbol.XRPJPY.tick(), SimSymbol.XRPJPY.lotStep(),
                    SimSymbol.XRPJPY.quoteSize(), SimSymbol.XRPJPY.minNotional(), 2.5, 0, 0, 5),
            new SimSymbol("BCHJPY", new BigDecimal("68000"), BigDecimal.ONE, new BigDecimal("0.001"), new BigDecimal("0.05"),
                    new BigDecimal("1000"), 1.0, 0, 0, 4),
            new SimSymbol("LTCJPY", new BigDecimal("14500"), new BigDecimal("0.1"), new BigDecimal("0.01"), new BigDecimal("0.2"),
                    new BigDecimal("1000"), 1.2, 0, 0, 4));
    private static final List<ServiceDefinition<?>> SERVICES = List.of(QuoterService.DEFINITION, RiskGateService.DEFINITION,
            OrderRouterService.DEFINITION);

    final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final EmbeddedKafka kafka;
    private final Path stateRoot;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Map<String, String>> behaviour;
    private final Map<String, RunningService> services = new LinkedHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final ControlSigner signer = ControlSigner.withKey(CONTROL_KEY);
    private final AtomicInteger commands = new AtomicInteger();
    private PaperExchangeService exchange;
    private MarketFeed feed;
    private boolean feedStopped;

    /**
     * A fresh broker with every topic; nothing runs yet.
     *
     * @param behaviour per service ({@code quoter}, {@code risk-gate}, {@code order-router}): config keys that change
     *                  what the service derives; given to the service and, as {@code --set}, to the audit
     */
    PipelineOnABroker(Path stateRoot, Map<String, Map<String, String>> behaviour) throws InterruptedException {
        this.stateRoot = stateRoot;
        this.behaviour = behaviour;
        kafka = EmbeddedKafka.start();
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of(VENUE), TopicLayout.DEFAULT_PARTITIONS));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** The environment every process of this run gets: the control-signing key. */
    Map<String, String> environment() {
        return Map.of(ControlSigner.KEY_ENV, CONTROL_KEY);
    }

    /** Starts the three services and waits until each is RUNNING. */
    void startServices() throws InterruptedException {
        for (ServiceDefinition<?> service : SERVICES) {
            services.put(service.name(), ServiceRunner.start(service, serviceConfig(service.name()), environment()));
        }
        await(Duration.ofSeconds(60), "quoter, risk-gate and order-router RUNNING",
                () -> services.values().stream().map(s -> s.name() + "=" + s.state()).toList().toString(),
                () -> services.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    /** The paper exchange: reads live orders, books and instruments; writes execution reports. */
    void startExchange(long seed) {
        exchange = new PaperExchangeService(kafka.bootstrapServers(), topics, VENUE,
                new PaperExchange(new LatencyModel(25, 0.4), new LatencyModel(40, 0.5), ExchangeFaults.NONE, seed)).start();
    }

    /** Publishes the instruments (version 1), then {@code rate} book updates a second round-robin over {@link #SYMBOLS}. */
    void startFeed(int rate, long seed) throws InterruptedException {
        feed = new MarketFeed(kafka.bootstrapServers(), topics, VENUE, SYMBOLS, rate, seed).start();
    }

    /** Book updates the feed has published (acknowledged by the broker). */
    long published() {
        return feed.published();
    }

    /** Waits until the feed has published {@code count} book updates: the market's own clock. */
    void awaitPublished(long count, Duration timeout) throws InterruptedException {
        await(timeout, count + " book updates published", () -> feed.published() + " published", () -> feed.published() >= count);
    }

    /** Stops the feed; every update it sent is acknowledged when this returns. */
    void stopFeed() {
        feed.close();
        feedStopped = true;
    }

    /** The operator, as {@code bin/mm ctl} with the key: a signed SET_FRACTION, then a signed ENABLE_LIVE. */
    void operatorEnablesLive(String fraction) throws Exception {
        control(ControlType.SET_FRACTION, new BigDecimal(fraction), "audit-it: canary fraction " + fraction);
        control(ControlType.ENABLE_LIVE, null, "audit-it: enable live trading after the risk-gate warm-up");
    }

    /** The operator, as {@code bin/mm ctl set-param} with the key: a signed global SET_PARAM. */
    void operatorSetsParam(String param, String value) throws Exception {
        control(ControlType.SET_PARAM, param, new BigDecimal(value), "audit-it: " + param + " " + value);
    }

    private void control(ControlType type, BigDecimal value, String reason) throws Exception {
        control(type, null, value, reason);
    }

    private void control(ControlType type, String param, BigDecimal value, String reason) throws Exception {
        ControlCommand command = ControlCommand.newBuilder().setId(OPERATOR + "-" + run + "-" + commands.incrementAndGet())
                .setType(type).setScope(Scope.GLOBAL).setParam(param).setValue(value).setReason(reason).setActor(OPERATOR)
                .setIssuedAt(Instant.now()).build();
        command.setSignature(signer.sign(command));
        send(TopicNames.CONTROL, Topics.GLOBAL_KEY, topics.control().valueSerde().serializer().serialize(TopicNames.CONTROL, command),
                null);
    }

    /** A new version of {@code symbol}'s reference data with another tick size, as a reference-data job would publish it. */
    Instrument publishInstrument(String symbol, BigDecimal tick, long version) throws Exception {
        SimSymbol sim = SYMBOLS.stream().filter(s -> s.symbol().equals(symbol)).findFirst().orElseThrow();
        Instrument instrument = Instrument.newBuilder(sim.instrument(VENUE, Instant.now())).setTickSize(tick).setVersion(version)
                .build();
        send(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde().serializer().serialize(TopicNames.INSTRUMENTS,
                instrument), null);
        return instrument;
    }

    /** Appends {@code value} to {@code topic} with a chosen key and record time, as a tamperer with write access would. */
    RecordMetadata send(String topic, String key, byte[] value, Long timestamp) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
    }

    /**
     * Waits until the pipeline has nothing left to do: every service's consumer group has committed its input
     * partitions up to their ends (or only transaction markers lie between its commit and the end).
     */
    void awaitDrained(Duration timeout) throws InterruptedException {
        try (Admin admin = admin(); KafkaConsumer<byte[], byte[]> probe = rawConsumer()) {
            Map<String, String> pending = new TreeMap<>();
            await(timeout, "every service's group committed to the end of its inputs", pending::toString, () -> {
                pending.clear();
                pending.putAll(pending(admin, probe));
                return pending.isEmpty();
            });
        }
    }

    /** Per group and input partition that is not done: {@code committed/end}. */
    private Map<String, String> pending(Admin admin, KafkaConsumer<byte[], byte[]> probe) {
        Map<String, String> pending = new TreeMap<>();
        try {
            for (ServiceDefinition<?> service : SERVICES) {
                String group = applicationId(service.name());
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Set<TopicPartition> inputs = new HashSet<>(committed.keySet());
                for (String topic : inputsOf(service.name())) {
                    for (int p = 0; p < TopicLayout.DEFAULT_PARTITIONS; p++) {
                        inputs.add(new TopicPartition(topic, p));
                    }
                }
                Map<TopicPartition, OffsetSpec> latest = inputs.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                for (TopicPartition partition : inputs) {
                    long end = ends.get(partition).offset();
                    OffsetAndMetadata at = committed.get(partition);
                    long done = at == null ? 0 : at.offset();
                    if (done < end && readableBetween(probe, partition, done, end)) {
                        pending.put(group + " " + partition, done + "/" + end);
                    }
                }
            }
        } catch (ExecutionException e) {
            pending.put("admin", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.put("admin", "interrupted");
        }
        return pending;
    }

    /** True when a committed record lies in [from, end) (not only the transaction markers the commit may stop short of). */
    private static boolean readableBetween(KafkaConsumer<byte[], byte[]> probe, TopicPartition partition, long from, long end) {
        probe.assign(List.of(partition));
        probe.seek(partition, from);
        long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < deadline) {
            if (!probe.poll(Duration.ofMillis(50)).isEmpty()) {
                return true;
            }
            if (probe.position(partition) >= end) {
                return false;
            }
        }
        return true;
    }

    private static List<String> inputsOf(String service) {
        return switch (service) {
            case "quoter" -> List.of(TopicNames.book(VENUE));
            case "risk-gate" -> List.of(TopicNames.QUOTES, TopicNames.QUOTES_DENIED);
            default -> List.of(TopicNames.DECISIONS, TopicNames.EXEC_REPORTS);
        };
    }

    /** Stops the paper exchange and the services (their outputs stay on the topics). */
    void stopServices() {
        if (exchange != null) {
            exchange.close();
            exchange = null;
        }
        services.values().forEach(RunningService::close);
        services.clear();
    }

    /** The audit's {@code --set SERVICE.KEY=VALUE} arguments: the same overrides the services run with. */
    List<String> auditSettings() {
        List<String> args = new ArrayList<>();
        behaviour.forEach((service, keys) -> keys.forEach((key, value) -> {
            args.add("--set");
            args.add(service + "." + key + "=" + value);
        }));
        for (ServiceDefinition<?> service : SERVICES) {
            args.add("--set");
            args.add(service.name() + ".application.id=" + applicationId(service.name()));
        }
        return args;
    }

    /** How many committed records {@code topic} holds with a record time in [{@code from}, {@code to}]. */
    long recordedBetween(String topic, Instant from, Instant to) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " to " + end);
                }
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.timestamp() >= from.toEpochMilli() && record.timestamp() <= to.toEpochMilli()) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** A plain reader of raw records, for a reading baseline. */
    KafkaConsumer<byte[], byte[]> rawConsumer() {
        return new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-it-raw-" + UUID.randomUUID());
        return props;
    }

    String applicationId(String service) {
        return "audit-it-" + service + "-" + run;
    }

    private Map<String, String> serviceConfig(String service) {
        Map<String, String> config = new HashMap<>(behaviour.getOrDefault(service, Map.of()));
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId(service));
        config.put("state.dir", stateRoot.resolve(service + "-" + run).toString());
        config.put("metrics.port", "0");
        if (service.equals(OrderRouterService.DEFINITION.name())) {
            config.put("switch.dir", "-"); // no break-glass file watcher: a wall-clock input this run does not exercise
        }
        return config;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Waits with a deadline for {@code condition}, reporting {@code lastState} on failure (no fixed sleeps). */
    static void await(Duration timeout, String what, Supplier<String> lastState, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what + "; last state: "
                        + lastState.get());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (feed != null && !feedStopped) {
            feed.close();
        }
        stopServices();
        producer.close();
        kafka.close();
    }
}
