package io.mmguard.notifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: {@code mm.alerts} (key symbol or "*", value {@link Alert}) to a Slack incoming
 * webhook, in the seed's format. De-duplicated and rate-limited per kind by the alerts' own time;
 * posting happens on a separate thread, so the webhook can never hold up this app, let alone the
 * trading path (which does not depend on this service at all: stop, then notify).
 *
 * <p>Nothing admitted is lost on a stop or a crash: each message goes into the {@link Outbox} (a changelogged store that
 * commits with the {@code mm.alerts} offsets) before it is queued for the webhook, and leaves it only once it is posted
 * or finally given up; a task that starts posts what its outbox still holds. Delivery to Slack is therefore
 * <em>at-least-once</em>: a message posted after the last commit of its removal is posted again at the next start. That
 * happens to what finished within {@link #PUNCTUATE_EVERY} plus a commit interval before a crash, and to what finishes
 * during the shutdown grace ({@code notifier.shutdown.grace.ms}), because Kafka Streams commits a task before it closes
 * its processors. Under {@code at_least_once} processing, an alert posted but not yet committed is also posted again.
 */
public final class NotifierTopology {

    /** How often the stream thread removes finished messages from the outbox and queues waiting ones (wall clock). */
    static final Duration PUNCTUATE_EVERY = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(NotifierTopology.class);

    private NotifierTopology() {
    }

    /** The notifier's topology; the webhook sender is created when the first task starts and closed when the last stops. */
    public static Topology build(Topics topics, NotifierConfig config, MeterRegistry meters) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Outbox.store());
        SenderHolder sender = new SenderHolder(config, meters);
        builder.stream(topics.alerts().name(), topics.alerts().consumed().withName("alerts-source"))
                .process(() -> new NotifyProcessor(config, sender, meters), Named.as("notify"), Outbox.STORE);
        return builder.build();
    }

    /**
     * One sender per app, shared by its tasks and reference-counted: created when the first task starts (no threads or
     * sockets while the topology is only being built), closed with the shutdown grace when the last task stops.
     */
    static final class SenderHolder {
        private final NotifierConfig config;
        private final MeterRegistry meters;
        private SlackSender sender;
        private int users;

        SenderHolder(NotifierConfig config, MeterRegistry meters) {
            this.config = config;
            this.meters = meters;
        }

        /** The sender, started if need be, counted as used until {@link #release}; null when no webhook is configured. */
        synchronized SlackSender acquire() {
            if (config.webhook().isEmpty()) {
                return null;
            }
            if (sender == null) {
                sender = new SlackSender(config.webhook().get(), config.maxAttempts(), config.initialBackoff(),
                        config.requestTimeout(), config.queueCapacity(), meters);
            }
            users++;
            return sender;
        }

        /**
         * Ends one use of the sender by the task whose messages report to {@code finished}. The last user closes it with
         * the shutdown grace (outside this lock, so a task starting meanwhile gets a new sender); an earlier one only
         * takes its queued messages back, which stay in its outbox for whoever runs that task next.
         */
        void release(Consumer<String> finished) {
            SlackSender closing;
            synchronized (this) {
                if (sender == null) {
                    return;
                }
                if (--users > 0) {
                    sender.withdraw(finished);
                    return;
                }
                closing = sender;
                sender = null;
            }
            closing.close(config.shutdownGrace());
        }
    }

    /**
     * Gates each alert and posts what passes through the outbox: put in the store, then queued for the sender; finished
     * messages are deleted and waiting ones queued by a wall-clock punctuator, so the store is only touched on the
     * stream thread.
     */
    static final class NotifyProcessor extends ContextualProcessor<String, Alert, Void, Void> {

        private final NotifierConfig config;
        private final SenderHolder senders;
        private final MeterRegistry meters;
        private final AlertGate gate;
        /** Keys the sender finished (posted or given up), filled on its thread, drained into outbox deletes on ours. */
        private final Queue<String> finished = new ConcurrentLinkedQueue<>();
        private final Consumer<String> onFinished = finished::add;
        private KeyValueStore<String, String> outbox;
        private SlackSender sender;
        /** The first outbox key not handed to the sender (its queue was full); no later key has been either. Null: none. */
        private String waitingFrom;
        /** Set while messages wait because the queue was full: the catch-up is then logged with how many were queued. */
        private boolean waitingLogged;
        private long queuedWhileWaiting;
        private boolean silenceLogged;

        NotifyProcessor(NotifierConfig config, SenderHolder senders, MeterRegistry meters) {
            this.config = config;
            this.senders = senders;
            this.meters = meters;
            this.gate = new AlertGate(config.perKindPerMinute(), config.dedupWindow());
        }

        /** Opens the outbox, takes the sender, and queues every message the outbox kept from before this start. */
        @Override
        public void init(ProcessorContext<Void, Void> context) {
            super.init(context);
            outbox = context.getStateStore(Outbox.STORE);
            sender = senders.acquire();
            Pending pending = pending();
            if (pending.count() > 0) {
                if (sender == null) {
                    LOG.warn("task {}: {} alerts are left in the notifier outbox from a previous run (oldest {}), but"
                            + " SLACK_WEBHOOK_URL is not set: not posting them; they stay in the outbox and on mm.alerts",
                            context.taskId(), pending.count(), pending.oldestSource());
                } else {
                    LOG.info("task {}: re-sending {} alerts left pending by the previous run (oldest {})", context.taskId(),
                            pending.count(), pending.oldestSource());
                    waitingFrom = pending.oldestKey();
                    queueWaiting();
                }
            }
            context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> punctuate());
        }

        @Override
        public void process(Record<String, Alert> record) {
            Alert alert = record.value();
            if (alert == null) {
                return;
            }
            RecordMetadata meta = context().recordMetadata().orElseThrow();
            String source = meta.topic() + "-" + meta.partition() + "@" + meta.offset();
            meters.counter("mm_alerts_seen", "kind", alert.getKind(), "severity", alert.getSeverity().name()).increment();
            if (sender == null) {
                if (!silenceLogged) {
                    LOG.info("SLACK_WEBHOOK_URL is not set: alerts are not posted anywhere (they stay on mm.alerts), as in the seed");
                    silenceLogged = true;
                }
                return;
            }
            switch (gate.admit(alert)) {
                case DUPLICATE -> meters.counter("mm_notifier_dropped", "reason", "duplicate", "kind", alert.getKind()).increment();
                case RATE_LIMITED -> meters.counter("mm_notifier_dropped", "reason", "rate_limited", "kind", alert.getKind()).increment();
                default -> {
                    long held = gate.takeHeld(alert.getKind());
                    String text = SlackFormat.text(alert) + (held > 0 ? " (+" + held + " more " + alert.getKind()
                            + " held back by the rate limit; see mm.alerts)" : "");
                    post(Outbox.key(meta.offset()), new Outbox.Entry(alert.getKind(), text, source));
                }
            }
        }

        /** Into the outbox first, then to the sender; behind earlier waiting messages, or when its queue is full, it waits. */
        private void post(String key, Outbox.Entry entry) {
            if (outbox.get(key) != null) {
                // a replay of an alert already pending from before this start (at_least_once): it is queued from the outbox
                return;
            }
            outbox.put(key, entry.encode());
            if (waitingFrom == null && sender.submit(key, entry.kind(), entry.text(), entry.source(), onFinished)) {
                return;
            }
            meters.counter("mm_notifier_deferred", "reason", "queue_full", "kind", entry.kind()).increment();
            if (waitingFrom == null) {
                waitingFrom = key;
                waitingLogged = true;
                queuedWhileWaiting = 0;
                LOG.warn("[NOTIFY_DEFERRED] notifier queue is full ({} messages waiting for the webhook): {} from {} and the"
                        + " alerts after it wait in the outbox, queued every {} ms as the webhook catches up", sender.pending(),
                        entry.kind(), entry.source(), PUNCTUATE_EVERY.toMillis());
            }
        }

        /** Stream thread, every {@link #PUNCTUATE_EVERY}: finished messages leave the outbox; waiting ones are queued. */
        private void punctuate() {
            if (sender == null) {
                return;
            }
            String key;
            while ((key = finished.poll()) != null) {
                outbox.delete(key);
            }
            if (waitingFrom != null) {
                queueWaiting();
            }
        }

        /** Hands the outbox from {@link #waitingFrom} on to the sender, in key order, until its queue is full again. */
        private void queueWaiting() {
            List<String> unreadable = new ArrayList<>();
            String stoppedAt = null;
            int queued = 0;
            try (KeyValueIterator<String, String> entries = outbox.range(waitingFrom, null)) {
                while (entries.hasNext()) {
                    KeyValue<String, String> next = entries.next();
                    Optional<Outbox.Entry> entry = Outbox.Entry.decode(next.value);
                    if (entry.isEmpty()) {
                        unreadable.add(next.key);
                        LOG.error("[NOTIFY_FAILED] notifier outbox entry {} (the mm.alerts offset) is not readable: {};"
                                + " deleting it without posting, the alert stays on mm.alerts", next.key, next.value);
                        continue;
                    }
                    Outbox.Entry e = entry.get();
                    if (!sender.submit(next.key, e.kind(), e.text(), e.source(), onFinished)) {
                        stoppedAt = next.key;
                        break;
                    }
                    queued++;
                }
            }
            unreadable.forEach(outbox::delete);
            queuedWhileWaiting += queued;
            if (stoppedAt != null) {
                waitingLogged = true; // also a re-send at start that did not fit the queue at once
            } else if (waitingLogged) {
                LOG.info("task {}: notifier outbox caught up: all {} alerts that waited for room are queued for the webhook",
                        context().taskId(), queuedWhileWaiting);
                waitingLogged = false;
                queuedWhileWaiting = 0;
            }
            waitingFrom = stoppedAt;
        }

        /**
         * Releases the sender (the last task's release gives queued and in-flight messages the shutdown grace) and reports
         * what the outbox keeps for the next start. Nothing is written here: the task's final commit is already done.
         */
        @Override
        public void close() {
            if (sender == null) {
                return;
            }
            senders.release(onFinished);
            Pending pending;
            try {
                pending = pending();
            } catch (RuntimeException e) {
                LOG.warn("task {}: notifier stopping; its outbox could not be read to count what is left ({}): whatever it"
                        + " holds is re-sent at next start", context().taskId(), e.toString());
                return;
            }
            int finishedLate = finished.size();
            long unfinished = Math.max(0, pending.count() - finishedLate);
            if (unfinished > 0) {
                LOG.warn("task {}: notifier stopping with {} alerts not yet posted (oldest {}): left in the outbox, re-sent"
                        + " at next start", context().taskId(), unfinished, pending.oldestSource());
            }
            if (finishedLate > 0) {
                LOG.info("task {}: {} alerts were posted or given up too late to be removed from the outbox before the final"
                        + " commit: they are sent again at next start (at-least-once)", context().taskId(), finishedLate);
            }
        }

        /** Counts the outbox (exactly: RocksDB's own count is an estimate) and names its oldest entry. */
        private Pending pending() {
            long count = 0;
            String oldestKey = null;
            String oldestValue = null;
            try (KeyValueIterator<String, String> entries = outbox.all()) {
                while (entries.hasNext()) {
                    KeyValue<String, String> next = entries.next();
                    if (oldestKey == null) {
                        oldestKey = next.key;
                        oldestValue = next.value;
                    }
                    count++;
                }
            }
            String oldestSource = oldestValue == null ? "-"
                    : Outbox.Entry.decode(oldestValue).map(e -> e.kind() + " from " + e.source()).orElse("entry " + oldestKey);
            return new Pending(count, oldestKey, oldestSource);
        }

        private record Pending(long count, String oldestKey, String oldestSource) {
        }
    }
}
