package io.mmguard.core.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real cases where the seed's binary-float formula is one tick off; both of our paths are exact. */
class SeedFloatFormulaTest {

    /** The seed's compute_quotes, as written in Python, in Java doubles (same IEEE arithmetic). */
    private static double[] seedFloatFormula(double mid, double totalBps, double tick) {
        double h = 0.5 * (totalBps * 1e-4); // the seed's own conversion, reproduced here to show its flaw
        return new double[] {Math.floor(mid * (1.0 - h) / tick) * tick, Math.ceil(mid * (1.0 + h) / tick) * tick};
    }

    @ParameterizedTest(name = "mid {0}, {1} bp, tick {2}: exact bid {3} ask {4}")
    @CsvSource({
        // 240 * 1.00025 = 240.06 exactly; the float formula rounds 24005.999.. up past it to 240.07
        "240, 5, 0.01, 239.94, 240.06, ask",
        "24000, 5, 1, 23994, 24006, ask",
        // 300 * 0.999 = 299.7 exactly; the float formula gets 2996.999.. and floors to 299.6
        "300, 20, 0.1, 299.7, 300.3, bid",
        "590, 20, 0.01, 589.41, 590.59, bid",
    })
    void exactWhereTheSeedFormulaIsOneTickOff(String mid, String bps, String tick, String bid, String ask, String wrongSide) {
        double[] seed = seedFloatFormula(Double.parseDouble(mid), Double.parseDouble(bps), Double.parseDouble(tick));
        BigDecimal seedWrong = BigDecimal.valueOf(wrongSide.equals("bid") ? seed[0] : seed[1]);
        BigDecimal exactWrongSide = new BigDecimal(wrongSide.equals("bid") ? bid : ask);
        assertThat(seedWrong.subtract(exactWrongSide).abs()).as("the seed formula is off").isGreaterThan(BigDecimal.ZERO);

        for (QuotePath path : QuotePath.values()) {
            QuoteCalculator.Result ours = QuoteCalculator.compute(new BigDecimal(mid), new BigDecimal(bps), new BigDecimal(tick),
                    BigDecimal.ONE, path);
            assertThat(ours.prices().bid()).as(path.name()).isEqualByComparingTo(bid);
            assertThat(ours.prices().ask()).as(path.name()).isEqualByComparingTo(ask);
        }
    }
}
