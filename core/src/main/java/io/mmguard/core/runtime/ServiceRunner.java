package io.mmguard.core.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.schemas.serde.SchemaRegistryClient;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts any service: validates config (unknown keys refused), builds the topology, wires the
 * quarantine and processing handlers and an uncaught-exception handler that replaces a failed stream thread a bounded
 * number of times and then fails closed ({@link StreamThreadFailures}), serves {@code /metrics} and
 * {@code /health}, and starts the Streams app. Services supply only a {@link ServiceDefinition}.
 */
public final class ServiceRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    /**
     * Streams config key under which the runner hands its {@link io.micrometer.core.instrument.MeterRegistry}
     * (an object) to handlers and processors that read it from the app configs.
     */
    public static final String METER_REGISTRY_CONFIG = "mm.meter.registry";

    private ServiceRunner() {
    }

    /** Reads and validates the config without starting anything (fails fast with a one-line message). */
    public static <C> C readConfig(ServiceDefinition<C> service, Map<String, String> rawConfig) {
        return readConfig(service, rawConfig, Map.of());
    }

    /** As {@link #readConfig(ServiceDefinition, Map)}, with the seed's environment variables as fallbacks. */
    public static <C> C readConfig(ServiceDefinition<C> service, Map<String, String> rawConfig, Map<String, String> environment) {
        ConfigReader reader = new ConfigReader(service.name(), rawConfig, environment);
        C config = service.readConfig().apply(reader);
        reader.refuseUnknownKeys();
        return config;
    }

    /**
     * The keys {@code service} reads, after validating {@code rawConfig} (unknown keys refused) with the
     * seed's variables from {@code environment} as fallbacks. Deployment checks use it.
     */
    public static <C> java.util.Set<String> knownKeys(ServiceDefinition<C> service, Map<String, String> rawConfig,
                                                      Map<String, String> environment) {
        ConfigReader reader = new ConfigReader(service.name(), rawConfig, environment);
        service.readConfig().apply(reader);
        reader.refuseUnknownKeys();
        return reader.knownKeys();
    }

    /** Validates config, builds and starts the service. The caller owns the returned handle. */
    public static <C> RunningService start(ServiceDefinition<C> service, Map<String, String> rawConfig) {
        return start(service, rawConfig, Map.of());
    }

    /** As {@link #start(ServiceDefinition, Map)}, with the seed's environment variables as config fallbacks. */
    public static <C> RunningService start(ServiceDefinition<C> service, Map<String, String> rawConfig,
                                           Map<String, String> environment) {
        C config = readConfig(service, rawConfig, environment);
        CommonConfig common = service.common().apply(config);
        SchemaRegistryClient registry = SchemaRegistries.fromUrl(common.schemaRegistryUrl());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().commonTags("service", service.name());
        Topics topics = Topics.create(registry);
        Topology topology = service.topology().build(topics, config, meters);

        Properties props = streamsProperties(common, meters);
        KafkaGlobalQuarantine globalQuarantine = new KafkaGlobalQuarantine(props, TopicNames.ALERTS,
                topics.alerts().valueSerde().serializer());
        QuarantineConfig.apply(props, TopicNames.DLQ, globalQuarantine);
        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch stopped = new CountDownLatch(1);
        StreamThreadFailures failures = new StreamThreadFailures(StreamThreadFailures.MAX_REPLACEMENTS,
                StreamThreadFailures.WINDOW_MILLIS);
        Counter replaced = Counter.builder("mm_stream_thread_replaced")
                .description("stream threads that died and were replaced (a broker error under a commit, most often)")
                .register(meters);
        streams.setUncaughtExceptionHandler(error -> {
            StreamThreadExceptionResponse response = failures.onFailure(System.nanoTime());
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
                replaced.increment();
                LOG.error("{}: stream thread failed: {}; replacing it ({} of {} allowed in {} min): its tasks restart from"
                        + " the last commit, its open transaction is aborted (exactly-once holds), nothing is produced until"
                        + " the new thread is running", service.name(), Quarantine.oneLine(error), failures.recent(),
                        failures.maxReplacements(), failures.windowMillis() / 60_000, error);
            } else {
                LOG.error("{}: stream thread failed: {}; {} threads already replaced in the last {} min, so this is not"
                        + " transient: shutting this service down (fail closed: no quote, decision or order is produced until"
                        + " it is restarted)", service.name(), Quarantine.oneLine(error), failures.recent(),
                        failures.windowMillis() / 60_000, error);
            }
            return response;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("{}: state {} -> {}", service.name(), before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        OpsHttpServer http = OpsHttpServer.start(service.name(), common.metricsHost(), common.metricsPort(), meters::scrape,
                () -> new OpsHttpServer.Health(streams.state().name(), streams.state() == KafkaStreams.State.RUNNING));
        try {
            new KafkaStreamsMetrics(streams).bindTo(meters);
            streams.start();
        } catch (RuntimeException e) {
            http.close();
            streams.close();
            globalQuarantine.close();
            throw e;
        }
        LOG.info("{}: started application.id={} guarantee={} bootstrap={} metrics http://{}:{}/metrics",
                service.name(), common.applicationId(), common.processingGuarantee(), common.bootstrapServers(),
                common.metricsHost(), http.port());
        return new RunningService(service.name(), streams, http, globalQuarantine, stopped);
    }

    /** Consumer group session timeout of every service (ms), unless {@code kafka.session.timeout.ms} says otherwise. */
    static final int SESSION_TIMEOUT_MS = 6_000;
    /** Heartbeat interval (ms), a quarter of the session timeout. */
    static final int HEARTBEAT_INTERVAL_MS = 1_500;

    /** Standby copies of each task's stores on other instances, unless {@code kafka.num.standby.replicas} says otherwise. */
    static final int STANDBY_REPLICAS = 1;

    /**
     * Transaction timeout (ms) of every service under exactly-once (Kafka Streams' default is 10000), unless
     * {@code kafka.transaction.timeout.ms} or {@code kafka.producer.transaction.timeout.ms} says otherwise.
     */
    static final int EOS_TRANSACTION_TIMEOUT_MS = 5_000;

    /** Producer linger (ms) of every service under at-least-once, unless {@code kafka.producer.linger.ms} says otherwise. */
    static final int ALOS_LINGER_MS = 1;

    static Properties streamsProperties(CommonConfig common, PrometheusMeterRegistry meters) {
        Properties props = new Properties();
        props.putAll(common.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, common.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, common.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, common.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, common.processingGuarantee());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, common.commitIntervalMs());
        props.put(METER_REGISTRY_CONFIG, meters);
        props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A crashed instance's tasks wait for its session to expire before anyone (its own restart included) gets them:
        // 6 s (the broker's minimum by default) instead of the client's 45 s, heartbeats every 1.5 s. kafka.* overrides.
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        // With a second instance, each keeps a warm copy of the other's stores (it reads their changelogs), so a failover
        // restores only the tail instead of the whole changelog. One instance has nowhere to put a standby: no cost.
        props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, STANDBY_REPLICAS);
        if (CommonConfig.EXACTLY_ONCE_V2.equals(common.processingGuarantee())
                && !props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
            // A killed instance's open transaction blocks every read_committed reader of its output partitions (the next
            // service, the survivor's own output included) until the coordinator aborts it after this timeout. A
            // transaction here lasts one commit interval (20 ms), so 5 s still leaves room for a slow broker; one that
            // takes longer is aborted and Streams re-processes it from the last commit (exactly-once holds).
            props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), EOS_TRANSACTION_TIMEOUT_MS);
        }
        if (CommonConfig.AT_LEAST_ONCE.equals(common.processingGuarantee())) {
            // Streams lingers 100 ms by default, so at-least-once output waited for the next commit's flush (up to one
            // commit interval per hop). Under exactly-once the commit flushes anyway and nothing is readable before it, so
            // the default batching stays: fewer produce requests for the broker. kafka.producer.linger.ms overrides.
            props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), ALOS_LINGER_MS);
        }
        return props;
    }
}
