package io.mmguard.canary.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them in config and read them in reasons: {@code 250ms}, {@code 90s}, {@code 15m}, {@code 6h}, {@code 1h30m}. */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses {@code text} (one or more {@code <whole number><unit>} parts, units ms, s, m, h, d).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                break;
            }
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (trimmed.isEmpty() || end != trimmed.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (write e.g. 250ms, 90s, 15m, 6h or 1h30m)");
        }
        return total;
    }

    /** {@code d} in the largest units that keep it exact: {@code 15m}, {@code 1h30m}, {@code 833ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000L;
        long minutes = millis / 60_000L % 60;
        long seconds = millis / 1_000L % 60;
        long rest = millis % 1_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (rest > 0) {
            out.append(rest).append("ms");
        }
        return out.toString();
    }
}
