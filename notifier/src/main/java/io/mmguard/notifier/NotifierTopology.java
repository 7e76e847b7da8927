package io.mmguard.notifier;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: {@code mm.alerts} (key symbol or "*", value {@link Alert}) to a Slack incoming
 * webhook, in the seed's format. De-duplicated and rate-limited per kind by the alerts' own time;
 * posting happens on a separate thread, so the webhook can never hold up this app, let alone the
 * trading path (which does not depend on this service at all: stop, then notify).
 */
public final class NotifierTopology {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierTopology.class);

    private NotifierTopology() {
    }

    /** The notifier's topology; the webhook sender is created when the first task starts. */
    public static Topology build(Topics topics, NotifierConfig config, MeterRegistry meters) {
        StreamsBuilder builder = new StreamsBuilder();
        SenderHolder sender = new SenderHolder(config, meters);
        builder.stream(topics.alerts().name(), topics.alerts().consumed().withName("alerts-source"))
                .process(() -> new NotifyProcessor(config, sender, meters), Named.as("notify"));
        return builder.build();
    }

    /** One sender per app, started lazily (no threads or sockets while the topology is only being built). */
    static final class SenderHolder {
        private final NotifierConfig config;
        private final MeterRegistry meters;
        private SlackSender sender;

        SenderHolder(NotifierConfig config, MeterRegistry meters) {
            this.config = config;
            this.meters = meters;
        }

        synchronized SlackSender get() {
            if (sender == null && config.webhook().isPresent()) {
                sender = new SlackSender(config.webhook().get(), config.maxAttempts(), config.initialBackoff(),
                        config.requestTimeout(), config.queueCapacity(), meters);
            }
            return sender;
        }
    }

    private static final class NotifyProcessor extends ContextualProcessor<String, Alert, Void, Void> {

        private final NotifierConfig config;
        private final SenderHolder senders;
        private final MeterRegistry meters;
        private final AlertGate gate;
        private boolean silenceLogged;

        NotifyProcessor(NotifierConfig config, SenderHolder senders, MeterRegistry meters) {
            this.config = config;
            this.senders = senders;
            this.meters = meters;
            this.gate = new AlertGate(config.perKindPerMinute(), config.dedupWindow());
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
            SlackSender sender = senders.get();
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
                    sender.submit(alert.getKind(), text, source);
                }
            }
        }
    }
}
