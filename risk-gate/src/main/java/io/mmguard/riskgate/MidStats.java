package io.mmguard.riskgate;

/**
 * Exponentially weighted mean and variance of one symbol's mid (the seed's "EMA/STD of the last N").
 * These are measurements, not money, so they are doubles; every operation is IEEE-754 arithmetic
 * or {@link StrictMath}, so the same inputs give the same bits on every JVM (replayable).
 *
 * <p>Update for a new mid {@code x} with weight {@code alpha} (West's incremental form):
 * {@code d = x - ema; ema += alpha * d; var = (1 - alpha) * (var + alpha * d * d)}. The first
 * sample sets {@code ema = x, var = 0}.
 *
 * @param samples  mids folded in so far
 * @param ema      exponentially weighted mean of mid
 * @param variance exponentially weighted variance of mid around the EMA
 */
public record MidStats(long samples, double ema, double variance) {

    /** No sample yet. */
    public static final MidStats EMPTY = new MidStats(0, 0, 0);

    private static final double LN_2 = StrictMath.log(2);

    /** Weight of a new sample for a half-life of {@code halfLifeSamples}: {@code 1 - 2^(-1/h)}. */
    public static double alphaForHalfLife(long halfLifeSamples) {
        if (halfLifeSamples < 1) {
            throw new IllegalArgumentException("half-life must be at least one sample, got " + halfLifeSamples);
        }
        return -StrictMath.expm1(-LN_2 / halfLifeSamples);
    }

    /** The statistics after one more mid. */
    public MidStats fold(double mid, double alpha) {
        if (samples == 0) {
            return new MidStats(1, mid, 0);
        }
        double deviation = mid - ema;
        double increment = alpha * deviation;
        return new MidStats(samples + 1, ema + increment, (1 - alpha) * (variance + deviation * increment));
    }

    /** Standard deviation of mid around the EMA. */
    public double sigma() {
        return StrictMath.sqrt(variance);
    }

    /** The sigma the z-score divides by: {@code max(sigma, floorFraction * mid)}. */
    public double effectiveSigma(double mid, double floorFraction) {
        return Math.max(sigma(), floorFraction * mid);
    }

    /** {@code |mid - ema| / max(sigma, floor)}; meaningful once at least one sample exists. */
    public double z(double mid, double floorFraction) {
        return Math.abs(mid - ema) / effectiveSigma(mid, floorFraction);
    }
}
