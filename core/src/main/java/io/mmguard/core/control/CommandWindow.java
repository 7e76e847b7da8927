package io.mmguard.core.control;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.schemas.ControlCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a signed control command is good for: from {@code maxAgeMs} before its {@code mm.control} record's timestamp to
 * {@code futureSkewMs} after it. A signature proves who made a command, not when it is used; without a window a command
 * signed long ago (kept in a script, a shell history, a captured record) could still raise risk today. Measured against
 * the record's timestamp, never the clock, so every service and an audit of the same log decide alike (DESIGN 3.6).
 *
 * @param maxAgeMs     {@code control.max.age.ms}: how much older than its record a signed command may be
 * @param futureSkewMs {@code control.future.skew.ms}: how much younger (a signer's clock ahead of the producer's)
 */
public record CommandWindow(long maxAgeMs, long futureSkewMs) {

    /** {@code bin/mm ctl} signs just before it sends; two minutes covers a slow send and retries, not a stored command. */
    public static final long DEFAULT_MAX_AGE_MS = 120_000;
    public static final long DEFAULT_FUTURE_SKEW_MS = 30_000;
    public static final CommandWindow DEFAULT = new CommandWindow(DEFAULT_MAX_AGE_MS, DEFAULT_FUTURE_SKEW_MS);
    public static final String MAX_AGE_KEY = "control.max.age.ms";
    public static final String FUTURE_SKEW_KEY = "control.future.skew.ms";

    public CommandWindow {
        if (maxAgeMs < 1 || futureSkewMs < 0) {
            throw new IllegalArgumentException("a command window needs max age >= 1 ms and future skew >= 0 ms, got "
                    + maxAgeMs + " and " + futureSkewMs);
        }
    }

    /** {@value #MAX_AGE_KEY} and {@value #FUTURE_SKEW_KEY} (up to a day each). */
    public static CommandWindow read(ConfigReader reader) {
        return new CommandWindow(
                reader.longValue(MAX_AGE_KEY, DEFAULT_MAX_AGE_MS, 1, Duration.ofDays(1).toMillis()),
                reader.longValue(FUTURE_SKEW_KEY, DEFAULT_FUTURE_SKEW_MS, 0, Duration.ofDays(1).toMillis()));
    }

    /** Why {@code command}, read from a record stamped {@code recordTs}, is outside the window; empty when inside. */
    public Optional<String> problem(ControlCommand command, long recordTs) {
        Instant issued = command.getIssuedAt();
        if (issued == null) {
            return Optional.of("it has no issued_at");
        }
        long age = recordTs - issued.toEpochMilli();
        if (age > maxAgeMs) {
            return Optional.of("it was issued at " + issued + ", " + describe(age) + " before its mm.control record ("
                    + Instant.ofEpochMilli(recordTs) + "); a signed command is good for " + MAX_AGE_KEY + "=" + maxAgeMs
                    + " ms after it is signed: sign it again with bin/mm ctl");
        }
        if (-age > futureSkewMs) {
            return Optional.of("it is dated " + issued + ", " + describe(-age) + " after its mm.control record ("
                    + Instant.ofEpochMilli(recordTs) + "); more than " + FUTURE_SKEW_KEY + "=" + futureSkewMs
                    + " ms ahead means the signer's clock is wrong or the command was made for later: check the clock and"
                    + " sign it again");
        }
        return Optional.empty();
    }

    /** {@code "180000 ms"}, with a rounder unit beside it from two minutes on: {@code "3 min (180000 ms)"}. */
    private static String describe(long ms) {
        Duration d = Duration.ofMillis(ms);
        String round = d.toDays() >= 2 ? d.toDays() + " days" : d.toHours() >= 2 ? d.toHours() + " h"
                : d.toMinutes() >= 2 ? d.toMinutes() + " min" : null;
        return round == null ? ms + " ms" : round + " (" + ms + " ms)";
    }
}
