package io.mmguard.core.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What the runner does when a stream thread dies: replace it, a bounded number of times, then shut the service down.
 *
 * <p>A record that cannot be read or processed never gets here (the quarantine handlers resume past it), so what does
 * is the Kafka clients failing under the thread: most often a commit that a broker answered with an error while the
 * cluster was changing (measured: {@code Unhandled error in EndTxnResponse: The server experienced an unexpected
 * error} when all three brokers came back after an outage, which shut the order-router down for good). Replacing the
 * thread closes its tasks dirty, aborts its open transaction and starts a new thread that rejoins the group and resumes
 * from the last commit, so exactly-once holds and nothing is produced in between (fail closed while it recovers).
 *
 * <p>A failure that repeats (a bug, a record the producer can never send) would fail every new thread the same way:
 * after {@code maxReplacements} within {@code windowMillis} the next failure shuts the service down (state ERROR, the
 * process exits non-zero), as every failure did before. Uses the monotonic clock only to bound restarts, never for
 * anything a record depends on. Thread-safe: stream threads may fail at once.
 */
final class StreamThreadFailures {

    /** Replacements allowed within {@link #WINDOW_MILLIS} before a failure shuts the service down. */
    static final int MAX_REPLACEMENTS = 3;
    /** The window the replacements are counted over. */
    static final long WINDOW_MILLIS = 10 * 60_000L;

    private final int maxReplacements;
    private final long windowNanos;
    private final Deque<Long> replacements = new ArrayDeque<>();

    StreamThreadFailures(int maxReplacements, long windowMillis) {
        if (maxReplacements < 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("maxReplacements must be >= 0 and windowMillis > 0, got " + maxReplacements
                    + " and " + windowMillis);
        }
        this.maxReplacements = maxReplacements;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    /** The response to one thread failure at monotonic time {@code nowNanos}; a replacement is counted. */
    synchronized StreamThreadExceptionResponse onFailure(long nowNanos) {
        while (!replacements.isEmpty() && nowNanos - replacements.peekFirst() >= windowNanos) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(nowNanos);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Replacements counted in the current window (for the log line). */
    synchronized int recent() {
        return replacements.size();
    }

    int maxReplacements() {
        return maxReplacements;
    }

    long windowMillis() {
        return windowNanos / 1_000_000L;
    }
}
