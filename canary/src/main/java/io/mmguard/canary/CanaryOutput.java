package io.mmguard.canary;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;

/** What the controller task writes: a signed control command, an alert, or a recorded tick. */
public sealed interface CanaryOutput {

    /** To {@code mm.control}, key {@code "*"}. */
    record Command(ControlCommand command) implements CanaryOutput {
    }

    /** To {@code mm.alerts}, key {@code "*"}. */
    record Notice(Alert alert) implements CanaryOutput {
    }

    /** To {@code mm.canary.ticks}, key {@code "*"}: the wall-clock time, also the record's timestamp. */
    record Tick(long wallClockMs) implements CanaryOutput {
    }
}
