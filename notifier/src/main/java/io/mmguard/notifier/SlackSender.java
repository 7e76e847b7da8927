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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts texts to a Slack incoming webhook from its own thread, so a slow or failing webhook never
 * blocks the caller: {@link #submit} only enqueues and returns false when the queue is full (never
 * waits). Each message is retried with exponential backoff; one that still fails is counted
 * ({@code mm_notifier_failed}) and logged with its text.
 *
 * <p>The sender keeps nothing durable: the caller keeps each message in its outbox until the sender
 * reports it <em>finished</em> (posted with a 2xx, or given up after its retries) through the
 * callback passed to {@link #submit}. A message that is still queued or in flight when the sender
 * stops is not reported, so it stays in the outbox and is posted at the next start.
 *
 * <p>Thread-safe: {@link #submit}, {@link #withdraw} and {@link #close} may be called from any stream thread.
 */
final class SlackSender {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** After the grace, how long {@link #close} waits for the interrupted thread to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final URI webhook;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration requestTimeout;
    private final BlockingQueue<Message> queue;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final Thread thread;
    /** Guards {@link #accepting} and {@link #unfinished}; waited on by {@link #close}. */
    private final Object lock = new Object();
    private boolean accepting = true;
    private volatile boolean running = true;
    /** Accepted and neither finished nor withdrawn: queued or in flight. */
    private int unfinished;

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

    /**
     * Queues {@code text} for posting; {@code finished} is called with {@code key} (on the sender's thread) once it is
     * posted or finally failed. Returns false, without waiting, when the queue is full or the sender is closing: the
     * caller keeps the message and submits it again later.
     */
    boolean submit(String key, String kind, String text, String source, Consumer<String> finished) {
        synchronized (lock) {
            if (!accepting || !queue.offer(new Message(key, kind, text, source, finished))) {
                return false;
            }
            unfinished++;
            return true;
        }
    }

    /**
     * Takes the queued (not yet started) messages of {@code finished}'s owner out of the queue, for a task that closes
     * while the sender goes on serving others: they stay in that task's outbox for whoever runs it next. Returns how many.
     */
    int withdraw(Consumer<String> finished) {
        synchronized (lock) {
            int before = queue.size();
            queue.removeIf(message -> message.finished() == finished);
            int withdrawn = before - queue.size();
            unfinished -= withdrawn;
            lock.notifyAll();
            return withdrawn;
        }
    }

    /** Messages queued or in flight. */
    int pending() {
        synchronized (lock) {
            return unfinished;
        }
    }

    /**
     * Stops taking messages, lets the queued and in-flight ones finish for up to {@code grace} (retries included), then
     * stops the thread, interrupting a request or backoff in progress. Returns how many were left unfinished: they were
     * not reported, so they stay in their outbox.
     */
    int close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            accepting = false;
            try {
                long left;
                while (unfinished > 0 && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = false;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("notifier: the webhook thread did not stop within {} ms of being interrupted; abandoning it"
                    + " (its message stays in the outbox)", STOP_WAIT.toMillis());
        }
        synchronized (lock) {
            return unfinished;
        }
    }

    private void run() {
        while (running) {
            Message message;
            try {
                message = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message == null) {
                continue;
            }
            if (deliver(message)) {
                message.finished().accept(message.key());
                synchronized (lock) {
                    unfinished--;
                    lock.notifyAll();
                }
            }
        }
    }

    /** True when the message is finished (posted, or given up); false when the sender stopped while it was in progress. */
    private boolean deliver(Message message) {
        Duration backoff = initialBackoff;
        String lastFailure = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (!running) {
                return false;
            }
            try {
                String body = JSON.writeValueAsString(Map.of("text", message.text()));
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(webhook).timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 200 && response.statusCode() < 300) {
                    meters.counter("mm_notifier_sent", "kind", message.kind()).increment();
                    return true;
                }
                lastFailure = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                if (!running) {
                    return false;
                }
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            meters.counter("mm_notifier_retries", "kind", message.kind()).increment();
            if (attempt < maxAttempts) {
                LOG.warn("[NOTIFY_RETRY] webhook attempt {}/{} for {} ({}) failed: {}; retrying in {} ms", attempt, maxAttempts,
                        message.kind(), message.source(), lastFailure, backoff.toMillis());
                if (!pause(backoff)) {
                    return false;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        meters.counter("mm_notifier_failed", "kind", message.kind()).increment();
        LOG.error("[NOTIFY_FAILED] gave up posting {} after {} attempts ({}): {}; the alert stays on mm.alerts at {}",
                message.kind(), maxAttempts, lastFailure, message.text(), message.source());
        return true;
    }

    private static boolean pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Message(String key, String kind, String text, String source, Consumer<String> finished) {
    }
}
