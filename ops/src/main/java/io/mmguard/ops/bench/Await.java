package io.mmguard.ops.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the failure names what it waited for and what it last saw. */
final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private Await() {
    }

    /** Thrown when a deadline passes. */
    static final class TimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimeoutException(String message) {
            super(message);
        }
    }

    /** Waits up to {@code timeout} for {@code condition}; fails naming {@code what} and {@code lastSeen}. */
    static void until(Duration timeout, String what, Supplier<String> lastSeen, BooleanSupplier condition) {
        if (!within(timeout, condition)) {
            throw new TimeoutException("bench: gave up after " + timeout.toMillis() + " ms waiting for " + what + " (last seen: "
                    + lastSeen.get() + ")");
        }
    }

    /** Waits up to {@code timeout} for {@code condition}; true when it held. */
    static boolean within(Duration timeout, BooleanSupplier condition) {
        return within(timeout, Duration.ofNanos(POLL_NANOS), condition);
    }

    /** As {@link #within(Duration, BooleanSupplier)}, checking every {@code poll} (for conditions that cost a request). */
    static boolean within(Duration timeout, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("bench: interrupted while waiting");
            }
            LockSupport.parkNanos(poll.toNanos());
        }
        return true;
    }
}
