package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Testcontainers path of {@link KafkaUnderTest}: runs where a Docker engine is reachable, and is
 * reported as skipped (with the reason) where it is not, such as on the project's build machines.
 * {@code -Dmm.it.kafka=testcontainers} runs every integration test this way.
 */
@Tag("integration")
@Timeout(300)
class TestcontainersKafkaTest {

    @Test
    void aDockerKafkaRoundTripsARecordWhereDockerExists() throws Exception {
        String previous = System.setProperty(KafkaUnderTest.SYSTEM_PROPERTY, "testcontainers");
        try (KafkaUnderTest kafka = KafkaUnderTest.start();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "tc-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>("tc-check", "k", "v")).get();
            consumer.subscribe(List.of("tc-check"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            ConsumerRecord<String, String> received = null;
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received = record;
                }
            }
            assertThat(received).as("a record within 60 s").isNotNull();
            assertThat(received.value()).isEqualTo("v");
        } finally {
            if (previous == null) {
                System.clearProperty(KafkaUnderTest.SYSTEM_PROPERTY);
            } else {
                System.setProperty(KafkaUnderTest.SYSTEM_PROPERTY, previous);
            }
        }
    }
}
