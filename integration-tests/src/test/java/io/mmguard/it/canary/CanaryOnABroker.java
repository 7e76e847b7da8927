package io.mmguard.it.canary;

import io.mmguard.canary.CanaryService;
import io.mmguard.canary.CanaryTopology;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.Topic;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.TopicSpec;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A fresh embedded broker with every topic of the layout plus {@value CanaryTopology#TICKS_TOPIC}, canary controller
 * instances started through {@link ServiceRunner} exactly as deployed (signing key in the environment), a producer of any
 * input with chosen record times, and a read_committed view of {@code mm.control}.
 */
final class CanaryOnABroker implements AutoCloseable {

    static final String KEY = "it-control-key";
    static final Duration WAIT = Duration.ofSeconds(60);

    final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    final String applicationId = "canary-it-" + UUID.randomUUID();
    private final EmbeddedKafka kafka;
    private final Path stateRoot;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, ControlCommand> commandReader;
    private final List<ControlCommand> commands = new ArrayList<>();
    private final List<RunningService> services = new ArrayList<>();

    CanaryOnABroker(Path stateRoot) throws InterruptedException {
        this.stateRoot = stateRoot;
        kafka = EmbeddedKafka.start();
        List<TopicSpec> specs = new ArrayList<>(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
        // not (yet) in TopicLayout: the controller's recorded ticks
        specs.add(new TopicSpec(CanaryTopology.TICKS_TOPIC, 1, Map.of("retention.ms", Long.toString(Duration.ofDays(30).toMillis()))));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(specs);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        commandReader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-control-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                topics.control().valueSerde().deserializer());
        commandReader.subscribe(List.of(TopicNames.CONTROL));
    }

    /** Starts a controller instance of this test's application with its own state dir and client id, plus {@code extra} config. */
    RunningService startController(String instance, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("application.id", applicationId);
        config.put("state.dir", stateDir(instance).toString());
        config.put("metrics.port", "0");
        config.put("kafka.client.id", instance);
        config.put("kafka.session.timeout.ms", "6000");
        config.put("kafka.heartbeat.interval.ms", "500");
        config.putAll(extra);
        RunningService service = ServiceRunner.start(CanaryService.DEFINITION, config, Map.of(ControlSigner.KEY_ENV, KEY));
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

    /** Sends {@code value} (an Avro record of {@code topic}'s type) with record time {@code at}. */
    <V> void send(Topic<String, V> topic, String key, V value, Instant at)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key,
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    /** Every command read so far, after polling once. */
    List<ControlCommand> commands() {
        commandReader.poll(Duration.ofMillis(100)).forEach(record -> commands.add(record.value()));
        return List.copyOf(commands);
    }

    /** Waits until at least {@code count} commands were committed to mm.control. */
    List<ControlCommand> awaitCommands(int count) throws InterruptedException {
        await(count + " commands on mm.control", () -> commands.size() + " so far: " + commands.stream()
                .map(c -> c.getType() + " " + c.getValue()).toList(), () -> commands().size() >= count);
        return commands();
    }

    void awaitRunning(RunningService service) throws InterruptedException {
        await(service.name() + " RUNNING", () -> service.state().name(), () -> service.state() == KafkaStreams.State.RUNNING);
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

    @Override
    public void close() {
        services.forEach(RunningService::close);
        producer.close();
        commandReader.close();
        kafka.close();
    }
}
