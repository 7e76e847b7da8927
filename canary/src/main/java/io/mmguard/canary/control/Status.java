package io.mmguard.canary.control;

import io.mmguard.canary.plan.DurationText;
import io.mmguard.canary.slo.Formats;
import io.mmguard.canary.slo.SloReading;
import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code bin/mm ctl status} should show about the canary: the stage and time in it, each SLO's value against its
 * threshold, and what happens next. Kept in the status store and logged; {@link #toMap()} is its stable snake_case form.
 *
 * @param at             stream time of the status
 * @param run            idle, running or rolled back
 * @param stage          the plan stage ({@code 5%}), or {@code idle} / {@code rolled back}
 * @param fraction       the fraction in force (control state)
 * @param kInv           the k_inv in force (control state; 0 when never set)
 * @param position       1-based stage number while running (0 idle, -1 rolled back): the {@code mm_canary_stage} gauge
 * @param stageSince     when the stage (position) was entered, or null
 * @param holdSince      since when every SLO held without an incident, or null
 * @param holdRequired   how long the next change needs the hold to have lasted (scaled), or null
 * @param slos           each SLO's reading, daily PnL last
 * @param next           what happens next, in words
 * @param pendingCommand the command written and not yet seen in the control state, or null
 * @param lastTrigger    the last rollback trigger, or null
 * @param incidents      incidents in this run
 * @param controlVersion the control state version last seen
 * @param live           live trading enabled in the control state
 * @param tradingState   the router's trading state
 * @param lateSamples    samples dropped because their slot had left the window
 * @param rejectsByCode  new-order rejects in the window by exchange code
 */
public record Status(long at, RunState run, String stage, BigDecimal fraction, BigDecimal kInv, int position, Long stageSince,
                     Long holdSince, Duration holdRequired, List<SloReading> slos, String next, String pendingCommand,
                     String lastTrigger, int incidents, long controlVersion, boolean live, String tradingState, long lateSamples,
                     Map<Integer, Long> rejectsByCode) {

    public Status {
        slos = List.copyOf(slos);
        rejectsByCode = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectsByCode));
    }

    /** Time in the current stage, or zero when not running. */
    public Duration timeInStage() {
        return stageSince == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, at - stageSince));
    }

    /** How long every SLO has held, or zero when not running. */
    public Duration heldFor() {
        return holdSince == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, at - holdSince));
    }

    /** The stable JSON shape (snake_case keys), in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", Instant.ofEpochMilli(at).toString());
        out.put("run", run.name());
        out.put("stage", stage);
        out.put("position", position);
        out.put("fraction", Decimals.plain(fraction));
        out.put("fraction_percent", Formats.percent(fraction));
        out.put("k_inv", Decimals.plain(kInv));
        out.put("live", live);
        out.put("trading_state", tradingState);
        out.put("control_version", controlVersion);
        out.put("stage_since", stageSince == null ? null : Instant.ofEpochMilli(stageSince).toString());
        out.put("time_in_stage", DurationText.format(timeInStage()));
        out.put("time_in_stage_ms", timeInStage().toMillis());
        out.put("held_for", DurationText.format(heldFor()));
        out.put("hold_required", holdRequired == null ? null : DurationText.format(holdRequired));
        List<Map<String, Object>> list = new ArrayList<>();
        for (SloReading reading : slos) {
            Map<String, Object> slo = new LinkedHashMap<>();
            slo.put("slo", reading.kind().label());
            slo.put("value", reading.shown());
            slo.put("threshold", Decimals.plain(reading.threshold()));
            slo.put("comparison", reading.comparison());
            slo.put("samples", reading.samples());
            slo.put("min_samples", reading.minSamples());
            slo.put("verdict", reading.verdict().name());
            list.add(slo);
        }
        out.put("slos", list);
        out.put("next", next);
        out.put("pending_command", pendingCommand);
        out.put("last_trigger", lastTrigger);
        out.put("incidents", incidents);
        out.put("late_samples", lateSamples);
        Map<String, Long> codes = new TreeMap<>();
        rejectsByCode.forEach((code, count) -> codes.put(Integer.toString(code), count));
        out.put("rejects_by_code", codes);
        return out;
    }
}
