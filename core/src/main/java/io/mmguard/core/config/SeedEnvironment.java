package io.mmguard.core.config;

import java.util.Map;

/**
 * The seed's environment variables and the config keys they set. A service reads one of these
 * keys from its config file first and falls back to the variable; services that do not read a key
 * ignore its variable. {@code MM_CONTROL_KEY} is not here: it is a secret, read only by the signer.
 */
public final class SeedEnvironment {

    private static final Map<String, String> VARIABLE_BY_KEY = Map.of(
            "canary.mode", "CANARY_MODE",
            "canary.fraction", "CANARY_FRACTION",
            "limits.max.daily.loss.jpy", "MAX_DAILY_LOSS_JPY",
            "limits.max.open.notional.jpy", "MAX_OPEN_NOTIONAL_JPY",
            "quote.use.fast", "USE_RUST_QUOTES",
            "quote.force.reference", "FORCE_PY_QUOTES",
            "slack.webhook.url", "SLACK_WEBHOOK_URL",
            "switch.dir", "SWITCH_DIR");

    private SeedEnvironment() {
    }

    /** The environment variable that sets {@code key}, or null. */
    public static String variableFor(String key) {
        return VARIABLE_BY_KEY.get(key);
    }

    /** Every key with its variable. */
    public static Map<String, String> all() {
        return VARIABLE_BY_KEY;
    }
}
