package io.mmguard.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.config.ConfigException;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.canary.plan.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryConfigTest {

    private static final Map<String, String> KEY = Map.of(ControlSigner.KEY_ENV, "k");

    @Test
    void theDefaultsAreTheSeeds() {
        CanaryConfig config = read(Map.of(), KEY);

        assertThat(config.common().applicationId()).isEqualTo("mmguard-canary-controller");
        assertThat(config.common().metricsPort()).isEqualTo(9404);
        assertThat(config.plan().stages()).containsExactly(new Stage(new BigDecimal("0.01"), Duration.ofMinutes(15)),
                new Stage(new BigDecimal("0.05"), Duration.ofMinutes(45)), new Stage(new BigDecimal("0.10"), Duration.ofMinutes(30)));
        assertThat(config.plan().expansion()).containsExactly(new BigDecimal("0.25"), new BigDecimal("0.50"), BigDecimal.ONE);
        assertThat(config.plan().expansionHold()).isEqualTo(Duration.ofHours(6));
        assertThat(config.plan().kInvSteps()).containsExactly(new BigDecimal("0.05"), new BigDecimal("0.10"));
        assertThat(config.plan().kInvHold()).isEqualTo(Duration.ofHours(1));
        assertThat(config.slo().errBpP99Max()).isEqualByComparingTo("0.10");
        assertThat(config.slo().newOrder2xxMin()).isEqualByComparingTo("0.995");
        assertThat(config.slo().cancelP99MaxMs()).isEqualByComparingTo("250");
        assertThat(config.slo().slippageP95MaxBp()).isEqualByComparingTo("0.50");
        assertThat(config.slo().maxDailyLossJpy()).isEqualByComparingTo("5000");
        assertThat(config.maxConsecutiveRejects()).isEqualTo(3);
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theSeedsMaxDailyLossVariableSetsTheLimit() {
        Map<String, String> env = new HashMap<>(KEY);
        env.put("MAX_DAILY_LOSS_JPY", "20000");

        assertThat(read(Map.of(), env).slo().maxDailyLossJpy()).isEqualByComparingTo("20000");
    }

    @Test
    void theTimeScaleDividesStageLengthsAndWindows() {
        CanaryConfig config = read(Map.of("canary.time.scale", "60"), KEY);

        assertThat(config.scaled(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutTheControlKeyTheControllerRefusesToStart() {
        assertThatThrownBy(() -> read(Map.of(), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MM_CONTROL_KEY is not set");
    }

    @Test
    void aKInvHoldOutsideOneToThreeHoursIsRefused() {
        assertThatThrownBy(() -> read(Map.of("canary.k.inv.hold", "30m"), KEY))
                .hasMessageContaining("canary.k.inv.hold=30m is out of range (1h..3h");
    }

    @Test
    void stagesMustIncreaseAndBeFractionsOfOne() {
        assertThatThrownBy(() -> read(Map.of("canary.stages", "0.05:15m,0.01:45m"), KEY)).hasMessageContaining("must be above 0.05");
        assertThatThrownBy(() -> read(Map.of("canary.stages", "5:15m"), KEY)).hasMessageContaining("0.05 is 5%");
        assertThatThrownBy(() -> read(Map.of("canary.stages", "0.01"), KEY)).hasMessageContaining("each stage is fraction:duration");
        assertThatThrownBy(() -> read(Map.of("canary.expansion.stages", "0.10,0.5"), KEY))
                .hasMessageContaining("must start above the last canary stage (0.1)");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheNearestKnownOne() {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "x:9092", "canary.time.scael", "60"));

        assertThatThrownBy(() -> ServiceRunner.readConfig(CanaryService.DEFINITION, values, KEY))
                .hasMessageContaining("did you mean 'canary.time.scale'");
    }

    private static CanaryConfig read(Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "x:9092"));
        values.putAll(overrides);
        return ServiceRunner.readConfig(CanaryService.DEFINITION, values, env);
    }
}
