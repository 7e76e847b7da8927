package io.mmguard.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.config.ConfigReader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServiceRunnerPropertiesTest {

    private static Properties properties(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        CommonConfig common = CommonConfig.read(new ConfigReader("quoter", values), 9401);
        return ServiceRunner.streamsProperties(common, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Test
    void atLeastOnceSendsOutputAfterOneMillisecondInsteadOfAtTheNextCommit() {
        Properties props = properties("processing.guarantee", "at_least_once");

        assertThat(props.get("producer.linger.ms")).isEqualTo(ServiceRunner.ALOS_LINGER_MS);
    }

    @Test
    void exactlyOnceKeepsTheStreamsDefaultBatchingBecauseTheCommitFlushes() {
        Properties props = properties();

        assertThat(props.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(props).doesNotContainKey("producer.linger.ms");
    }

    @Test
    void anOperatorsLingerWins() {
        Properties props = properties("processing.guarantee", "at_least_once", "kafka.producer.linger.ms", "7");

        assertThat(props.get("producer.linger.ms")).isEqualTo("7");
    }
}
