package io.mmguard.core.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.Topics;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.Topology;

/**
 * What a service supplies to the {@link ServiceRunner}: its name, its default metrics port, how to
 * read its config record, and its pure {@code build(topics, config)} topology function (optionally
 * also given the meter registry its {@code /metrics} endpoint serves).
 *
 * @param name               service name (logs, default application id, metrics)
 * @param defaultMetricsPort default port of {@code /metrics} and {@code /health}
 * @param readConfig         reads the service's config record (common keys included) from a reader
 * @param common             extracts the common part of the config record
 * @param topology           builds the topology from typed topics, config and the meter registry
 * @param <C>                the service's config record
 */
public record ServiceDefinition<C>(
        String name,
        int defaultMetricsPort,
        Function<ConfigReader, C> readConfig,
        Function<C, CommonConfig> common,
        TopologyFactory<C> topology) {

    /** A service whose topology needs only topics and config. */
    public ServiceDefinition(String name, int defaultMetricsPort, Function<ConfigReader, C> readConfig,
                             Function<C, CommonConfig> common, BiFunction<Topics, C, Topology> build) {
        this(name, defaultMetricsPort, readConfig, common, (topics, config, meters) -> build.apply(topics, config));
    }

    /** A service whose topology also records metrics into the registry served on {@code /metrics}. */
    public static <C> ServiceDefinition<C> withMetrics(String name, int defaultMetricsPort, Function<ConfigReader, C> readConfig,
                                                       Function<C, CommonConfig> common, TopologyFactory<C> topology) {
        return new ServiceDefinition<>(name, defaultMetricsPort, readConfig, common, topology);
    }

    /** Builds a service's topology. */
    @FunctionalInterface
    public interface TopologyFactory<C> {
        Topology build(Topics topics, C config, MeterRegistry meters);
    }
}
