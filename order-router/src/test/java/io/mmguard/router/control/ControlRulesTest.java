package io.mmguard.router.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ControlRulesTest {

    @Test
    void aFractionAboveOneIsRefusedWithTheHintThat005IsFivePercent() {
        assertThat(ControlRules.fractionProblem(new BigDecimal("5"))).hasValueSatisfying(message -> assertThat(message)
                .isEqualTo("fraction 5 is out of range [0, 1]: it is a fraction of one, so 0.05 is 5% and 1 is 100%; refused, not clamped"));
        assertThat(ControlRules.fractionProblem(new BigDecimal("0.05"))).isEmpty();
        assertThat(ControlRules.fractionProblem(BigDecimal.ONE)).isEmpty();
        assertThat(ControlRules.fractionProblem(new BigDecimal("-0.01"))).isPresent();
    }

    @Test
    void reduceOnlyMustBeZeroOrOne() {
        assertThat(ControlRules.paramProblem("reduce_only", new BigDecimal("0.5"))).hasValueSatisfying(message ->
                assertThat(message).contains("must be a whole number"));
        assertThat(ControlRules.paramProblem("reduce_only", BigDecimal.ONE)).isEmpty();
    }

    @Test
    void aBadlyFormedParameterNameIsRefused() {
        assertThat(ControlRules.paramProblem("K INV", BigDecimal.ONE)).hasValueSatisfying(message ->
                assertThat(message).contains("not well formed"));
    }
}
