package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed shape without containers: every part of the pipeline as its own {@code bin/mm run} process (the launcher's
 * JVM, as a user starts it) against a broker: feed, quoter, risk-gate, order-router, paper exchange. Each serves
 * {@code /health}; orders flow; the order-router is killed with SIGKILL mid-run and started again on the same state, and
 * the read_committed order log holds no order id twice; SIGTERM stops each process with exit 0.
 */
@Tag("integration")
@Timeout(300)
class ServicesAsProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern METRICS = Pattern.compile("(\\S+) metrics (http://\\S+)/metrics");

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Per service: how many times it was started (each start logs to its own files). */
    private final Map<String, Integer> starts = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @AfterEach
    void stopEverything() throws IOException {
        processes.values().forEach(Process::destroyForcibly);
        // each process's output, kept for a failed run (the temp dir is removed)
        Path logs = Files.createDirectories(Path.of("target", "process-logs", getClass().getSimpleName()));
        try (var files = Files.list(work)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".out") || f.toString().endsWith(".err")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void thePipelineRunsAsProcessesSurvivesAKilledRouterAndStopsCleanly() throws Exception {
        try (KafkaUnderTest kafka = KafkaUnderTest.start()) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
            }
            for (String service : List.of("quoter", "risk-gate", "order-router", "paper-exchange", "feed")) {
                start(service, bootstrap, service.equals("feed") ? List.of("--set", "sim.rate=50") : List.of());
            }
            for (String service : List.of("quoter", "risk-gate", "order-router")) {
                awaitHealthy(service);
            }
            try (TopicReader<OrderCommand> orders = new TopicReader<>(bootstrap, TopicNames.ORDERS_SHADOW,
                    topics.ordersShadow().valueSerde().deserializer())) {
                Eventually.await(WAIT, "shadow orders from the processes", () -> orders.pollOnce().size() + " orders",
                        () -> newOrders(orders.pollOnce()).size() >= 20);

                Process router = processes.get("order-router");
                router.destroyForcibly();
                assertThat(router.waitFor(30, TimeUnit.SECONDS)).as("the router dies at SIGKILL").isTrue();
                assertThat(router.exitValue()).as("killed, not stopped").isEqualTo(137);
                int before = newOrders(orders.pollOnce()).size();
                start("order-router", bootstrap, List.of());
                awaitHealthy("order-router");
                Eventually.await(WAIT, "orders again after the router's restart", () -> newOrders(orders.pollOnce()).size()
                        + " NEW orders, " + before + " before the kill", () -> newOrders(orders.pollOnce()).size() >= before + 20);

                Map<String, Long> repeated = newOrders(orders.pollOnce()).stream()
                        .collect(Collectors.groupingBy(OrderCommand::getOrderId, Collectors.counting()));
                repeated.values().removeIf(count -> count == 1);
                assertThat(repeated).as("order ids written twice (read_committed)").isEmpty();
            }
            for (Map.Entry<String, Process> entry : new ArrayList<>(processes.entrySet())) {
                Process process = entry.getValue();
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(entry.getKey() + " stops at SIGTERM").isTrue();
                assertThat(process.exitValue()).as(entry.getKey() + " exit code; " + tail(entry.getKey())).isZero();
            }
        }
    }

    private void start(String service, String bootstrap, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                "-Dlogback.configurationFile=" + System.getProperty("mm.it.logback", "logback.xml"), "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main",
                "run", service, "--bootstrap", bootstrap));
        if (!service.equals("feed") && !service.equals("paper-exchange")) {
            command.addAll(List.of("--set", "metrics.port=0", "--set", "state.dir=" + work.resolve("state-" + service)));
        }
        command.addAll(extra);
        starts.merge(service, 1, Integer::sum);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out(service).toFile())
                .redirectError(err(service).toFile());
        builder.environment().remove("MM_CONTROL_KEY");
        processes.put(service, builder.start());
    }

    /** Waits for the process's "metrics" line on stdout, then for its /health to answer 200 ready. */
    private void awaitHealthy(String service) throws Exception {
        Path out = out(service);
        Map<String, String> urls = new HashMap<>();
        Eventually.await(WAIT, service + " to print its metrics address", () -> tail(service), () -> {
            Matcher last = null;
            for (String line : read(out)) {
                Matcher matcher = METRICS.matcher(line);
                if (matcher.find() && matcher.group(1).equals(service)) {
                    last = matcher;
                }
            }
            if (last != null) {
                urls.put(service, last.group(2));
            }
            return last != null && processes.get(service).isAlive();
        });
        Eventually.await(WAIT, service + " /health 200 ready", () -> tail(service), () -> ready(urls.get(service)));
    }

    /** The stdout file of the service's latest start. */
    private Path out(String service) {
        return work.resolve(service + "-" + starts.get(service) + ".out");
    }

    /** The stderr file of the service's latest start. */
    private Path err(String service) {
        return work.resolve(service + "-" + starts.get(service) + ".err");
    }

    private boolean ready(String base) {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"ready\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<OrderCommand> newOrders(List<ConsumerRecord<String, OrderCommand>> records) {
        return records.stream().map(ConsumerRecord::value).filter(o -> o.getAction() == OrderAction.NEW).toList();
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String tail(String service) {
        List<String> lines = read(err(service)).stream()
                .filter(line -> line.contains("ERROR") || line.contains("Exception") || line.contains("mm run")).toList();
        return service + " stderr, its errors: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
    }
}
