package io.mmguard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    @Test
    void missingRequiredKeyIsRefusedNamingTheKeyAndAnExample() {
        ConfigReader reader = new ConfigReader("quoter", Map.of());

        assertThatThrownBy(() -> CommonConfig.read(reader, 9401))
                .isInstanceOf(ConfigException.class)
                .hasMessage("quoter config: missing required key 'bootstrap.servers' (e.g. bootstrap.servers=127.0.0.1:9092)");
    }

    @Test
    void unknownKeyIsRefusedWithTheNearestKnownKey() {
        ConfigReader reader = new ConfigReader("quoter", Map.of("bootstrap.servers", "h:1", "metrics.prot", "9000"));
        CommonConfig.read(reader, 9401);

        assertThatThrownBy(reader::refuseUnknownKeys)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("quoter config: unknown key 'metrics.prot' (did you mean 'metrics.port'?); known keys: ");
    }

    @Test
    void kafkaKeysPassThroughWithoutThePrefix() {
        ConfigReader reader = new ConfigReader("quoter", Map.of("bootstrap.servers", "h:1", "kafka.num.stream.threads", "2"));
        CommonConfig common = CommonConfig.read(reader, 9401);
        reader.refuseUnknownKeys();

        assertThat(common.kafka()).containsEntry("num.stream.threads", "2");
    }

    @Test
    void outOfRangeNumbersNameTheRange() {
        ConfigReader reader = new ConfigReader("risk-gate", Map.of("risk.max.bp", "0"));

        assertThatThrownBy(() -> reader.decimal("risk.max.bp", new BigDecimal("100"), BigDecimal.ONE, new BigDecimal("10000")))
                .hasMessage("risk-gate config: risk.max.bp=0 is out of range (expected 1..10000, default 100)");
    }

    @Test
    void decimalsAreReadExactly() {
        ConfigReader reader = new ConfigReader("quoter", Map.of("quote.extra.bps", "0.1"));

        assertThat(reader.decimal("quote.extra.bps", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN)).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void processingGuaranteeMustBeOneOfTheSupportedModes() {
        ConfigReader reader = new ConfigReader("quoter", Map.of("bootstrap.servers", "h:1", "processing.guarantee", "exactly_once"));

        assertThatThrownBy(() -> CommonConfig.read(reader, 9401))
                .hasMessage("quoter config: processing.guarantee='exactly_once' is not one of [exactly_once_v2, at_least_once]");
    }

    @Test
    void seedEnvironmentVariablesFillKeysTheServiceReadsButTheFileWins() {
        Map<String, String> env = Map.of("CANARY_FRACTION", "0.01", "USE_RUST_QUOTES", "1");
        ConfigReader fromEnv = new ConfigReader("order-router", Map.of(), env);
        ConfigReader fromFile = new ConfigReader("order-router", Map.of("canary.fraction", "0.05"), env);

        assertThat(fromEnv.decimal("canary.fraction", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE)).isEqualByComparingTo("0.01");
        assertThat(fromFile.decimal("canary.fraction", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE)).isEqualByComparingTo("0.05");
        fromEnv.refuseUnknownKeys();
    }
}
