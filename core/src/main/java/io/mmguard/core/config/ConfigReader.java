package io.mmguard.core.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed, fail-fast reading of a service's key/value config. Every key the service reads is
 * remembered; {@link #refuseUnknownKeys()} then refuses anything left over (a typo must not be
 * silently ignored), suggesting the nearest known key. Keys under {@value #KAFKA_PREFIX} pass
 * through to the Kafka clients unchanged.
 */
public final class ConfigReader {

    /** Prefix of keys handed to Kafka Streams as-is, e.g. {@code kafka.num.stream.threads}. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final String service;
    private final Map<String, String> values;
    private final Map<String, String> environment;
    private final Set<String> known = new TreeSet<>();

    public ConfigReader(String service, Map<String, String> values) {
        this(service, values, Map.of());
    }

    /**
     * A reader whose keys fall back to the seed's environment variables ({@link SeedEnvironment}) when
     * the key itself is not set: {@code CANARY_MODE=0} configures {@code canary.mode} for the service
     * that reads it, and is ignored by services that do not.
     */
    public ConfigReader(String service, Map<String, String> values, Map<String, String> environment) {
        this.service = service;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.environment = Map.copyOf(environment);
    }

    private String raw(String key) {
        String value = values.get(key);
        if (value != null) {
            return value;
        }
        String variable = SeedEnvironment.variableFor(key);
        return variable == null ? null : environment.get(variable);
    }

    /** The service these values configure, for messages. */
    public String service() {
        return service;
    }

    /** A required string; missing or blank is refused with {@code example} as the hint. */
    public String requireString(String key, String example) {
        known.add(key);
        String value = raw(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException(service + " config: missing required key '" + key + "' (e.g. " + key + "=" + example + ")");
        }
        return value.trim();
    }

    /** An optional string. */
    public String string(String key, String defaultValue) {
        known.add(key);
        String value = raw(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** An int within {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    /** A long within {@code [min, max]}. */
    public long longValue(String key, long defaultValue, long min, long max) {
        known.add(key);
        String value = raw(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(service + " config: " + key + "='" + value + "' is not a whole number (expected "
                    + min + ".." + max + ", default " + defaultValue + ")", e);
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(service + " config: " + key + "=" + parsed + " is out of range (expected "
                    + min + ".." + max + ", default " + defaultValue + ")");
        }
        return parsed;
    }

    /** An exact decimal within {@code [min, max]} (never parsed through {@code double}). */
    public BigDecimal decimal(String key, BigDecimal defaultValue, BigDecimal min, BigDecimal max) {
        known.add(key);
        String value = raw(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(service + " config: " + key + "='" + value + "' is not a decimal number (expected "
                    + min.toPlainString() + ".." + max.toPlainString() + ", default " + defaultValue.toPlainString() + ")", e);
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new ConfigException(service + " config: " + key + "=" + value.trim() + " is out of range (expected "
                    + min.toPlainString() + ".." + max.toPlainString() + ", default " + defaultValue.toPlainString() + ")");
        }
        return parsed;
    }

    /** One of {@code allowed} (case-insensitive), returned in the allowed spelling. */
    public String oneOf(String key, String defaultValue, List<String> allowed) {
        String value = string(key, defaultValue);
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw new ConfigException(service + " config: " + key + "='" + value + "' is not one of " + allowed);
    }

    /** A boolean written {@code true/false}, {@code 1/0} (the seed's {@code CANARY_MODE=1}) or {@code yes/no}. */
    public boolean bool(String key, boolean defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new ConfigException(service + " config: " + key + "='" + value + "' is not a boolean (use true/false or 1/0)");
        }
    }

    /**
     * An environment variable that is not a config key (a secret such as {@code MM_CONTROL_KEY});
     * null when unset or when this reader was built without an environment.
     */
    public String environmentVariable(String name) {
        return environment.get(name);
    }

    /** Every key a reader has asked for so far (after a config record was read: the service's whole vocabulary). */
    public Set<String> knownKeys() {
        return Set.copyOf(known);
    }

    /** Every {@value #KAFKA_PREFIX} key, with the prefix removed, for the Kafka clients. */
    public Map<String, String> kafkaPassThrough() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                out.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return out;
    }

    /** Refuses every key that no reader asked for (except {@value #KAFKA_PREFIX} keys). Call after reading. */
    public void refuseUnknownKeys() {
        List<String> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!known.contains(key) && !key.startsWith(KAFKA_PREFIX)) {
                String nearest = nearest(key);
                problems.add("'" + key + "'" + (nearest == null ? "" : " (did you mean '" + nearest + "'?)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(service + " config: unknown key " + String.join(", ", problems)
                    + "; known keys: " + String.join(", ", known) + ", and kafka.* for Kafka client settings");
        }
    }

    private String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
