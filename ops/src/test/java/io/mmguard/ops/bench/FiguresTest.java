package io.mmguard.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void aRatioIsValueOverBaselineAndMissingWhenEitherIsMissingOrTheBaselineIsZero() {
        assertThat(Figures.ratio(412, 35)).isEqualTo(412 / 35.0);
        assertThat(Figures.ratio(Double.NaN, 35)).isNaN();
        assertThat(Figures.ratio(412, Double.NaN)).isNaN();
        assertThat(Figures.ratio(412, 0)).isNaN();
    }

    @Test
    void ratiosAndMillisecondsPrintWithSensiblePrecision() {
        assertThat(Figures.times(412 / 35.0)).isEqualTo("×11.8");
        assertThat(Figures.times(0.3123)).isEqualTo("×0.31");
        assertThat(Figures.times(Double.NaN)).isEqualTo("×n/a");
        assertThat(Figures.ms(0.4234)).isEqualTo("0.42 ms");
        assertThat(Figures.ms(35.14)).isEqualTo("35.1 ms");
        assertThat(Figures.ms(412.4)).isEqualTo("412 ms");
        assertThat(Figures.ms(Double.NaN)).isEqualTo("n/a");
        assertThat(Figures.rate(123456.7)).isEqualTo("123,457/s");
    }

    @Test
    void jsonFiguresAreRoundedToThreeDecimalsAndNullWhenNotMeasured() {
        assertThat(Figures.orNull(1.23456)).isEqualTo(1.235);
        assertThat(Figures.orNull(Double.NaN)).isNull();
        assertThat(Figures.orNull(Double.POSITIVE_INFINITY)).isNull();
    }
}
