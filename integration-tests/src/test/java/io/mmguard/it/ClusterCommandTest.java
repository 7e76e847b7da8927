package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mm cluster} as an operator runs it: the launcher in its own JVM, three broker JVMs under it, a real KRaft
 * quorum. A topic with three replicas takes acks=all writes and reads them back; after a {@code kill -9} of one broker
 * the command reports it and acks=all writes still succeed on the two left (min.insync.replicas 2); SIGTERM stops every
 * broker, exits 0 and removes the temporary data directory. With {@code --data} the storage is kept and the next run
 * serves the same topics and records.
 */
@Tag("integration")
@Timeout(300)
class ClusterCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final Pattern BOOTSTRAP =
            Pattern.compile("bootstrap (127\\.0\\.0\\.1:\\d+(?:,127\\.0\\.0\\.1:\\d+)*)\\R?");
    private static final Pattern BROKER = Pattern.compile("mm cluster: broker (\\d+) pid (\\d+) 127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern DATA_DIR = Pattern.compile("mm cluster: data directory (\\S+) \\(");

    private final List<Cluster> started = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void killLeftovers() {
        for (Cluster cluster : started) {
            cluster.process.destroyForcibly();
            cluster.brokers().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void threeBrokerProcessesReplicateThreeWaysSurviveAKilledBrokerAndStopCleanlyOnSigterm() throws Exception {
        Cluster cluster = Cluster.start(work, "three", "cluster", "--brokers", "3");
        started.add(cluster);
        String bootstrap = cluster.awaitBootstrap();

        assertThat(cluster.out()).as("stdout carries the bootstrap line and nothing else").matches(BOOTSTRAP);
        assertThat(bootstrap.split(",")).hasSize(3);
        Map<Integer, Long> brokers = cluster.brokers();
        assertThat(brokers).as(cluster.err()).containsOnlyKeys(1, 2, 3);
        for (long pid : brokers.values()) {
            assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                    .as("broker pid %d is a child process of the command", pid).contains(cluster.process.pid());
        }
        Path dataDir = cluster.dataDir();
        assertThat(dataDir).isDirectory();

        String topic = "cluster-" + UUID.randomUUID();
        try (Admin admin = admin(bootstrap)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrder(1, 2, 3);
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);

            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            TopicDescription description = describe(admin, topic);
            for (TopicPartitionInfo partition : description.partitions()) {
                assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            }
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        }

        List<String> before = produceAcksAll(bootstrap, topic, "before", 30);
        assertThat(consumeWithGroup(bootstrap, topic, before.size())).containsExactlyInAnyOrderElementsOf(before);
        try (Admin admin = admin(bootstrap)) {
            TopicDescription offsets = describe(admin, "__consumer_offsets");
            assertThat(offsets.partitions().get(0).replicas()).as("offsets.topic.replication.factor").hasSize(3);
        }

        long victim = brokers.get(2);
        int victimPort = Integer.parseInt(bootstrap.split(",")[1].split(":")[1]);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // kill -9
        Eventually.await(WAIT, "the command to report broker 2's death", cluster::err, () -> cluster.err().contains(
                "mm cluster: broker 2 (pid " + victim + ", 127.0.0.1:" + victimPort + ") exited with exit code 137"));
        assertThat(cluster.err()).contains("2 of 3 brokers still running (1, 3)");
        assertThat(cluster.process.isAlive()).as("the command keeps running after a broker's death").isTrue();

        List<String> after = produceAcksAll(bootstrap, topic, "after", 30);
        try (Admin admin = admin(bootstrap)) {
            Eventually.await(WAIT, "broker 2 to leave every in-sync replica set", () -> describeQuietly(admin, topic).toString(),
                    () -> describeQuietly(admin, topic).partitions().stream()
                            .allMatch(p -> p.isr().stream().map(Node::id).collect(Collectors.toSet()).equals(Set.of(1, 3))));
        }
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(readAll(bootstrap, topic, all.size())).containsExactlyInAnyOrderElementsOf(all);

        cluster.process.destroy(); // SIGTERM, as an operator's Ctrl-C or a supervisor would
        assertThat(cluster.process.waitFor(90, TimeUnit.SECONDS)).as("the command stops").isTrue();
        assertThat(cluster.process.exitValue()).as(cluster.err()).isZero();
        for (long pid : brokers.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("broker pid %d is gone", pid)
                    .isFalse();
        }
        assertThat(dataDir).as("the temporary data directory is removed").doesNotExist();
        assertThat(cluster.err()).contains("mm cluster: stopped 2 broker(s)", "removed the data directory");
        assertThat(cluster.out()).as("still only the bootstrap line on stdout").matches(BOOTSTRAP);
    }

    @Test
    void aDataDirectoryIsKeptAndTheNextRunServesTheSameTopicsAndRecords() throws Exception {
        Path data = work.resolve("kept-cluster");
        String topic = "kept-" + UUID.randomUUID();

        Cluster first = Cluster.start(work, "first", "cluster", "--brokers", "3", "--data", data.toString());
        started.add(first);
        String bootstrap = first.awaitBootstrap();
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        List<String> written = produceAcksAll(bootstrap, topic, "kept", 10);
        first.process.destroy();
        assertThat(first.process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as(first.err()).isZero();
        assertThat(data.resolve("cluster.properties")).isRegularFile();
        assertThat(first.err()).contains("(formatted now; kept on exit)", "kept the data directory " + data);
        String clusterId = clusterId(first.err());

        Cluster second = Cluster.start(work, "second", "cluster", "--brokers", "3", "--data", data.toString());
        started.add(second);
        String secondBootstrap = second.awaitBootstrap();
        assertThat(second.err()).contains("(reused from a previous run; kept on exit)");
        assertThat(clusterId(second.err())).isEqualTo(clusterId);
        try (Admin admin = admin(secondBootstrap)) {
            assertThat(describe(admin, topic).partitions().get(0).replicas()).hasSize(3);
        }
        assertThat(readAll(secondBootstrap, topic, written.size())).containsExactlyInAnyOrderElementsOf(written);
        second.process.destroy();
        assertThat(second.process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).as(second.err()).isZero();
        assertThat(data.resolve("node-1").resolve("data").resolve("meta.properties")).isRegularFile();

        Cluster wrongShape = Cluster.start(work, "wrong", "cluster", "--brokers", "2", "--data", data.toString());
        started.add(wrongShape);
        assertThat(wrongShape.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongShape.process.exitValue()).as(wrongShape.err()).isEqualTo(2);
        assertThat(wrongShape.err()).contains("holds a 3-broker cluster", "run it with --brokers 3");
        assertThat(wrongShape.out()).isEmpty();
    }

    private static String clusterId(String err) {
        Matcher matcher = Pattern.compile("cluster id (\\S+)").matcher(err);
        assertThat(matcher.find()).as(err).isTrue();
        return matcher.group(1);
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /**
     * Describes a topic, waiting until the broker that answers knows it: {@code createTopics} returns once the controller
     * has the topic, and a broker may answer "does not host this topic-partition" until the metadata reaches it.
     */
    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static TopicDescription describeQuietly(Admin admin, String topic) {
        try {
            return describe(admin, topic);
        } catch (Exception e) {
            throw new AssertionError("cannot describe " + topic, e);
        }
    }

    /** Sends {@code count} records with acks=all (idempotent) and waits for every acknowledgement. */
    private static List<String> produceAcksAll(String bootstrap, String topic, String prefix, int count) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String value = prefix + "-" + i;
                values.add(value);
                sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), value)));
            }
            for (java.util.concurrent.Future<RecordMetadata> ack : sent) {
                assertThat(ack.get(150, TimeUnit.SECONDS).hasOffset()).isTrue();
            }
        }
        return values;
    }

    /** Reads {@code expected} records through a consumer group (which needs the offsets topic, replicated 3 ways). */
    private static List<String> consumeWithGroup(String bootstrap, String topic, int expected) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "cluster-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = poll(consumer, expected);
            consumer.commitSync(Duration.ofSeconds(60));
            return values;
        }
    }

    /** Reads {@code expected} records from every partition without a group. */
    private static List<String> readAll(String bootstrap, String topic, int expected) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return poll(consumer, expected);
        }
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int expected) throws InterruptedException {
        List<String> values = new ArrayList<>();
        Eventually.await(WAIT, expected + " records", values::toString, () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
            return values.size() >= expected;
        });
        return values;
    }

    /** The command in its own JVM, started as bin/mm starts it (the launcher class on the test classpath). */
    private record Cluster(Process process, Path stdout, Path stderr) {

        static Cluster start(Path work, String name, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                    "-Dlogback.configurationFile=logback.xml",
                    "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main"));
            command.addAll(List.of(args));
            Path out = work.resolve(name + ".out");
            Path err = work.resolve(name + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Cluster(process, out, err);
        }

        String awaitBootstrap() throws InterruptedException {
            Eventually.await(WAIT, "the bootstrap line", this::err, () -> {
                assertThat(process.isAlive() || out().contains("bootstrap ")).as("the command exited early: " + err())
                        .isTrue();
                return out().contains("\n");
            });
            Matcher matcher = BOOTSTRAP.matcher(out());
            assertThat(matcher.lookingAt()).as(out()).isTrue();
            return matcher.group(1);
        }

        /** Node id to pid, from the command's stderr. */
        Map<Integer, Long> brokers() {
            Map<Integer, Long> brokers = new LinkedHashMap<>();
            Matcher matcher = BROKER.matcher(err());
            while (matcher.find()) {
                brokers.put(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
            }
            return brokers;
        }

        Path dataDir() {
            Matcher matcher = DATA_DIR.matcher(err());
            assertThat(matcher.find()).as(err()).isTrue();
            return Path.of(matcher.group(1));
        }

        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
        }
    }
}
