package io.mmguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlSignerTest {

    private final ControlSigner signer = ControlSigner.withKey("test-key");

    private ControlCommand.Builder anEnable() {
        return ControlCommand.newBuilder().setId("c-1").setType(ControlType.SET_FRACTION).setScope(Scope.GLOBAL)
                .setValue(new BigDecimal("0.05")).setReason("canary 5%").setActor("ops").setIssuedAt(Instant.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void aSignedCommandVerifies() {
        ControlCommand command = anEnable().build();
        command.setSignature(signer.sign(command));

        assertThat(signer.verify(command)).isTrue();
    }

    @Test
    void changingAnyMeaningfulFieldBreaksTheSignature() {
        ControlCommand command = anEnable().build();
        command.setSignature(signer.sign(command));
        command.setValue(new BigDecimal("0.5"));

        assertThat(signer.verify(command)).isFalse();
    }

    @Test
    void aDifferentKeyOrNoSignatureDoesNotVerify() {
        ControlCommand command = anEnable().build();
        command.setSignature(ControlSigner.withKey("other").sign(command));

        assertThat(signer.verify(command)).isFalse();
        assertThat(signer.verify(anEnable().build())).isFalse();
    }

    @Test
    void equalDecimalsSignTheSame() {
        assertThat(signer.sign(anEnable().setValue(new BigDecimal("0.050")).build()))
                .isEqualTo(signer.sign(anEnable().build()));
    }

    @Test
    void keyComesFromTheEnvironmentAndBlankMeansNone() {
        assertThat(ControlSigner.fromEnvironment(Map.of())).isEmpty();
        assertThat(ControlSigner.fromEnvironment(Map.of("MM_CONTROL_KEY", " "))).isEmpty();
        assertThat(ControlSigner.fromEnvironment(Map.of("MM_CONTROL_KEY", "k"))).isPresent();
        assertThatThrownBy(() -> ControlSigner.withKey("")).hasMessageContaining("MM_CONTROL_KEY is empty");
    }
}
