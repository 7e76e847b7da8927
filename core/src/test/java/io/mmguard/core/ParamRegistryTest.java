package io.mmguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.control.ParamRegistry;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ParamRegistryTest {

    @Test
    void kInvIsAcceptedUpToHalfAndRefusedJustAboveIt() {
        assertThat(ParamRegistry.K_INV.problem(new BigDecimal("0"))).isEmpty();
        assertThat(ParamRegistry.K_INV.problem(new BigDecimal("0.5"))).isEmpty();
        assertThat(ParamRegistry.K_INV.problem(new BigDecimal("0.500000000001"))).get().asString()
                .contains("k_inv 0.500000000001 is out of range [0, 0.5]").contains("refused, not clamped");
        assertThat(ParamRegistry.K_INV.problem(new BigDecimal("-0.01"))).isPresent();
    }

    @Test
    void reduceOnlyIsAWholeFlag() {
        assertThat(ParamRegistry.REDUCE_ONLY.problem(BigDecimal.ONE)).isEmpty();
        assertThat(ParamRegistry.REDUCE_ONLY.problem(new BigDecimal("0.5"))).get().asString().contains("must be a whole number");
    }

    @Test
    void aMissingValueIsNamed() {
        assertThat(ParamRegistry.EXTRA_BPS.problem(null)).get().asString().contains("extra_bps needs a value");
    }

    @Test
    void everyParameterNamesTheServiceThatAppliesItAndAnUnknownNameIsNotTheRegistrys() {
        assertThat(ParamRegistry.all()).extracting(ParamRegistry.Spec::appliedBy).doesNotContainNull();
        assertThat(ParamRegistry.find("risk.stale.ms")).isEmpty();
        assertThat(ParamRegistry.names()).isEqualTo("reduce_only, k_inv, extra_bps");
    }
}
