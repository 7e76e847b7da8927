package io.mmguard.notifier;

import io.mmguard.schemas.Alert;
import java.util.Map;

/**
 * The seed's Slack texts:
 * {@code :rotating_light: ORDER REJECT pair=BTCJPY side=BUY q=0.001 px=17160000 code=-1013 reason=MIN_NOTIONAL action=...}
 * and {@code :octagonal_sign: KILL SWITCH – reason}; other alerts by severity.
 */
final class SlackFormat {

    private SlackFormat() {
    }

    static String text(Alert alert) {
        Map<String, String> d = alert.getDetails();
        String kind = alert.getKind();
        if (kind.equals("KILL_SWITCH") || kind.equals("QUOTE_SANITY_FAIL") && d.containsKey("kill_reason")) {
            return ":octagonal_sign: KILL SWITCH – " + d.getOrDefault("kill_reason", alert.getMessage());
        }
        if (kind.equals("ORDER_REJECT") || kind.startsWith("REJECT")) {
            return ":rotating_light: ORDER REJECT pair=" + orDash(alert.getSymbol()) + " side=" + d.getOrDefault("side", "-")
                    + " q=" + d.getOrDefault("quantity", "-") + " px=" + d.getOrDefault("price", "-")
                    + " code=" + d.getOrDefault("code", "-") + " reason=" + d.getOrDefault("reason", alert.getMessage())
                    + " action=" + d.getOrDefault("action", "-");
        }
        String icon = switch (alert.getSeverity()) {
            case CRIT -> ":rotating_light:";
            case WARN -> ":warning:";
            default -> ":information_source:";
        };
        return icon + " " + kind + (alert.getSymbol() == null ? "" : " " + alert.getSymbol()) + " – " + alert.getMessage();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
