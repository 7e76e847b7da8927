package io.mmguard.ops;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The demo's operator: publishes signed control commands, as {@code bin/mm ctl} would. */
final class DemoOperator implements AutoCloseable {

    private final KafkaProducer<String, ControlCommand> producer;
    private final Topics topics;
    private final ControlSigner signer;
    private final AtomicInteger sequence = new AtomicInteger();

    DemoOperator(String bootstrap, Topics topics, ControlSigner signer) {
        this.topics = topics;
        this.signer = signer;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "mm-demo-operator"),
                new StringSerializer(), topics.control().valueSerde().serializer());
    }

    void setFraction(String fraction, String reason) throws InterruptedException {
        send(ControlType.SET_FRACTION, new BigDecimal(fraction), reason);
    }

    void enable(String reason) throws InterruptedException {
        send(ControlType.ENABLE_LIVE, null, reason);
    }

    /** A signed global {@code SET_PARAM name value}. */
    void setParam(String name, BigDecimal value, String reason) throws InterruptedException {
        send(ControlType.SET_PARAM, name, value, reason);
    }

    private void send(ControlType type, BigDecimal value, String reason) throws InterruptedException {
        send(type, null, value, reason);
    }

    private void send(ControlType type, String param, BigDecimal value, String reason) throws InterruptedException {
        ControlCommand command = ControlCommand.newBuilder()
                .setId("demo-operator-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet())
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setParam(param)
                .setValue(value)
                .setReason(reason)
                .setActor("demo-operator")
                .setIssuedAt(Instant.now())
                .build();
        command.setSignature(signer.sign(command));
        try {
            producer.send(new ProducerRecord<>(topics.control().name(), Topics.GLOBAL_KEY, command)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("demo operator could not publish " + type + ": " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
