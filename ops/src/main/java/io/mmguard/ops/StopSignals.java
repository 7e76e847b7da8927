package io.mmguard.ops;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop cleanly, so a foreground command can finish its shutdown and exit
 * 0 as its contract says; a JVM left to its default handling exits 130/143 after the shutdown hooks instead. The stop
 * runs once, on its own thread (a signal handler must not block).
 */
final class StopSignals {

    private StopSignals() {
    }

    /** Runs {@code stop} once when the process receives SIGINT or SIGTERM. */
    static void onStop(String name, Runnable stop) {
        AtomicBoolean requested = new AtomicBoolean();
        for (String signal : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(signal), received -> {
                if (requested.compareAndSet(false, true)) {
                    new Thread(stop, name + "-stop-on-SIG" + received.getName()).start();
                }
            });
        }
    }
}
