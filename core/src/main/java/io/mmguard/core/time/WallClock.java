package io.mmguard.core.time;

/**
 * Where a service reads the wall clock for the one thing that needs it inside a decision: the age of
 * the book when this service got to it (DESIGN.md 3.6). The reading is written on the derived record
 * ({@code provenance.processed_at}) and decided on from there, so an audit replay supplies the recorded
 * stamp through a {@link ReplayClock} instead of its own clock.
 */
@FunctionalInterface
public interface WallClock {

    /** The system clock, for the services. */
    WallClock SYSTEM = recordTimeMs -> System.currentTimeMillis();

    /** Milliseconds since the epoch at which the record with record time {@code recordTimeMs} is being processed. */
    long stampFor(long recordTimeMs);
}
