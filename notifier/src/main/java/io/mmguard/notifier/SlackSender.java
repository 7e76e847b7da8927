package io.mmguard.notifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts texts to a Slack incoming webhook from its own thread, so a slow or failing webhook never
 * blocks the caller: {@link #submit} only enqueues (a full queue is counted and logged, never
 * waited on). Each message is retried with exponential backoff; one that still fails is counted and
 * logged with its text. The alert itself stays on {@code mm.alerts} either way.
 */
final class SlackSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI webhook;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration requestTimeout;
    private final BlockingQueue<Message> queue;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SlackSender(URI webhook, int maxAttempts, Duration initialBackoff, Duration requestTimeout, int capacity, MeterRegistry meters) {
        this.webhook = webhook;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.requestTimeout = requestTimeout;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
        this.thread = new Thread(this::run, "mm-notifier-slack");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code text} for posting; returns false (counted, logged) when the queue is full. */
    boolean submit(String kind, String text, String source) {
        if (queue.offer(new Message(kind, text, source))) {
            return true;
        }
        meters.counter("mm_notifier_dropped", "reason", "queue_full", "kind", kind).increment();
        LOG.error("[NOTIFY_FAILED] notifier queue is full ({} waiting): not posting {} ({}); the alert stays on mm.alerts at {}",
                queue.size(), kind, text, source);
        return false;
    }

    /** Messages waiting to be posted. */
    int pending() {
        return queue.size();
    }

    private void run() {
        while (running.get()) {
            Message message;
            try {
                message = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message != null) {
                deliver(message);
            }
        }
    }

    private void deliver(Message message) {
        Duration backoff = initialBackoff;
        String lastFailure = "";
        for (int attempt = 1; attempt <= maxAttempts && running.get(); attempt++) {
            try {
                String body = JSON.writeValueAsString(Map.of("text", message.text()));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(webhook).timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    meters.counter("mm_notifier_sent", "kind", message.kind()).increment();
                    return;
                }
                lastFailure = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            meters.counter("mm_notifier_retries", "kind", message.kind()).increment();
            LOG.warn("[NOTIFY_RETRY] webhook attempt {}/{} for {} failed: {}; retrying in {} ms", attempt, maxAttempts,
                    message.kind(), lastFailure, backoff.toMillis());
            if (attempt < maxAttempts && !pause(backoff)) {
                return;
            }
            backoff = backoff.multipliedBy(2);
        }
        meters.counter("mm_notifier_failed", "kind", message.kind()).increment();
        LOG.error("[NOTIFY_FAILED] gave up posting {} after {} attempts ({}): {}; the alert stays on mm.alerts at {}",
                message.kind(), maxAttempts, lastFailure, message.text(), message.source());
    }

    private boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
    }

    private record Message(String kind, String text, String source) {
    }
}
