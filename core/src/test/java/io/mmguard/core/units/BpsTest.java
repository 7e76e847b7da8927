package io.mmguard.core.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BpsTest {

    @Test
    void fiveBasisPointsIsFiveTenThousandths() {
        assertThat(Bps.toFraction(new BigDecimal("5"))).isEqualByComparingTo("0.0005");
    }

    @Test
    void halfSpreadOfFiveBasisPointsIsTwoAndAHalfTenThousandths() {
        assertThat(Bps.halfSpreadFraction(new BigDecimal("5"))).isEqualByComparingTo("0.00025");
    }

    @Test
    void conversionRoundTripsExactly() {
        BigDecimal bps = new BigDecimal("0.123456789");
        assertThat(Bps.fromFraction(Bps.toFraction(bps))).isEqualByComparingTo(bps);
    }

    @Test
    void plainPrintsWithoutTrailingZerosOrExponent() {
        assertThat(Decimals.plain(new BigDecimal("4295.700000000000"))).isEqualTo("4295.7");
        assertThat(Decimals.plain(new BigDecimal("1.7E+7"))).isEqualTo("17000000");
    }
}
