package io.mmguard.riskgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.runtime.ServiceRunner;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The risk-gate's config: the seed's defaults, validation that names the key, the control key from the environment. */
class RiskGateConfigTest {

    private static RiskGateConfig read(Map<String, String> values, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(values);
        all.put("bootstrap.servers", "127.0.0.1:9092");
        return RiskGateConfig.read(new ConfigReader("risk-gate", all), env);
    }

    @Test
    void theDefaultsAreTheSeeds() {
        RiskParams params = read(Map.of(), Map.of()).params();

        assertThat(params.maxBp()).isEqualByComparingTo("100");
        assertThat(params.staleMs()).isEqualTo(500);
        assertThat(params.jumpZ()).isEqualTo(5.0);
        assertThat(params.jumpFreezeMs()).isEqualTo(30_000);
        assertThat(params.warmupSamples()).isEqualTo(20);
        assertThat(params.sigmaFloorFraction()).isEqualTo(0.0001);
        assertThat(params.killRepeatMs()).isZero();
        assertThat(params.version()).isEqualTo(ParamsVersion.of(1, 0));
    }

    @Test
    void everyThresholdIsAConfigKey() {
        RiskGateConfig config = read(Map.of("risk.max.bp", "50", "risk.stale.ms", "250", "risk.jump.z", "4.5",
                "risk.jump.freeze.ms", "60000", "risk.sigma.floor.bp", "0.5", "risk.ema.half.life.samples", "50",
                "risk.warmup.samples", "100", "risk.silence.ms", "3000", "risk.future.skew.ms", "0",
                "risk.kill.repeat.ms", "1000"), Map.of());

        RiskParams params = config.params();
        assertThat(params.maxBp()).isEqualByComparingTo("50");
        assertThat(params.staleMs()).isEqualTo(250);
        assertThat(params.jumpZ()).isEqualTo(4.5);
        assertThat(params.jumpFreezeMs()).isEqualTo(60_000);
        assertThat(params.sigmaFloorFraction()).isEqualTo(0.00005);
        assertThat(params.alpha()).isEqualTo(MidStats.alphaForHalfLife(50));
        assertThat(params.warmupSamples()).isEqualTo(100);
        assertThat(params.silenceMs()).isEqualTo(3000);
        assertThat(params.futureSkewMs()).isZero();
        assertThat(params.killRepeatMs()).isEqualTo(1000);
    }

    @Test
    void anOutOfRangeThresholdIsRefusedWithTheKeyAndTheRange() {
        assertThatThrownBy(() -> read(Map.of("risk.jump.z", "0.5"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("risk-gate config: risk.jump.z=0.5 is out of range (expected 1..1000, default 5)");
        assertThatThrownBy(() -> read(Map.of("risk.stale.ms", "half a second"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("risk-gate config: risk.stale.ms='half a second' is not a whole number");
    }

    @Test
    void aMistypedKeyIsRefusedWithTheNearestKnownKey() {
        Map<String, String> values = Map.of("bootstrap.servers", "127.0.0.1:9092", "risk.jump.zz", "4");

        assertThatThrownBy(() -> ServiceRunner.readConfig(RiskGateService.DEFINITION, values))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("risk-gate config: unknown key 'risk.jump.zz' (did you mean 'risk.jump.z'?)");
    }

    @Test
    void theControlKeyComesFromTheEnvironmentAndIsOptional() {
        assertThat(read(Map.of(), Map.of("MM_CONTROL_KEY", "k")).signer()).isPresent();
        assertThat(read(Map.of(), Map.of()).signer()).isEmpty();
        assertThat(read(Map.of(), Map.of("MM_CONTROL_KEY", " ")).signer()).isEmpty();
    }

    @Test
    void aConfigVersionTooLargeToPackIsRefused() {
        assertThatThrownBy(() -> read(Map.of("config.version", "10000000"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.version=10000000 is too large");
    }

    @Test
    void theParamsVersionPacksTheFileVersionAndTheControlOffset() {
        long packed = ParamsVersion.of(3, 42);

        assertThat(packed).isEqualTo(3_000_000_000_042L);
        assertThat(ParamsVersion.fileVersion(packed)).isEqualTo(3);
        assertThat(ParamsVersion.controlOffset(packed)).isEqualTo(41);
        assertThat(ParamsVersion.controlOffset(ParamsVersion.of(3, 0))).isEqualTo(-1);
    }

    @Test
    void aRuntimeParamIsCheckedAgainstTheSameRangeAsTheConfig() {
        assertThat(RiskParam.JUMP_Z.refusal(new BigDecimal("1000"))).isEmpty();
        assertThat(RiskParam.JUMP_Z.refusal(new BigDecimal("1000.01"))).isPresent();
        assertThat(RiskParam.STALE_MS.refusal(new BigDecimal("500.0"))).as("500.0 is a whole number").isEmpty();
        assertThat(RiskParam.byKey("risk.stale.ms")).contains(RiskParam.STALE_MS);
        assertThat(RiskParam.byKey("k_inv")).isEmpty();
    }
}
