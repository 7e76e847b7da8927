package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.kill;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.reject;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.schemas.ExecType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's metric names, fed from the control state and the execution reports. */
class RouterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RouterDriver router;

    @BeforeEach
    void givenALiveRouterWithARegistry() {
        Properties props = new Properties();
        props.put(RouterMetrics.METER_REGISTRY_CONFIG, registry);
        router = new RouterDriver(RouterDriver.defaults().startingLive(new BigDecimal("0.05")).withSigningKey(Records.KEY), props);
        router.instrument(aBtcJpyInstrument().build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void theKillSwitchStateAndFractionGaugesFollowTheControlState() {
        router.decide(pass(1).build());
        assertThat(registry.get("mm_kill_switch_state").gauge().value()).isZero();
        assertThat(registry.get("mm_canary_fraction").gauge().value()).isEqualTo(0.05);

        router.command(kill("k-1").build());

        assertThat(registry.get("mm_kill_switch_state").gauge().value()).isEqualTo(1);
    }

    @Test
    void routedOrdersAndDenialsAreCountedByRouteActionAndReason() {
        router.decide(pass(1).build()); // sample 0.028 < fraction 0.05: both sides live
        router.decide(pass(2).setBid(new BigDecimal("17154978.5")).build());

        assertThat(registry.get("mm_orders_routed").tags("route", "live", "action", "NEW").counter().count()).isEqualTo(2);
        assertThat(registry.get("mm_orders_routed").tags("route", "live", "action", "CANCEL").counter().count()).isEqualTo(2);
        assertThat(registry.get("mm_order_denials").tags("reason", "PRICE_FILTER").counter().count()).isEqualTo(1);
    }

    @Test
    void newOrderResultsRejectsCancelLatencyAndSlippageComeFromExecutionReports() {
        router.report(report("r-1", "o-1", ExecType.ACK, 1).build());
        router.report(reject("r-2", "o-2", -1013, 2).build());
        router.report(report("r-3", "o-3", ExecType.CANCELED, 3).setRequestTs(Instant.parse("2026-11-25T00:00:00Z"))
                .setAckTs(Instant.parse("2026-11-25T00:00:00.120Z")).build());
        router.report(Records.fill("r-4", "o-4", io.mmguard.schemas.Side.BUY, "0.001", "17154979", 4)
                .setQuoteRefPrice(new BigDecimal("17154978")).setMidRef(new BigDecimal("17159268")).build());

        assertThat(registry.get("mm_order_new").tags("result", "2xx").counter().count()).isEqualTo(1);
        assertThat(registry.get("mm_order_new").tags("result", "reject", "code", "-1013").counter().count()).isEqualTo(1);
        assertThat(registry.get("mm_reject").tags("code", "-1013").counter().count()).isEqualTo(1);
        assertThat(registry.get("mm_cancel_latency_ms").summary().totalAmount()).isEqualTo(120);
        assertThat(registry.get("mm_exec_slippage_bp").tags("side", "buy").summary().totalAmount()).isCloseTo(0.000583, org.assertj.core.data.Offset.offset(1e-6));
    }
}
