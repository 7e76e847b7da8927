package io.mmguard.router.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic exchange client order ids: {@code mm-} + the first 24 hex digits of SHA-256(order id).
 * 27 characters of {@code [a-z0-9-]}, inside Binance's {@code newClientOrderId} limit of 36, and the same
 * on every replay. One instance per stream task.
 */
public final class ClientOrderIds {

    private static final int HEX_DIGITS = 24;
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;

    public ClientOrderIds() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The client order id of the router's order {@code orderId}. */
    public String of(String orderId) {
        return "mm-" + HEX.formatHex(sha256.digest(orderId.getBytes(StandardCharsets.UTF_8)), 0, HEX_DIGITS / 2);
    }
}
