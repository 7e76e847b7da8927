package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchange's filters are checked before sending: a violation is a typed denial naming the filter, never a -1013 later. */
class ExchangeFilterRoutingTest {

    @Test
    void aPriceOffTheTickIsDeniedPriceFilter() {
        List<OrderDenial> denials = denials(aBtcJpyInstrument().build(), pass(1).setBid(new BigDecimal("17154978.5")).build());

        assertThat(denials).singleElement().satisfies(denial -> {
            assertThat(denial.getReason()).isEqualTo(OrderDenialReason.PRICE_FILTER);
            assertThat(denial.getSide()).isEqualTo(Side.BUY);
            assertThat(denial.getDetail()).startsWith("PRICE_FILTER: price 17154978.5 is not a multiple of tick_size 1");
            assertThat(denial.getOrderId()).isEqualTo("o-d-1-B");
            assertThat(denial.getDecisionId()).isEqualTo("d-1");
        });
    }

    @Test
    void aQuantityOffTheLotStepIsDeniedLotSize() {
        assertThat(denials(aBtcJpyInstrument().build(), pass(1).setAskSize(new BigDecimal("0.00105")).build()))
                .singleElement().satisfies(denial -> {
                    assertThat(denial.getReason()).isEqualTo(OrderDenialReason.LOT_SIZE);
                    assertThat(denial.getSide()).isEqualTo(Side.SELL);
                });
    }

    @Test
    void aQuantityBelowTheMinimumIsDeniedLotSize() {
        assertThat(denials(aBtcJpyInstrument().setMinQty(new BigDecimal("0.01")).build(), pass(1).build()))
                .extracting(OrderDenial::getReason).containsOnly(OrderDenialReason.LOT_SIZE);
    }

    @Test
    void aNotionalBelowTheMinimumIsDeniedMinNotional() {
        assertThat(denials(aBtcJpyInstrument().setMinNotional(new BigDecimal("20000")).build(), pass(1).build()))
                .hasSize(2).extracting(OrderDenial::getReason).containsOnly(OrderDenialReason.MIN_NOTIONAL);
    }

    @Test
    void aNotionalAboveTheMaximumIsDeniedMaxNotional() {
        assertThat(denials(aBtcJpyInstrument().setMaxNotional(new BigDecimal("10000")).build(), pass(1).build()))
                .hasSize(2).extracting(OrderDenial::getReason).containsOnly(OrderDenialReason.MAX_NOTIONAL);
    }

    @Test
    void aBidBelowTheBidMultiplierBandIsDeniedPercentPriceBySide() {
        Instrument tight = aBtcJpyInstrument().setBidMultiplierDown(new BigDecimal("0.9999")).build();

        assertThat(denials(tight, pass(1).build())).singleElement().satisfies(denial -> {
            assertThat(denial.getReason()).isEqualTo(OrderDenialReason.PERCENT_PRICE_BY_SIDE);
            assertThat(denial.getDetail()).contains("BUY price 17154978 is outside [17157552.0732");
        });
    }

    @Test
    void withoutReferenceDataBothSidesAreDeniedNoInstrument() {
        try (RouterDriver router = RouterDriver.liveAt("1", Records.KEY)) {
            router.decide(pass(1).build());

            assertThat(router.denied.readValuesToList()).hasSize(2).extracting(OrderDenial::getReason)
                    .containsOnly(OrderDenialReason.NO_INSTRUMENT);
            assertThat(router.liveOrders()).isEmpty();
        }
    }

    @Test
    void filtersApplyToShadowOrdersToo() {
        try (RouterDriver router = new RouterDriver(RouterDriver.defaults())) {
            router.instrument(aBtcJpyInstrument().build());
            router.decide(pass(1).setBid(new BigDecimal("17154978.5")).build());

            assertThat(router.denied.readValuesToList()).extracting(OrderDenial::getReason).containsExactly(OrderDenialReason.PRICE_FILTER);
            assertThat(router.shadowOrders()).extracting(o -> o.getSide()).containsExactly(Side.SELL);
        }
    }

    private static List<OrderDenial> denials(Instrument instrument, RiskDecision decision) {
        try (RouterDriver router = RouterDriver.liveAt("1", Records.KEY)) {
            router.instrument(instrument);
            router.decide(decision);
            List<OrderDenial> denials = router.denied.readValuesToList();
            assertThat(router.liveOrders()).hasSize(2 - denials.size());
            return denials;
        }
    }
}
