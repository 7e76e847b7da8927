package io.mmguard.sim.exchange;

import java.time.Instant;
import java.util.List;

/**
 * Faults injected into the paper exchange, as windows of exchange time.
 *
 * @param unavailable   new orders get {@code -1016} (service unavailable)
 * @param badSignature  every request gets {@code -1022} (signature invalid)
 * @param rejectStorm   new orders get {@code -2010} (new order rejected: insufficient balance)
 * @param slow          latencies are multiplied by the window's factor
 */
public record ExchangeFaults(List<Window> unavailable, List<Window> badSignature, List<Window> rejectStorm, List<Window> slow) {

    /** No faults. */
    public static final ExchangeFaults NONE = new ExchangeFaults(List.of(), List.of(), List.of(), List.of());

    public ExchangeFaults {
        unavailable = List.copyOf(unavailable);
        badSignature = List.copyOf(badSignature);
        rejectStorm = List.copyOf(rejectStorm);
        slow = List.copyOf(slow);
    }

    static boolean within(List<Window> windows, Instant at) {
        for (Window window : windows) {
            if (window.contains(at)) {
                return true;
            }
        }
        return false;
    }

    double slowFactor(Instant at) {
        double factor = 1;
        for (Window window : slow) {
            if (window.contains(at)) {
                factor = Math.max(factor, window.factor());
            }
        }
        return factor;
    }

    /**
     * A window [from, to) of exchange time.
     *
     * @param from   start, inclusive
     * @param to     end, exclusive
     * @param factor latency multiplier (slow windows only; 1 otherwise)
     */
    public record Window(Instant from, Instant to, double factor) {

        public Window(Instant from, Instant to) {
            this(from, to, 1);
        }

        boolean contains(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }
}
