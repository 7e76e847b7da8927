package io.mmguard.router.support;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Severity;
import java.time.Instant;
import java.util.Map;

/** Builds the router's alerts: a stable {@code kind}, an operator's one-line message, machine-readable details. */
public final class Alerts {

    private Alerts() {
    }

    /**
     * One alert.
     *
     * @param id         deterministic id (derived from the input that caused it, so a replay reproduces it)
     * @param severity   INFO, WARN or CRIT
     * @param kind       stable machine-readable kind, e.g. {@code KILL_SWITCH}
     * @param symbol     the symbol concerned, or null for a global alert
     * @param message    one line for the operator
     * @param details    machine-readable details
     * @param ts         record time
     * @param provenance where the alert came from
     */
    public static Alert of(String id, Severity severity, String kind, String symbol, String message, Map<String, String> details,
                           long ts, Provenance provenance) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setSeverity(severity)
                .setKind(kind)
                .setSymbol(symbol)
                .setMessage(message)
                .setDetails(details)
                .setTs(Instant.ofEpochMilli(ts))
                .setProvenance(provenance)
                .build();
    }
}
