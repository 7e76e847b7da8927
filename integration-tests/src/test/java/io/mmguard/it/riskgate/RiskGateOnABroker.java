package io.mmguard.it.riskgate;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.core.testing.TestRecords.aSaneQuote;

import io.mmguard.core.quote.QuoteMath;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A fresh embedded broker with every topic provisioned ({@code mm.quotes} and friends on 4
 * partitions), risk-gate instances started through {@link ServiceRunner} exactly as deployed, a
 * producer of quotes with chosen record times, and a read_committed view of the decisions.
 */
final class RiskGateOnABroker implements AutoCloseable {

    static final int PARTITIONS = 4;
    static final Duration WAIT = Duration.ofSeconds(40);

    final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    final String applicationId = "risk-gate-it-" + UUID.randomUUID();
    private long bookSequence;
    private final EmbeddedKafka kafka;
    private final Path stateRoot;
    private final KafkaProducer<String, Quote> quotes;
    private final KafkaConsumer<String, RiskDecision> decisionReader;
    private final Map<String, RiskDecision> decisionsByQuoteId = new HashMap<>();
    private final List<RunningService> services = new ArrayList<>();

    RiskGateOnABroker(Path stateRoot) throws InterruptedException {
        this.stateRoot = stateRoot;
        kafka = EmbeddedKafka.start();
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), PARTITIONS));
        }
        quotes = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), topics.quotes().valueSerde().serializer());
        decisionReader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-decisions-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                topics.decisions().valueSerde().deserializer());
        decisionReader.subscribe(List.of(TopicNames.DECISIONS));
    }

    /** Reference data for each symbol (tick 1), written before any risk-gate starts. */
    void instruments(List<String> symbols) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, io.mmguard.schemas.Instrument> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topics.instruments().valueSerde().serializer())) {
            for (String symbol : symbols) {
                producer.send(new ProducerRecord<>(TopicNames.INSTRUMENTS, symbol, aBtcJpyInstrument().setSymbol(symbol).build()))
                        .get();
            }
        }
    }

    /**
     * Starts one risk-gate instance of this test's application with its own state dir and client id.
     * A short session timeout lets the group notice a closed instance within seconds (Streams does
     * not leave the group on close).
     */
    RunningService startRiskGate(String instance) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId);
        config.put("state.dir", stateDir(instance).toString());
        config.put("metrics.port", "0");
        // these tests write quotes with record times of their own choosing (a warm-up spread over seconds, written at
        // once): the stale-book and pipeline-lag budget must not judge them by the wall clock
        config.put("risk.stale.ms", "600000");
        config.put("kafka.client.id", instance);
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "500");
        RunningService service = ServiceRunner.start(RiskGateService.DEFINITION, config);
        services.add(service);
        return service;
    }

    Path stateDir(String instance) {
        return stateRoot.resolve(instance);
    }

    /** Deletes an instance's local state, so only the changelog can bring it back. */
    void deleteState(String instance) {
        Path dir = stateDir(instance);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A correct 5 bp quote for {@code symbol} at {@code mid}, its book fresh: record time = book time = {@code at}; each
     * quote a new book of its venue (sequence numbers increase in send order).
     */
    void quote(String symbol, String quoteId, long mid, Instant at) throws ExecutionException, InterruptedException {
        BigDecimal exactMid = BigDecimal.valueOf(mid);
        QuoteMath.Prices prices = QuoteMath.quote(exactMid, new BigDecimal("5"), BigDecimal.ONE);
        Quote quote = aSaneQuote().setQuoteId(quoteId).setSymbol(symbol).setBookSequence(++bookSequence).setBookTs(at)
                .setMid(exactMid)
                .setBid(prices.bid()).setAsk(prices.ask())
                .setImpliedBp(QuoteMath.impliedBps(prices.bid(), prices.ask(), exactMid)).build();
        quotes.send(new ProducerRecord<>(TopicNames.QUOTES, null, at.toEpochMilli(), symbol, quote)).get();
    }

    /** The decision for {@code quoteId}, waiting for it to be committed. */
    RiskDecision awaitDecision(String quoteId) throws InterruptedException {
        await("the decision for " + quoteId, () -> decisionsByQuoteId.size() + " decisions read so far", () -> {
            pollDecisions();
            return decisionsByQuoteId.containsKey(quoteId);
        });
        return decisionsByQuoteId.get(quoteId);
    }

    /** Every decision for these quote ids, waiting until all are committed. */
    List<RiskDecision> awaitDecisions(List<String> quoteIds) throws InterruptedException {
        await(quoteIds.size() + " decisions", () -> "missing " + quoteIds.stream()
                .filter(id -> !decisionsByQuoteId.containsKey(id)).limit(5).toList(), () -> {
            pollDecisions();
            return decisionsByQuoteId.keySet().containsAll(quoteIds);
        });
        return quoteIds.stream().map(decisionsByQuoteId::get).toList();
    }

    private void pollDecisions() {
        decisionReader.poll(Duration.ofMillis(100)).forEach(record -> {
            RiskDecision decision = record.value();
            if (!decision.getQuoteId().isEmpty()) {
                decisionsByQuoteId.putIfAbsent(decision.getQuoteId(), decision);
            }
        });
    }

    /** The mm.quotes partition a symbol is produced to (the default partitioner: murmur2 of the key). */
    static int partitionOf(String symbol) {
        return Utils.toPositive(Utils.murmur2(symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** The mm.quotes partitions each member of the group owns, by client id prefix (the instance name). */
    Map<String, Set<Integer>> quotePartitionsByInstance() {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all().get()
                    .get(applicationId);
            Map<String, Set<Integer>> owned = new HashMap<>();
            for (MemberDescription member : group.members()) {
                String instance = member.clientId().substring(0, member.clientId().indexOf("-StreamThread"));
                Set<Integer> partitions = owned.computeIfAbsent(instance, i -> new TreeSet<>());
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(TopicNames.QUOTES)) {
                        partitions.add(partition.partition());
                    }
                }
            }
            return owned;
        } catch (ExecutionException e) {
            return Map.of("describe failed", Set.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    void awaitRunning(RunningService... instances) throws InterruptedException {
        await("risk-gate instances RUNNING", () -> Stream.of(instances).map(s -> s.state().name()).toList().toString(),
                () -> Stream.of(instances).allMatch(s -> s.state() == KafkaStreams.State.RUNNING));
    }

    /** Waits with a deadline for {@code condition}, reporting {@code lastState} on failure (no fixed sleeps). */
    static void await(String what, Supplier<String> lastState, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + "s waiting for " + what + "; last state: "
                        + lastState.get());
            }
            Thread.sleep(50);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Override
    public void close() {
        services.forEach(RunningService::close);
        quotes.close();
        decisionReader.close();
        kafka.close();
    }
}
