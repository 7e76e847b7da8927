package io.mmguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.config.ConfigException;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.CommandWindow;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A signed command is good from max age before its record's timestamp to the future skew after it, both ends included. */
class CommandWindowTest {

    private static final Instant RECORD = Instant.parse("2026-12-03T09:00:00Z");
    private final CommandWindow window = new CommandWindow(120_000, 30_000);

    @Test
    void aCommandSignedJustBeforeItsRecordOrUpToTheEdgesIsInside() {
        assertThat(window.problem(issued(RECORD.minusMillis(5)), RECORD.toEpochMilli())).isEmpty();
        assertThat(window.problem(issued(RECORD.minusMillis(120_000)), RECORD.toEpochMilli())).isEmpty();
        assertThat(window.problem(issued(RECORD.plusMillis(30_000)), RECORD.toEpochMilli())).isEmpty();
    }

    @Test
    void anOldCommandIsOutsideAndTheReasonSaysHowOldAndWhatToDo() {
        assertThat(window.problem(issued(RECORD.minusMillis(120_001)), RECORD.toEpochMilli())).hasValueSatisfying(why ->
                assertThat(why).contains("2 min (120001 ms) before its mm.control record").contains("control.max.age.ms=120000")
                        .contains("sign it again with bin/mm ctl"));
        assertThat(window.problem(issued(Instant.parse("2020-01-01T00:00:00Z")), RECORD.toEpochMilli()))
                .hasValueSatisfying(why -> assertThat(why).contains("issued at 2020-01-01T00:00:00Z, 2528 days ("));
    }

    @Test
    void aCommandDatedAheadOfItsRecordByMoreThanTheSkewIsOutside() {
        assertThat(window.problem(issued(RECORD.plusSeconds(3_600)), RECORD.toEpochMilli())).hasValueSatisfying(why ->
                assertThat(why).contains("60 min (3600000 ms) after its mm.control record").contains("control.future.skew.ms=30000")
                        .contains("check the clock"));
    }

    @Test
    void theWindowIsReadFromConfigWithItsDefaultsAndBounds() {
        assertThat(CommandWindow.read(reader(Map.of()))).isEqualTo(CommandWindow.DEFAULT);
        assertThat(CommandWindow.read(reader(Map.of("control.max.age.ms", "5000", "control.future.skew.ms", "0"))))
                .isEqualTo(new CommandWindow(5_000, 0));
        assertThatThrownBy(() -> CommandWindow.read(reader(Map.of("control.max.age.ms", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("control.max.age.ms");
    }

    @Test
    void aSignerCarriesTheDefaultWindowUntilGivenAnother() {
        ControlSigner signer = ControlSigner.withKey("k");
        assertThat(signer.window()).isEqualTo(CommandWindow.DEFAULT);
        assertThat(signer.within(new CommandWindow(1_000, 0)).window()).isEqualTo(new CommandWindow(1_000, 0));
        ControlCommand command = issued(RECORD);
        command.setSignature(signer.sign(command));
        assertThat(signer.within(new CommandWindow(1_000, 0)).verify(command)).as("the same key still verifies").isTrue();
    }

    private static ConfigReader reader(Map<String, String> values) {
        return new ConfigReader("router", values);
    }

    private static ControlCommand issued(Instant at) {
        return ControlCommand.newBuilder().setId("c-1").setType(ControlType.ENABLE_LIVE).setScope(Scope.GLOBAL)
                .setReason("test").setActor("alice").setIssuedAt(at).build();
    }
}
