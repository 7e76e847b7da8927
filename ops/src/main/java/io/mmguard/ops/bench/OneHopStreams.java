package io.mmguard.ops.bench;

import io.mmguard.core.config.CommonConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Baseline (b): the most trivial Streams app, {@code builder.stream(book).to(out)} on bytes, with the
 * services' commit interval and the given processing guarantee, under a fresh application id.
 */
final class OneHopStreams implements AutoCloseable {

    private final KafkaStreams streams;
    private volatile long runningAtNanos;

    /**
     * @param guarantee     {@code exactly_once_v2} or {@code at_least_once}
     * @param fromBeginning read the input from its beginning ({@code earliest}) or from its end ({@code latest})
     */
    OneHopStreams(String bootstrap, String input, String output, String guarantee, boolean fromBeginning, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("book-in"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("book-out"));
        String applicationId = "mm-bench-onehop-" + (guarantee.equals(CommonConfig.AT_LEAST_ONCE) ? "alos" : "eos") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, CommonConfig.DEFAULT_COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), fromBeginning ? "earliest" : "latest");
        streams = new KafkaStreams(builder.build(), props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && runningAtNanos == 0) {
                runningAtNanos = System.nanoTime();
            }
        });
    }

    /** Starts the app and returns once it is RUNNING; returns when that happened (nanoTime). */
    long startAndAwaitRunning(Duration timeout) {
        streams.start();
        Await.until(timeout, "the one-hop Streams app to be RUNNING", () -> streams.state().toString(), () -> runningAtNanos != 0);
        return runningAtNanos;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(20));
    }
}
