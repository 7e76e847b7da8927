package io.mmguard.core.runtime;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.Topics;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.Topology;

/**
 * What a service supplies to the {@link ServiceRunner}: its name, its default metrics port, how to
 * read its config record, and its pure {@code build(topics, config)} topology function.
 *
 * @param name               service name (logs, default application id, metrics)
 * @param defaultMetricsPort default port of {@code /metrics} and {@code /health}
 * @param readConfig         reads the service's config record (common keys included) from a reader
 * @param common             extracts the common part of the config record
 * @param build              the topology, a pure function of typed topics and config
 * @param <C>                the service's config record
 */
public record ServiceDefinition<C>(
        String name,
        int defaultMetricsPort,
        Function<ConfigReader, C> readConfig,
        Function<C, CommonConfig> common,
        BiFunction<Topics, C, Topology> build) {
}
