package io.mmguard.core.control;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies control commands: HMAC-SHA256 over the command's canonical form with the key
 * from {@value #KEY_ENV}. Raising risk (enable, a higher fraction, a param change) needs a valid
 * signature; lowering risk never does. The signature field itself is not part of the canonical form.
 */
public final class ControlSigner {

    /** The environment variable every process (services, demo, CLI) reads the key from. */
    public static final String KEY_ENV = "MM_CONTROL_KEY";

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private final CommandWindow window;

    private ControlSigner(byte[] key, CommandWindow window) {
        this.key = key.clone();
        this.window = window;
    }

    /** A signer with {@code key}; it must not be blank. */
    public static ControlSigner withKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(KEY_ENV + " is empty; set it to the shared control key to sign or verify commands");
        }
        return new ControlSigner(key.getBytes(StandardCharsets.UTF_8), CommandWindow.DEFAULT);
    }

    /** The same key, accepting signed commands only within {@code window} of their record's timestamp. */
    public ControlSigner within(CommandWindow window) {
        return new ControlSigner(key, window);
    }

    /** How long after signing a verified command is still accepted (default {@link CommandWindow#DEFAULT}). */
    public CommandWindow window() {
        return window;
    }

    /** The signer from {@value #KEY_ENV} in {@code env}, or empty when the key is not set (then nothing verifies). */
    public static Optional<ControlSigner> fromEnvironment(Map<String, String> env) {
        String key = env.get(KEY_ENV);
        return key == null || key.isBlank() ? Optional.empty() : Optional.of(withKey(key));
    }

    /** The hex HMAC of the command's canonical form. */
    public String sign(ControlCommand command) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(canonical(command).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** True when the command carries a signature made with this key over its current content. */
    public boolean verify(ControlCommand command) {
        String signature = command.getSignature();
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(command).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The canonical form: every field that changes a command's meaning, in a fixed order, with
     * decimals written plainly (so 0.05 and 0.050 sign the same).
     */
    public static String canonical(ControlCommand command) {
        return String.join("|",
                "v1",
                command.getId(),
                command.getType().name(),
                command.getScope().name(),
                String.valueOf(command.getSymbol()),
                String.valueOf(command.getParam()),
                command.getValue() == null ? "null" : Decimals.plain(command.getValue()),
                command.getReason(),
                command.getActor(),
                Long.toString(command.getIssuedAt().toEpochMilli()));
    }
}
