package io.mmguard.notifier;

import io.mmguard.schemas.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether an alert is posted: duplicates (same kind, symbol and message) within the dedup
 * window are dropped, and each kind may post at most N messages per minute; both by the alert's own
 * time, so the decision is the same on a replay. What is held back is counted and reported with the
 * next message of that kind.
 */
final class AlertGate {

    private final int perKindPerMinute;
    private final Duration dedupWindow;
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final Map<String, Window> perKind = new HashMap<>();

    AlertGate(int perKindPerMinute, Duration dedupWindow) {
        this.perKindPerMinute = perKindPerMinute;
        this.dedupWindow = dedupWindow;
    }

    /** The verdict for {@code alert}. */
    Verdict admit(Alert alert) {
        Instant at = alert.getTs();
        String identity = alert.getKind() + "|" + alert.getSymbol() + "|" + alert.getMessage();
        Instant previous = lastSeen.get(identity);
        if (previous != null && Duration.between(previous, at).compareTo(dedupWindow) < 0 && !at.isBefore(previous)) {
            return Verdict.DUPLICATE;
        }
        lastSeen.put(identity, at);
        evict(at);
        Window window = perKind.computeIfAbsent(alert.getKind(), k -> new Window(at));
        if (Duration.between(window.start, at).compareTo(Duration.ofMinutes(1)) >= 0) {
            window.start = at;
            window.count = 0;
        }
        if (window.count >= perKindPerMinute) {
            window.held++;
            return Verdict.RATE_LIMITED;
        }
        window.count++;
        return Verdict.POST;
    }

    /** Alerts of {@code kind} held back since its last posted message (and resets the count). */
    long takeHeld(String kind) {
        Window window = perKind.get(kind);
        if (window == null) {
            return 0;
        }
        long held = window.held;
        window.held = 0;
        return held;
    }

    private void evict(Instant now) {
        if (lastSeen.size() < 10_000) {
            return;
        }
        Iterator<Map.Entry<String, Instant>> entries = lastSeen.entrySet().iterator();
        while (entries.hasNext()) {
            if (Duration.between(entries.next().getValue(), now).compareTo(dedupWindow) >= 0) {
                entries.remove();
            }
        }
    }

    enum Verdict { POST, DUPLICATE, RATE_LIMITED }

    private static final class Window {
        private Instant start;
        private int count;
        private long held;

        Window(Instant start) {
            this.start = start;
        }
    }
}
