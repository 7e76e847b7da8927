package io.mmguard.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings every service shares. Read with {@link #read(ConfigReader, int)}; the service's own keys
 * are read by its config record from the same reader.
 *
 * @param bootstrapServers   {@code bootstrap.servers}: the Kafka brokers (required)
 * @param applicationId      {@code application.id}: the Streams application id, default {@code mmguard-<service>}
 * @param stateDir           {@code state.dir}: where local state stores live
 * @param processingGuarantee {@code processing.guarantee}: {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param commitIntervalMs   {@code commit.interval.ms}: under exactly-once each hop adds up to one interval of latency
 * @param metricsHost        {@code metrics.host}: interface for {@code /metrics} and {@code /health}
 * @param metricsPort        {@code metrics.port}: port for {@code /metrics} and {@code /health} (0 picks a free one)
 * @param schemaRegistryUrl  {@code schema.registry.url}: a Confluent-compatible registry; empty = the built-in local registry
 * @param configVersion      {@code config.version}: recorded on every derived record's provenance
 * @param kafka              {@code kafka.*}: passed to the Kafka clients as-is
 */
public record CommonConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int commitIntervalMs,
        String metricsHost,
        int metricsPort,
        String schemaRegistryUrl,
        long configVersion,
        Map<String, String> kafka) {

    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 20;
    /**
     * Commit interval of the apps off the book-to-order path (canary controller, notifier): their outputs are 5-minute SLO
     * verdicts and notifications, so 100 ms more latency costs nothing, and a fifth of the transactions saves broker CPU.
     */
    public static final int OFF_PATH_COMMIT_INTERVAL_MS = 100;
    /**
     * Consumer settings of the off-path apps: fetch in batches (up to 100 ms or 32 KB) instead of one fetch per upstream
     * commit; on this 2-core machine every fetch request costs the broker CPU the on-path apps need.
     */
    public static final Map<String, String> OFF_PATH_KAFKA_DEFAULTS = Map.of(
            "main.consumer.fetch.min.bytes", "32768",
            "main.consumer.fetch.max.wait.ms", "100");
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";

    public CommonConfig {
        kafka = Map.copyOf(kafka);
    }

    /** Reads the shared keys; {@code defaultMetricsPort} is the service's own default. */
    public static CommonConfig read(ConfigReader reader, int defaultMetricsPort) {
        return read(reader, defaultMetricsPort, DEFAULT_COMMIT_INTERVAL_MS, Map.of());
    }

    /**
     * Reads the shared keys with the service's own defaults: its metrics port, its commit interval, and Kafka client settings
     * that {@code kafka.*} keys override.
     */
    public static CommonConfig read(ConfigReader reader, int defaultMetricsPort, int defaultCommitIntervalMs,
                                    Map<String, String> kafkaDefaults) {
        String service = reader.service();
        Map<String, String> kafka = new java.util.TreeMap<>(kafkaDefaults);
        kafka.putAll(reader.kafkaPassThrough());
        String applicationId = reader.string("application.id", "mmguard-" + service);
        return new CommonConfig(
                reader.requireString("bootstrap.servers", "127.0.0.1:9092"),
                applicationId,
                Path.of(reader.string("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "mmguard-state").toString())),
                reader.oneOf("processing.guarantee", EXACTLY_ONCE_V2, List.of(EXACTLY_ONCE_V2, AT_LEAST_ONCE)),
                reader.integer("commit.interval.ms", defaultCommitIntervalMs, 1, 60_000),
                reader.string("metrics.host", DEFAULT_METRICS_HOST),
                reader.integer("metrics.port", defaultMetricsPort, 0, 65_535),
                reader.string("schema.registry.url", ""),
                reader.longValue("config.version", 1, 0, Long.MAX_VALUE),
                kafka);
    }
}
