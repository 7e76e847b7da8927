package io.mmguard.sim;

import java.time.Duration;

/**
 * Faults the synthetic feed can inject, each drawn from the feed's seeded random source.
 *
 * @param duplicateChance  probability that an update is sent twice (same sequence)
 * @param reorderChance    probability that an update is held back and sent after the next one
 * @param silenceChance    probability per update that its symbol goes silent
 * @param silence          how long a silence lasts (in feed time)
 */
public record FeedFaults(double duplicateChance, double reorderChance, double silenceChance, Duration silence) {

    /** A clean feed. */
    public static final FeedFaults NONE = new FeedFaults(0, 0, 0, Duration.ZERO);

    public FeedFaults {
        check("duplicateChance", duplicateChance);
        check("reorderChance", reorderChance);
        check("silenceChance", silenceChance);
        if (silence.isNegative()) {
            throw new IllegalArgumentException("silence must be >= 0, got " + silence);
        }
    }

    private static void check(String name, double chance) {
        if (!(chance >= 0 && chance <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + chance);
        }
    }
}
