package io.mmguard.it;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.LocalCluster;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of each on-path service, one killed: a 3-broker cluster (RF 3, min ISR 2), the quoter, the risk-gate
 * and the order-router each as two {@code bin/mm run} processes of one application (3 partitions per symbol-keyed
 * topic, so each instance holds some), six symbols on those partitions, and a paced book feed from this test. For each
 * service in turn, the instance that holds the most of its input partitions is killed with SIGKILL and not restarted;
 * the survivor must take its partitions over (from its standby copy of their state) and every symbol must get orders
 * again for books sent after the kill. The time from the kill to the last symbol's first such order, read
 * read_committed, is that service's failover time (printed; the target is 10 s, docs/RELIABILITY.md has the measured
 * figures; the test fails only past {@link #SERVED_AGAIN_WITHIN}). Afterwards the chain is checked exactly-once.
 */
@Tag("integration")
@Timeout(600)
class FailoverOnAClusterTest {

    private static final int RATE = 30;
    private static final List<String> SERVICES = List.of("quoter", "risk-gate", "order-router");
    private static final int SYMBOLS_PER_PARTITION = 2;
    private static final Duration WAIT = Duration.ofSeconds(180);
    /** A hard bound for this shared 2-core machine (10 JVMs); the 10 s target is reported, not asserted. */
    private static final Duration SERVED_AGAIN_WITHIN = Duration.ofSeconds(45);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final AtomicInteger published = new AtomicInteger();

    @TempDir
    Path work;

    @Test
    void whenOneOfTwoInstancesOfEachServiceIsKilledTheOtherServesItsSymbolsAgainWithNothingDoubled() throws Exception {
        List<String> symbols = symbolsOnEveryPartition(TopicLayout.DEFAULT_PARTITIONS);
        LocalCluster.Options options = LocalCluster.Options.builder().brokers(3)
                .output(new PrintStream(Files.newOutputStream(work.resolve("cluster.log")), true)).build();
        try (LocalCluster cluster = LocalCluster.create(options)) {
            cluster.start();
            String bootstrap = cluster.bootstrapServers();
            AtomicBoolean feeding = new AtomicBoolean(true);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 ServiceProcesses services = new ServiceProcesses(work, getClass().getSimpleName(), bootstrap);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                         ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
                new TopicProvisioner(admin, (short) 3).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
                OrderWatch orders = new OrderWatch(bootstrap, topics);
                for (String symbol : symbols) {
                    producer.send(new ProducerRecord<>(TopicNames.INSTRUMENTS, symbol, topics.instruments().valueSerde()
                            .serializer().serialize(TopicNames.INSTRUMENTS, aBtcJpyInstrument().setSymbol(symbol).build()))).get();
                }
                for (String service : SERVICES) {
                    for (String instance : List.of("a", "b")) {
                        List<String> settings = new ArrayList<>(settings(service));
                        // the instance's name as the Streams client id, so the group's members say which instance they are
                        settings.addAll(List.of("--set", "kafka.client.id=" + service + "-" + instance));
                        services.startInstance(service + "-" + instance, service, settings);
                    }
                }
                for (String service : SERVICES) {
                    services.awaitHealthy(service + "-a", WAIT);
                    services.awaitHealthy(service + "-b", WAIT);
                }

                Thread feeder = new Thread(() -> feed(producer, symbols, feeding), "failover-feed");
                feeder.setDaemon(true);
                feeder.start();
                long feedStart = System.currentTimeMillis();
                Eventually.await(WAIT, "every symbol to get orders (both instances of each service warmed up)",
                        () -> orders.describe(symbols, feedStart), () -> orders.servedSince(symbols, feedStart).isPresent());

                Map<String, String> failovers = new LinkedHashMap<>();
                List<String> survivors = new ArrayList<>();
                for (String service : SERVICES) {
                    // the same measure without a kill first: how long this shape takes to serve every symbol anyway
                    long reference = System.currentTimeMillis();
                    Eventually.await(SERVED_AGAIN_WITHIN, "every symbol to get orders from books sent after " + reference
                            + " (no kill)", () -> orders.describe(symbols, reference),
                            () -> orders.servedSince(symbols, reference).isPresent());
                    long baselineMs = orders.servedSince(symbols, reference).orElseThrow() - reference;

                    String victim = holderOfMostPartitions(admin, service);
                    survivors.add(victim.endsWith("-a") ? service + "-b" : service + "-a");
                    List<Integer> held = partitionsOf(admin, service, victim);
                    long killedAt = System.currentTimeMillis();
                    int exit = services.kill(victim);
                    Eventually.await(SERVED_AGAIN_WITHIN, "every symbol to get orders again from books sent after the kill of "
                            + victim + " (it held partitions " + held + ")", () -> orders.describe(symbols, killedAt),
                            () -> orders.servedSince(symbols, killedAt).isPresent());
                    long servedAgainMs = orders.servedSince(symbols, killedAt).orElseThrow() - killedAt;
                    failovers.put(victim, servedAgainMs + " ms (without a kill " + baselineMs + " ms; held " + held + ", exit "
                            + exit + ")");
                    System.out.println("failover: " + victim + " killed, holding partitions " + held
                            + "; every symbol had orders again after " + servedAgainMs + " ms (the same measure without a kill, just"
                            + " before: " + baselineMs + " ms)");
                }

                feeding.set(false);
                feeder.join(10_000);
                producer.flush();
                try (ChainVerifier verifier = new ChainVerifier(bootstrap, topics, published.get())) {
                    Eventually.await(WAIT, "every book through the chain after " + failovers, verifier::summary,
                            verifier::complete);
                    verifier.assertExactlyOnce();
                    System.out.println("failover: " + failovers + "; " + verifier.summary());
                }
                for (String survivor : survivors) {
                    assertThat(services.process(survivor).isAlive()).as(survivor + " survived; " + services.errors(survivor))
                            .isTrue();
                }
                orders.close();
            } finally {
                feeding.set(false);
            }
        }
    }

    /**
     * The test's choice of settings: the risk-gate and router get a stale budget of an hour, because this test is about
     * partitions moving, not the lag guard (this shape runs seconds behind while a survivor takes over, and every book
     * frozen PIPELINE_LAG would route nothing to measure); the router routes shadow (killed at start).
     */
    private static List<String> settings(String service) {
        return switch (service) {
            case "quoter" -> List.of();
            case "risk-gate" -> List.of("--set", "risk.stale.ms=3600000");
            default -> List.of("--set", "risk.stale.ms=3600000", "--set", "switch.dir=-");
        };
    }

    /** {@value #SYMBOLS_PER_PARTITION} symbols on each partition of the symbol-keyed topics (Kafka's default partitioner). */
    private static List<String> symbolsOnEveryPartition(int partitions) {
        List<String> chosen = new ArrayList<>();
        int[] perPartition = new int[partitions];
        for (int i = 0; chosen.size() < partitions * SYMBOLS_PER_PARTITION; i++) {
            String symbol = "FO" + (char) ('A' + i / 26) + (char) ('A' + i % 26) + "JPY";
            int partition = Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (perPartition[partition] < SYMBOLS_PER_PARTITION) {
                perPartition[partition]++;
                chosen.add(symbol);
            }
        }
        return chosen;
    }

    /** Publishes books at {@link #RATE}/s, round robin over {@code symbols}, stamped now, until {@code feeding} is false. */
    private void feed(KafkaProducer<String, byte[]> producer, List<String> symbols, AtomicBoolean feeding) {
        long start = System.nanoTime();
        for (int i = 0; feeding.get(); i++) {
            long wait = start + (long) (i * 1e9 / RATE) - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the feed, not waiting for a condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String symbol = symbols.get(i % symbols.size());
            Instant now = Instant.now();
            BigDecimal wiggle = BigDecimal.valueOf((i / symbols.size()) % 7);
            BookUpdate book = aBtcJpyBook().setSymbol(symbol).setSequence(i / symbols.size() + 1)
                    .setBidPrice(new BigDecimal("17159267").add(wiggle)).setAskPrice(new BigDecimal("17159271").add(wiggle))
                    .setExchangeTs(now).setReceiveTs(now).build();
            producer.send(new ProducerRecord<>(TopicNames.book("sim"), symbol,
                    topics.books().valueSerde().serializer().serialize(TopicNames.book("sim"), book)));
            published.incrementAndGet();
        }
    }

    /** The instance ({@code <service>-a} or {@code -b}) whose consumer holds the most partitions of the service's group. */
    private String holderOfMostPartitions(Admin admin, String service) throws Exception {
        Map<String, Integer> heldBy = new LinkedHashMap<>();
        for (String instance : List.of(service + "-a", service + "-b")) {
            heldBy.put(instance, partitionsOf(admin, service, instance).size());
        }
        return heldBy.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The input partitions the consumer of {@code instance} (its client id) holds in the service's consumer group. */
    private static List<Integer> partitionsOf(Admin admin, String service, String instance) throws Exception {
        String group = "mmguard-" + service;
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return description.members().stream().filter(m -> m.clientId().startsWith(instance + "-"))
                .map(MemberDescription::assignment).flatMap(a -> a.topicPartitions().stream())
                .filter(tp -> !tp.topic().startsWith("mmguard-") && !tp.topic().equals(TopicNames.INSTRUMENTS)
                        && !tp.topic().equals(TopicNames.CONTROL))
                .map(TopicPartition::partition).distinct().sorted().toList();
    }

    /** Reads every NEW order (live and shadow, read_committed) from now on, on its own thread, with when it was read. */
    private static final class OrderWatch {

        private record Seen(String symbol, long bookTs, long readAt) {
        }

        private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        private final Map<String, Long> lastBookTs = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        OrderWatch(String bootstrap, Topics topics) {
            Deserializer<OrderCommand> orders = topics.ordersLive().valueSerde().deserializer();
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            thread = new Thread(() -> {
                try (consumer) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (String topic : List.of(TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW)) {
                        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    }
                    consumer.assign(partitions);
                    consumer.seekToEnd(partitions);
                    while (running.get()) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                            OrderCommand order = orders.deserialize(record.topic(), record.headers(), record.value());
                            if (order.getAction() == OrderAction.NEW) {
                                seen.add(new Seen(order.getSymbol(), record.timestamp(), System.currentTimeMillis()));
                                lastBookTs.merge(order.getSymbol(), record.timestamp(), Math::max);
                            }
                        }
                    }
                }
            }, "failover-order-watch");
            thread.setDaemon(true); // a failed test must not leave the JVM waiting for it
            thread.start();
        }

        /** When the last of {@code symbols} first had an order read for a book stamped at or after {@code since}. */
        Optional<Long> servedSince(List<String> symbols, long since) {
            long last = 0;
            for (String symbol : symbols) {
                Optional<Long> first = seen.stream().filter(s -> s.symbol().equals(symbol) && s.bookTs() >= since)
                        .map(Seen::readAt).min(Comparator.naturalOrder());
                if (first.isEmpty()) {
                    return Optional.empty();
                }
                last = Math.max(last, first.get());
            }
            return Optional.of(last);
        }

        /** Per symbol, how far behind {@code since} its newest order's book is (for a failure message). */
        String describe(List<String> symbols, long since) {
            Map<String, String> state = new LinkedHashMap<>();
            for (String symbol : symbols) {
                Long newest = lastBookTs.get(symbol);
                state.put(symbol, newest == null ? "no order yet" : newest >= since ? "served"
                        : "newest order's book " + (since - newest) + " ms before");
            }
            return state.toString();
        }

        void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
