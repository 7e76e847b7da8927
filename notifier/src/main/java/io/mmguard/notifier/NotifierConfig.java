package io.mmguard.notifier;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The notifier's config.
 *
 * @param common          shared keys
 * @param webhook         {@code slack.webhook.url} (seed: {@code SLACK_WEBHOOK_URL}); empty = silent, as in the seed
 * @param maxAttempts     {@code notifier.max.attempts}: tries per alert before it is counted as failed
 * @param initialBackoff  {@code notifier.backoff.ms}: first retry delay, doubled each retry
 * @param requestTimeout  {@code notifier.timeout.ms}: per HTTP request
 * @param perKindPerMinute {@code notifier.rate.per.kind.per.minute}: messages per alert kind per minute; the rest are summarised
 * @param dedupWindow     {@code notifier.dedup.window.ms}: the same kind, symbol and message within this window is sent once
 * @param queueCapacity   {@code notifier.queue.capacity}: alerts queued for the webhook; beyond it they wait in the outbox
 *                        (counted and logged) and are queued as it drains
 * @param shutdownGrace   {@code notifier.shutdown.grace.ms}: on stop, how long queued and in-flight alerts may still be posted;
 *                        what is left stays in the outbox and is posted at the next start. At most 20 s, well under the
 *                        30 s the runner gives Kafka Streams to close
 */
public record NotifierConfig(CommonConfig common, Optional<URI> webhook, int maxAttempts, Duration initialBackoff,
                             Duration requestTimeout, int perKindPerMinute, Duration dedupWindow, int queueCapacity,
                             Duration shutdownGrace) {

    public static final String SERVICE = "notifier";
    public static final int DEFAULT_METRICS_PORT = 9405;

    /** Reads and validates the notifier's keys. */
    public static NotifierConfig read(ConfigReader reader) {
        CommonConfig common = CommonConfig.read(reader, DEFAULT_METRICS_PORT, CommonConfig.OFF_PATH_COMMIT_INTERVAL_MS,
                CommonConfig.OFF_PATH_KAFKA_DEFAULTS);
        String url = reader.string("slack.webhook.url", "");
        Optional<URI> webhook = Optional.empty();
        if (!url.isBlank()) {
            try {
                URI uri = URI.create(url.strip());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("scheme " + uri.getScheme());
                }
                webhook = Optional.of(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("notifier config: slack.webhook.url (SLACK_WEBHOOK_URL) is not an http(s) URL;"
                        + " expected e.g. https://hooks.slack.com/services/T000/B000/XXXX", e);
            }
        }
        return new NotifierConfig(common, webhook,
                reader.integer("notifier.max.attempts", 4, 1, 20),
                Duration.ofMillis(reader.longValue("notifier.backoff.ms", 500, 1, 60_000)),
                Duration.ofMillis(reader.longValue("notifier.timeout.ms", 3_000, 100, 60_000)),
                reader.integer("notifier.rate.per.kind.per.minute", 20, 1, 10_000),
                Duration.ofMillis(reader.longValue("notifier.dedup.window.ms", 60_000, 0, 86_400_000L)),
                reader.integer("notifier.queue.capacity", 1_000, 1, 1_000_000),
                Duration.ofMillis(reader.longValue("notifier.shutdown.grace.ms", 5_000, 0, 20_000)));
    }
}
