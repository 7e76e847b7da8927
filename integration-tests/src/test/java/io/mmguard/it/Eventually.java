package io.mmguard.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, reporting the last observed state on failure (never a fixed sleep). */
final class Eventually {

    private Eventually() {
    }

    static void await(Duration timeout, String what, Supplier<String> lastState, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last state: " + lastState.get());
            }
            Thread.sleep(20);
        }
    }
}
