package io.mmguard.router.orders;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step checks of the exchange filters ({@code tick_size}, {@code lot_step}) decide exactly as
 * {@code value.remainder(step).signum() == 0}, on every path: longs, one BigInteger remainder, and
 * {@code remainder} itself for scales far apart.
 */
class ExchangeFiltersTest {

    /** Decimals as they come off the wire: Avro {@code decimal(38, 12)}. */
    private static BigDecimal wire(String value) {
        return new BigDecimal(value).setScale(12);
    }

    private static boolean byRemainder(BigDecimal value, BigDecimal step) {
        return value.remainder(step).signum() == 0;
    }

    private static void assertAgreesWithRemainder(BigDecimal value, BigDecimal step) {
        assertThat(ExchangeFilters.isMultipleOf(value, step)).as("%s multiple of %s", value, step).isEqualTo(byRemainder(value, step));
    }

    @ParameterizedTest(name = "{0} is a multiple of {1}: {2}")
    @CsvSource({
        // zero remainder and one step off, on one scale (the long path)
        "17154978, 1, true",
        "17154978.5, 1, false",
        "0.0015, 0.0005, true",
        "0.0016, 0.0005, false",
        "0.25, 0.25, true",
        "0.24, 0.25, false",
        // different scales: the value's finer, the step's finer, a negative scale
        "17154978.000, 1, true",
        "17154978.001, 1, false",
        "3, 0.001, true",
        "1E+3, 0.5, true",
        "1E+3, 7, false",
        "7E+2, 1E+2, true",
        "7E+2, 3E+2, false",
        // zero and negative values
        "0, 0.0001, true",
        "0E-30, 0.0001, true",
        "-0.0003, 0.0001, true",
        "-0.00035, 0.0001, false",
        "0.0003, -0.0001, true",
    })
    void aStepDividesAValueExactlyWhenTheRemainderIsZero(String value, String step, boolean multiple) {
        BigDecimal v = new BigDecimal(value);
        BigDecimal s = new BigDecimal(step);

        assertThat(ExchangeFilters.isMultipleOf(v, s)).isEqualTo(multiple);
        assertThat(byRemainder(v, s)).as("the reference").isEqualTo(multiple);
    }

    @Test
    void wirePricesOfBtcJpyAboveTheLongRangeAreCheckedExactly() {
        // 17154978 with 12 places is 1.7e19 unscaled: past Long.MAX_VALUE, so the BigInteger path
        assertAgreesWithRemainder(wire("17154978"), wire("1"));
        assertThat(ExchangeFilters.isMultipleOf(wire("17154978"), wire("1"))).isTrue();
        assertThat(ExchangeFilters.isMultipleOf(wire("17154978.000000000001"), wire("1"))).isFalse();
        assertThat(ExchangeFilters.isMultipleOf(wire("17154977.999999999999"), wire("1"))).isFalse();
        assertThat(ExchangeFilters.isMultipleOf(wire("99999999999999999999999999.5"), wire("0.5"))).isTrue();
        assertThat(ExchangeFilters.isMultipleOf(wire("99999999999999999999999999.5"), wire("0.2"))).isFalse();
    }

    @Test
    void everyValueAndStepOfASmallGridAcrossScalesDecidesAsRemainder() {
        long[] steps = {1, 2, 3, 5, 7, 10, 25, 100, 125, 999};
        for (int valueScale = -3; valueScale <= 21; valueScale += 3) {
            for (int stepScale = -3; stepScale <= 21; stepScale += 2) {
                for (long step : steps) {
                    for (long unscaled = -60; unscaled <= 60; unscaled++) {
                        assertAgreesWithRemainder(BigDecimal.valueOf(unscaled, valueScale), BigDecimal.valueOf(step, stepScale));
                    }
                    for (long k : new long[] {1, 7, 1_000_003}) {
                        BigDecimal onStep = BigDecimal.valueOf(step, stepScale).multiply(BigDecimal.valueOf(k));
                        BigDecimal unit = BigDecimal.valueOf(1, Math.max(valueScale, onStep.scale()));
                        assertAgreesWithRemainder(onStep, BigDecimal.valueOf(step, stepScale));
                        assertAgreesWithRemainder(onStep.add(unit), BigDecimal.valueOf(step, stepScale));
                        assertAgreesWithRemainder(onStep.subtract(unit), BigDecimal.valueOf(step, stepScale));
                    }
                }
            }
        }
    }

    @Test
    void unscaledValuesAtTheEdgesOfTheLongPathDecideAsRemainder() {
        List<BigInteger> edges = new ArrayList<>();
        for (BigInteger around : List.of(BigInteger.ONE.shiftLeft(62), BigInteger.ONE.shiftLeft(63), BigInteger.TEN.pow(18),
                BigInteger.TEN.pow(19), BigInteger.valueOf(Long.MAX_VALUE / 10), BigInteger.TEN.pow(37))) {
            for (int delta = -2; delta <= 2; delta++) {
                edges.add(around.add(BigInteger.valueOf(delta)));
                edges.add(around.add(BigInteger.valueOf(delta)).negate());
            }
        }
        List<BigInteger> steps = List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.TEN.pow(12),
                BigInteger.ONE.shiftLeft(61), BigInteger.ONE.shiftLeft(62).add(BigInteger.ONE), BigInteger.valueOf(Long.MAX_VALUE));
        for (BigInteger value : edges) {
            for (BigInteger step : steps) {
                for (int valueScale : new int[] {0, 1, 12, 18, 19}) {
                    for (int stepScale : new int[] {0, 1, 12, 18, 19}) {
                        assertAgreesWithRemainder(new BigDecimal(value, valueScale), new BigDecimal(step, stepScale));
                    }
                }
                BigInteger multiple = value.divide(step).multiply(step);
                assertAgreesWithRemainder(new BigDecimal(multiple, 12), new BigDecimal(step, 12));
                assertAgreesWithRemainder(new BigDecimal(multiple.add(BigInteger.ONE), 12), new BigDecimal(step, 12));
            }
        }
    }

    @Test
    void scalesMoreThanEighteenPlacesApartAreLeftToRemainder() {
        assertAgreesWithRemainder(new BigDecimal("1E+30"), new BigDecimal("0.001"));
        assertAgreesWithRemainder(new BigDecimal("1E+30"), new BigDecimal("3E-20"));
        assertAgreesWithRemainder(new BigDecimal("12345.6789012345678901234567"), new BigDecimal("1E+3"));
        assertAgreesWithRemainder(new BigDecimal("0.000000000000000000000000000002"), new BigDecimal("0.00001"));
        assertThat(ExchangeFilters.isMultipleOf(new BigDecimal("1E+30"), new BigDecimal("0.001"))).isTrue();
        assertThat(ExchangeFilters.isMultipleOf(new BigDecimal("1E+30").add(new BigDecimal("1E-20")), new BigDecimal("1E+3"))).isFalse();
    }

    @Test
    void aZeroStepFailsAsRemainderDoes() {
        assertThatThrownBy(() -> ExchangeFilters.isMultipleOf(BigDecimal.ONE, BigDecimal.ZERO)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> ExchangeFilters.isMultipleOf(BigDecimal.ZERO, new BigDecimal("0.000"))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aWirePriceOnTheTickAndAQuantityOnTheLotPassEveryFilter() {
        Instrument btcJpy = wireInstrument();

        assertThat(ExchangeFilters.check(btcJpy, Side.BUY, wire("17154978"), wire("0.001"), wire("17159268"))).isEmpty();
        assertThat(ExchangeFilters.check(btcJpy, Side.SELL, wire("17163558"), wire("0.0001"), wire("17159268"))).as("min_qty itself")
                .isEmpty();
    }

    @Test
    void aWirePriceOneUnitOffTheTickIsDeniedPriceFilter() {
        Optional<ExchangeFilters.Violation> violation = ExchangeFilters.check(wireInstrument(), Side.BUY, wire("17154978.000000000001"),
                wire("0.001"), wire("17159268"));

        assertThat(violation).hasValueSatisfying(v -> {
            assertThat(v.reason()).isEqualTo(OrderDenialReason.PRICE_FILTER);
            assertThat(v.detail()).isEqualTo("PRICE_FILTER: price 17154978.000000000001 is not a multiple of tick_size 1");
        });
    }

    @Test
    void aWireQuantityOneUnitOffTheLotStepIsDeniedLotSize() {
        Optional<ExchangeFilters.Violation> violation = ExchangeFilters.check(wireInstrument(), Side.SELL, wire("17163558"),
                wire("0.001000000001"), wire("17159268"));

        assertThat(violation).hasValueSatisfying(v -> {
            assertThat(v.reason()).isEqualTo(OrderDenialReason.LOT_SIZE);
            assertThat(v.detail()).isEqualTo("LOT_SIZE: quantity 0.001000000001 is not min_qty 0.0001 plus a multiple of lot_step 0.0001");
        });
    }

    @Test
    void aLotStepCountedFromAMinimumOffTheStepGridIsStillExact() {
        Instrument odd = Instrument.newBuilder(wireInstrument()).setMinQty(wire("0.00015")).build();

        assertThat(ExchangeFilters.check(odd, Side.BUY, wire("17154978"), wire("0.00115"), null)).isEmpty();
        assertThat(ExchangeFilters.check(odd, Side.BUY, wire("17154978"), wire("0.001"), null)).hasValueSatisfying(
                v -> assertThat(v.reason()).isEqualTo(OrderDenialReason.LOT_SIZE));
    }

    /** BTCJPY reference data with every decimal at the wire's scale. */
    private static Instrument wireInstrument() {
        Instrument instrument = aBtcJpyInstrument().build();
        return Instrument.newBuilder(instrument)
                .setTickSize(instrument.getTickSize().setScale(12))
                .setLotStep(instrument.getLotStep().setScale(12))
                .setMinQty(instrument.getMinQty().setScale(12))
                .setMinNotional(instrument.getMinNotional().setScale(12))
                .setBidMultiplierUp(instrument.getBidMultiplierUp().setScale(12))
                .setBidMultiplierDown(instrument.getBidMultiplierDown().setScale(12))
                .setAskMultiplierUp(instrument.getAskMultiplierUp().setScale(12))
                .setAskMultiplierDown(instrument.getAskMultiplierDown().setScale(12))
                .build();
    }
}
