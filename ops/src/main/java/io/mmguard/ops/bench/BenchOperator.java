package io.mmguard.ops.bench;

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

/**
 * The bench's operator: publishes control commands to {@code mm.control} as {@code bin/mm ctl} would,
 * signing the ones that raise risk (fraction, enable, parameters) with the run's {@code MM_CONTROL_KEY};
 * a kill needs no signature. Every command is acknowledged by the broker before the call returns.
 */
final class BenchOperator implements AutoCloseable {

    static final String ACTOR = "bench-operator";

    private final KafkaProducer<String, ControlCommand> producer;
    private final Topics topics;
    private final ControlSigner signer;
    private final AtomicInteger sequence = new AtomicInteger();
    private final String runId;

    BenchOperator(String bootstrap, Topics topics, ControlSigner signer, String runId) {
        this.topics = topics;
        this.signer = signer;
        this.runId = runId;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "mm-bench-operator"),
                new StringSerializer(), topics.control().valueSerde().serializer());
    }

    /** Signed SET_FRACTION then ENABLE_LIVE: live trading at {@code fraction}. */
    void enableLive(String fraction, String reason) {
        send(command(ControlType.SET_FRACTION, null, new BigDecimal(fraction), reason), true);
        enable(reason);
    }

    /** Signed ENABLE_LIVE (after a kill: the fraction is unchanged). */
    void enable(String reason) {
        send(command(ControlType.ENABLE_LIVE, null, null, reason), true);
    }

    /** Signed SET_PARAM {@code param value} (global). */
    void setParam(String param, String value, String reason) {
        send(command(ControlType.SET_PARAM, param, new BigDecimal(value), reason), true);
    }

    /** An unsigned DISABLE_LIVE; returns its id (the router's CANCEL_ALLs name it). */
    String kill(String reason) {
        ControlCommand kill = command(ControlType.DISABLE_LIVE, null, null, reason);
        send(kill, false);
        return kill.getId();
    }

    private ControlCommand command(ControlType type, String param, BigDecimal value, String reason) {
        return ControlCommand.newBuilder()
                .setId("bench-" + runId + "-" + sequence.incrementAndGet())
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setParam(param)
                .setValue(value)
                .setReason(reason)
                .setActor(ACTOR)
                .setIssuedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .build();
    }

    private void send(ControlCommand command, boolean signed) {
        if (signed) {
            command.setSignature(signer.sign(command));
        }
        try {
            producer.send(new ProducerRecord<>(topics.control().name(), Topics.GLOBAL_KEY, command)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("bench operator could not publish " + command.getType() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench operator interrupted while publishing " + command.getType(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
