package io.mmguard.ops.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full pipeline in one processing mode.
 *
 * @param guarantee   {@code exactly_once_v2} or {@code at_least_once}, for every service
 * @param steps       one per offered rate
 * @param flatOut     the flat-out drain
 * @param kill        kill latency (measured in one mode only), or null
 * @param carry       the timestamp-carry check
 * @param failed      services whose stream thread died during the run
 * @param notes       parts of the mode that failed
 */
record PipelineResult(String guarantee, List<RateStep> steps, FlatOutResult flatOut, KillResult kill,
                      PipelineObserver.TimestampCarry carry, List<String> failed, List<String> notes) {

    PipelineResult {
        steps = List.copyOf(steps);
        failed = List.copyOf(failed);
        notes = List.copyOf(notes);
    }

    Optional<RateStep> at(int rate) {
        return steps.stream().filter(step -> step.offeredPerSecond() == rate).findFirst();
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("processing_guarantee", guarantee);
        List<Object> rates = new ArrayList<>();
        steps.forEach(step -> rates.add(step.asMap()));
        map.put("rates", rates);
        map.put("flat_out", flatOut == null ? null : flatOut.asMap());
        Map<String, Object> carried = new LinkedHashMap<>();
        carried.put("checked", carry.checked());
        carried.put("equal", carry.equal());
        carried.put("last_mismatch", carry.lastMismatch());
        map.put("book_timestamp_carried", carried);
        map.put("services_failed", failed);
        map.put("notes", notes);
        return map;
    }
}
