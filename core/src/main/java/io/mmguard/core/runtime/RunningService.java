package io.mmguard.core.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started service: its Streams app, its HTTP endpoint, the sink of its global thread's dead letters, and a latch
 * released when it stops for any reason.
 */
public final class RunningService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final OpsHttpServer http;
    private final GlobalQuarantine globalQuarantine;
    private final CountDownLatch stopped;

    RunningService(String name, KafkaStreams streams, OpsHttpServer http, GlobalQuarantine globalQuarantine,
                   CountDownLatch stopped) {
        this.name = name;
        this.streams = streams;
        this.http = http;
        this.globalQuarantine = globalQuarantine;
        this.stopped = stopped;
    }

    public String name() {
        return name;
    }

    /** Port of {@code /metrics} and {@code /health}. */
    public int metricsPort() {
        return http.port();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True once the app reached ERROR (a thread died with the fail-closed handler). */
    public boolean failed() {
        return streams.state() == KafkaStreams.State.ERROR;
    }

    /** Waits until the app stops (closed, or failed); false on timeout. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until the app stops. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        LOG.info("{}: stopping (state {})", name, streams.state());
        streams.close(CLOSE_TIMEOUT);
        globalQuarantine.close();
        http.close();
        stopped.countDown();
    }
}
