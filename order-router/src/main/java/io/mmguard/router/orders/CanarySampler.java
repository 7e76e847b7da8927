package io.mmguard.router.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic canary sampling (DESIGN.md invariant 6: no RNG in a decision). An order's sample is a
 * function of its identity only, so a replay routes it the same way:
 *
 * <pre>
 *   h      = first 8 bytes of SHA-256(UTF-8 identity), as an unsigned big-endian integer
 *   sample = floor(h * 10^12 / 2^64) / 10^12          (in [0, 1), exactly 12 decimal places)
 *   live   = sample &lt; fraction
 * </pre>
 *
 * Over many identities the samples are uniform on [0, 1), so the live share converges to the fraction.
 * One instance per stream task (a {@link MessageDigest} is not thread-safe).
 */
public final class CanarySampler {

    /** Decimal places of a sample. */
    public static final int SCALE = 12;
    private static final long BUCKETS = 1_000_000_000_000L;

    private final MessageDigest sha256;

    public CanarySampler() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The sample of {@code identity} (the decision id), in [0, 1). */
    public BigDecimal sample(String identity) {
        byte[] digest = sha256.digest(identity.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            h = (h << Byte.SIZE) | (digest[i] & 0xFF);
        }
        return BigDecimal.valueOf(unsignedMultiplyHigh(h, BUCKETS), SCALE);
    }

    /** True when {@code sample} falls inside the live share {@code fraction}. */
    public static boolean isLive(BigDecimal sample, BigDecimal fraction) {
        return sample.compareTo(fraction) < 0;
    }

    /** The high 64 bits of the unsigned 128-bit product {@code x * y}, for {@code y >= 0}. */
    private static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y);
    }
}
