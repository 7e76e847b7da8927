package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static io.mmguard.riskgate.RiskTestRecords.theIncidentQuoteAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.core.topics.TopicNames;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's metric names, fed from the decisions (DESIGN.md section 7). */
class RiskMetricsTest {

    private static final Instant AT = Instant.parse("2026-11-25T00:00:05Z");

    @Test
    void decisionsSanityFailuresAndL2AgeAreCountedInTheRunnersRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProcessorHarness harness = new ProcessorHarness(RiskGateDriver.config(Map.of()),
                Map.of(RiskMetrics.METER_REGISTRY_CONFIG, registry));

        harness.process(TopicNames.QUOTES, "BTCJPY", theIncidentQuoteAt(AT).build(), AT.toEpochMilli());
        harness.process(TopicNames.QUOTES, "BTCJPY", aQuote("q-ok", AT.minusMillis(40)).build(), AT.toEpochMilli());

        assertThat(registry.get("mm_sanity_fail").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("mm_risk_decisions").tags("verdict", "REJECT", "reason", "IMPLIED_BP_TOO_WIDE").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("mm_risk_decisions").tags("verdict", "FREEZE", "reason", "WARMING_UP").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("mm_l2_age_ms").summary().count()).isEqualTo(2);
        assertThat(registry.get("mm_l2_age_ms").summary().max()).isEqualTo(40.0);
    }

    @Test
    void withoutARegistryNothingIsRecordedAndNothingFails() {
        ProcessorHarness harness = new ProcessorHarness(RiskGateDriver.config(Map.of()));

        harness.process(TopicNames.QUOTES, "BTCJPY", theIncidentQuoteAt(AT).build(), AT.toEpochMilli());

        assertThat(harness.forwarded()).hasSize(4);
    }
}
