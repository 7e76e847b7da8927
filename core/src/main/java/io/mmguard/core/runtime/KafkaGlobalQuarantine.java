package io.mmguard.core.runtime;

import io.mmguard.schemas.Alert;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GlobalQuarantine} through a plain idempotent producer of its own (the service's client settings,
 * {@code acks=all}), created on the first unreadable global record: a healthy service never opens it. Not
 * transactional: a global thread has no transaction, and it re-reads its whole topic after a restart, so a
 * record still on the (compacted) topic is reported again at each start, under the same alert id, which
 * the notifier de-duplicates.
 */
final class KafkaGlobalQuarantine implements GlobalQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaGlobalQuarantine.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> producerConfig;
    private final String alertsTopic;
    private final Serializer<Alert> alertSerializer;
    private KafkaProducer<byte[], byte[]> producer;

    /** {@code clientConfig}: the service's Kafka settings; only producer keys are used. */
    KafkaGlobalQuarantine(Map<?, ?> clientConfig, String alertsTopic, Serializer<Alert> alertSerializer) {
        Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key.toString()) && !(value instanceof Map)) {
                config.put(key.toString(), value);
            }
        });
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis() / 2);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientConfig.get("application.id") + "-global-quarantine");
        this.producerConfig = config;
        this.alertsTopic = alertsTopic;
        this.alertSerializer = alertSerializer;
    }

    @Override
    public synchronized void publish(ProducerRecord<byte[], byte[]> deadLetter, Alert alert) {
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
            }
            var letter = producer.send(deadLetter);
            var warning = producer.send(new ProducerRecord<>(alertsTopic, utf8(alert.getSymbol()),
                    alertSerializer.serialize(alertsTopic, alert)));
            letter.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            warning.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("[QUARANTINE] interrupted while writing the dead letter of {} to {}; it is only in this log: {}",
                    alert.getAlertId(), deadLetter.topic(), alert.getMessage());
        } catch (Exception e) {
            LOG.error("[QUARANTINE] could not write the dead letter of {} to {} or its alert to {} ({}); it is only in this"
                    + " log, and is reported again when the service restarts: {}", alert.getAlertId(), deadLetter.topic(),
                    alertsTopic, Quarantine.oneLine(e), alert.getMessage());
        }
    }

    @Override
    public java.util.Optional<ProducerRecord<byte[], byte[]>> alertRecord(Alert alert, long timestamp) {
        return java.util.Optional.of(new ProducerRecord<>(alertsTopic, null, timestamp, utf8(alert.getSymbol()),
                alertSerializer.serialize(alertsTopic, alert)));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(WRITE_TIMEOUT);
            producer = null;
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
