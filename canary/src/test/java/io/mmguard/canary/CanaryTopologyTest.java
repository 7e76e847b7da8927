package io.mmguard.canary;

import static io.mmguard.canary.CanaryDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CanaryTopologyTest {

    private CanaryDriver canary;

    @AfterEach
    void close() {
        if (canary != null) {
            canary.close();
        }
    }

    @Test
    void topologyMatchesTheGoldenDescription() {
        GoldenTopology.assertMatches(CanaryTopology.build(Topics.create(SchemaRegistries.fromUrl("")), CanaryDriver.config(Map.of())),
                "canary-topology.txt");
    }

    @Test
    void everyCommandIsSignedAsTheControllerAndVerifiesWithTheSharedKeyOnly() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
        canary.every(Duration.ofSeconds(1), T0, T0.plus(Duration.ofMinutes(16)), canary::healthyBeat);
        canary.denial(Traffic.sanityDenial(T0.plus(Duration.ofMinutes(16))), T0.plus(Duration.ofMinutes(16)));

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).hasSize(4);
        assertThat(commands).allSatisfy(command -> {
            assertThat(command.getActor()).isEqualTo("canary-controller");
            assertThat(command.getScope()).isEqualTo(Scope.GLOBAL);
            assertThat(command.getSignature()).isNotBlank();
            assertThat(CanaryDriver.SIGNER.verify(command)).as("verifies with MM_CONTROL_KEY: %s", command.getId()).isTrue();
            assertThat(ControlSigner.withKey("another-key").verify(command)).isFalse();
            assertThat(command.getProvenance().getCodePath()).isEqualTo("canary-controller");
        });
        ControlCommand tampered = ControlCommand.newBuilder(commands.get(0)).setValue(java.math.BigDecimal.ONE).build();
        assertThat(CanaryDriver.SIGNER.verify(tampered)).isFalse();
        // the rollback's provenance names the input that caused it
        assertThat(commands.get(1).getProvenance().getInputTopic()).isEqualTo("mm.quotes.denied");
        assertThat(commands.get(1).getProvenance().getInputId()).startsWith("qd-");
    }

    @Test
    void theStatusIsKeptInTheStatusStoreWithEachSloAgainstItsThreshold() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
        canary.every(Duration.ofSeconds(1), T0, T0.plus(Duration.ofMinutes(7)), canary::healthyBeat);

        String status = canary.status();
        assertThat(status).contains("\"run\":\"RUNNING\"", "\"stage\":\"1%\"", "\"time_in_stage\":\"6m50s\"",
                "\"next\":\"promote to 5% in 8m10s if every SLO holds\"",
                "{\"slo\":\"cancel_p99_ms\",\"value\":\"39.6ms\",\"threshold\":\"250\",\"comparison\":\"<\",\"samples\":290,"
                        + "\"min_samples\":100,\"verdict\":\"PASS\"}");
    }

    @Test
    void theSeedsMetricNamesAreServed() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CanaryConfig config = CanaryDriver.config(Map.of());
        CanaryTopology.build(Topics.create(SchemaRegistries.fromUrl("")), config, meters);

        assertThat(meters.find("mm_canary_fraction").gauge()).isNotNull();
        assertThat(meters.find("mm_canary_stage").gauge()).isNotNull();
        assertThat(meters.find("mm_canary_slo_value").tag("slo", "err_bp_p99").gauge()).isNotNull();
        assertThat(meters.find("mm_canary_slo_threshold").tag("slo", "cancel_p99_ms").gauge().value()).isEqualTo(250.0);
        assertThat(meters.find("mm_canary_slo_threshold").tag("slo", "daily_pnl_jpy").gauge().value()).isEqualTo(-5000.0);
    }
}
