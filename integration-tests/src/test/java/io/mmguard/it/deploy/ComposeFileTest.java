package io.mmguard.it.deploy;

import io.mmguard.it.Tools;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mmguard.core.config.SeedEnvironment;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicSpec;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The top-level docker-compose.yml, linted by docker-compose itself (no Docker engine needed) and
 * checked against the code: every service's environment is accepted by that service's config (unknown
 * MMGUARD_* keys are refused exactly as at start-up), every seed variable a container sets is read by
 * that service, and every topic of the design is provisioned by the topic job. Skipped with the reason
 * where docker-compose is not installed.
 */
@Tag("deploy")
@Timeout(120)
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> NOT_CONFIG = Set.of(ControlSigner.KEY_ENV, "JAVA_TOOL_OPTIONS");
    private static JsonNode compose;

    @BeforeAll
    static void lintWithDockerCompose() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("docker-compose"), "docker-compose is not installed (Debian: apt-get install"
                + " --no-install-recommends docker-compose); skipping the compose file checks");
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "--profile", "sim", "config")
                .directory(ROOT.toFile());
        builder.environment().put(ControlSigner.KEY_ENV, "compose-test-key");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker-compose config: " + errors).isZero();
        compose = new ObjectMapper(new YAMLFactory()).readTree(output);
    }

    @Test
    void theFileDefinesTheClusterTheServicesAndTheTooling() {
        assertThat(names(compose.get("services"))).contains("kafka-1", "kafka-2", "kafka-3", "schema-registry", "topics",
                "quoter", "risk-gate", "order-router", "canary-controller", "notifier", "market-feed", "paper-exchange",
                "prometheus", "grafana");
        JsonNode broker = compose.get("services").get("kafka-1").get("environment");
        assertThat(broker.get("KAFKA_DEFAULT_REPLICATION_FACTOR").asText()).isEqualTo("3");
        assertThat(broker.get("KAFKA_MIN_INSYNC_REPLICAS").asText()).isEqualTo("2");
        assertThat(broker.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText()).isEqualTo("2");
    }

    @Test
    void everyServicesEnvironmentIsAcceptedByThatServicesConfig() throws Exception {
        for (Map.Entry<String, JsonNode> service : services()) {
            JsonNode command = service.getValue().get("command");
            if (command == null || !command.get(0).asText().endsWith("Service")) {
                continue;
            }
            ServiceDefinition<?> definition = definition(command.get(0).asText());
            Map<String, String> env = environment(service.getValue());
            Map<String, String> config = ServiceMain.config(new String[0], env);

            Set<String> known = ServiceRunner.knownKeys(definition, config, env);

            for (String variable : env.keySet()) {
                if (variable.startsWith("MMGUARD_") || NOT_CONFIG.contains(variable)) {
                    continue;
                }
                String key = SeedEnvironment.all().entrySet().stream().filter(e -> e.getValue().equals(variable))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                assertThat(key).as(service.getKey() + " sets " + variable + ", which is not a seed variable any service reads")
                        .isNotNull();
                assertThat(known).as(service.getKey() + " sets " + variable + " but " + definition.name() + " never reads " + key)
                        .contains(key);
            }
            assertThat(env).as(service.getKey() + " needs the control key").containsKey(ControlSigner.KEY_ENV);
            assertThat(service.getValue().has("healthcheck")).as(service.getKey() + " has a health check").isTrue();
        }
    }

    @Test
    void everyTopicOfTheDesignIsProvisionedByTheTopicJob() throws Exception {
        List<String> job = new ArrayList<>();
        compose.get("services").get("topics").get("command").forEach(node -> job.add(node.asText()));
        List<String> venues = List.of(job.get(job.indexOf("--venues") + 1).split(","));
        Set<String> provisioned = TopicLayout.all(venues, Integer.parseInt(job.get(job.indexOf("--partitions") + 1))).stream()
                .map(TopicSpec::name).collect(Collectors.toSet());

        for (Field field : TopicNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().equals("BOOK_PREFIX")) {
                assertThat(provisioned).as("topic " + field.get(null)).contains((String) field.get(null));
            }
        }
        assertThat(provisioned).contains(TopicNames.book("sim"));
        assertThat(job).containsSequence("--replication-factor", "3");
    }

    @Test
    void theServicesRunAsTheNonRootUserOfTheImage() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        assertThat(dockerfile).contains("USER 10001").contains("mvn -B -q -DskipTests -pl ops -am package");
    }

    private static List<Map.Entry<String, JsonNode>> services() {
        List<Map.Entry<String, JsonNode>> all = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(all::add);
        return all;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        JsonNode node = service.get("environment");
        if (node != null) {
            node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    private static ServiceDefinition<?> definition(String mainClass) throws ReflectiveOperationException {
        return (ServiceDefinition<?>) Class.forName(mainClass).getField("DEFINITION").get(null);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

}
