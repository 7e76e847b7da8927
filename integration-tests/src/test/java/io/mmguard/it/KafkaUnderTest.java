package io.mmguard.it;

import io.mmguard.kafka.embedded.EmbeddedKafka;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real broker an integration test runs against: the embedded KRaft broker (default), or a
 * Testcontainers Kafka with {@code -Dmm.it.kafka=testcontainers} where a Docker engine exists.
 * Without Docker the Testcontainers choice skips the test with a clear reason instead of failing.
 */
interface KafkaUnderTest extends AutoCloseable {

    String SYSTEM_PROPERTY = "mm.it.kafka";
    String KAFKA_IMAGE = "apache/kafka:4.1.1";

    String bootstrapServers();

    @Override
    void close();

    static KafkaUnderTest start() {
        String choice = System.getProperty(SYSTEM_PROPERTY, "embedded");
        return switch (choice) {
            case "embedded" -> embedded();
            case "testcontainers" -> testcontainers();
            default -> throw new IllegalArgumentException("-D" + SYSTEM_PROPERTY + "=" + choice
                    + " is not a broker choice; use embedded (default) or testcontainers");
        };
    }

    private static KafkaUnderTest embedded() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new KafkaUnderTest() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public void close() {
                kafka.close();
            }
        };
    }

    private static KafkaUnderTest testcontainers() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "-Dmm.it.kafka=testcontainers asks for a Docker Kafka, but no Docker engine is"
                + " reachable on this machine; skipping (run without the property to use the embedded broker)");
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        return new KafkaUnderTest() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
