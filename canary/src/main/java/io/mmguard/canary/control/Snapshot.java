package io.mmguard.canary.control;

import io.mmguard.canary.slo.Formats;
import io.mmguard.canary.slo.SloKind;
import io.mmguard.canary.slo.SloReading;
import io.mmguard.canary.slo.Verdict;
import io.mmguard.core.units.Decimals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The metric snapshot every reason and alert carries: each SLO's value against its threshold, in one line
 * ({@code err_bp_p99=0.010 <= 0.1 (n=291), 2xx=100.00% > 99.5% (n=290), ...}) and as alert details.
 *
 * @param readings the windowed SLOs and daily PnL, in {@link SloKind} order
 */
record Snapshot(List<SloReading> readings) {

    Snapshot {
        readings = List.copyOf(readings);
    }

    /** The one-line form. */
    String text() {
        return readings.stream().map(Snapshot::describe).collect(Collectors.joining(", "));
    }

    /** Alert details: per SLO its value, threshold, verdict and samples. */
    Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        for (SloReading reading : readings) {
            String label = reading.kind().label();
            details.put(label, reading.shown());
            details.put(label + "_threshold", threshold(reading));
            details.put(label + "_verdict", reading.verdict().name());
            if (reading.samples() >= 0) {
                details.put(label + "_samples", Long.toString(reading.samples()));
            }
        }
        return details;
    }

    /** One SLO as operators read it: {@code cancel_p99=41.0ms < 250ms (n=290)}, or why it has no verdict yet. */
    static String describe(SloReading reading) {
        String name = switch (reading.kind()) {
            case ERR_BP_P99 -> "err_bp_p99";
            case NEW_ORDER_2XX -> "2xx";
            case CANCEL_P99 -> "cancel_p99";
            case SLIPPAGE_P95 -> "slip_p95";
            case DAILY_PNL -> "daily_pnl";
        };
        String shown = reading.kind() == SloKind.SLIPPAGE_P95 && reading.samples() > 0 ? reading.shown() + "bp" : reading.shown();
        if (reading.verdict() == Verdict.INSUFFICIENT) {
            return name + "=" + shown + " (n=" + reading.samples() + " of " + reading.minSamples() + " needed)";
        }
        String samples = reading.samples() >= 0 ? " (n=" + reading.samples() + ")" : "";
        return name + "=" + shown + " " + reading.comparison() + " " + threshold(reading) + samples;
    }

    /** A threshold with its unit: {@code 0.1}, {@code 99.5%}, {@code 250ms}, {@code 0.5bp}, {@code -5000}. */
    static String threshold(SloReading reading) {
        return switch (reading.kind()) {
            case ERR_BP_P99, DAILY_PNL -> Decimals.plain(reading.threshold());
            case NEW_ORDER_2XX -> Formats.percent(reading.threshold());
            case CANCEL_P99 -> Decimals.plain(reading.threshold()) + "ms";
            case SLIPPAGE_P95 -> Decimals.plain(reading.threshold()) + "bp";
        };
    }
}
