package io.mmguard.core.time;

/**
 * A {@link WallClock} that returns what the replay set: the stamp recorded on the output of the record being
 * replayed, or, when none was recorded, the record's own time (no lag).
 */
public final class ReplayClock implements WallClock {

    private Long stampMs;

    /** The stamp for the next record; null: use its record time. */
    public void set(Long stampMs) {
        this.stampMs = stampMs;
    }

    @Override
    public long stampFor(long recordTimeMs) {
        return stampMs == null ? recordTimeMs : stampMs;
    }
}
