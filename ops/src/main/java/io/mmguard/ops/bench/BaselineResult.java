package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One baseline: flat-out throughput over the N preloaded book records, and latency at the offered rate.
 *
 * @param name         {@code passthrough}, {@code one_hop_eos} or {@code one_hop_alos}
 * @param records      records drained in the flat-out run
 * @param flatOutSeconds how long the drain took
 * @param latency      record timestamp to readable (read_committed) at {@code latencyRate}
 * @param latencyRate  offered rate of the latency run
 */
record BaselineResult(String name, long records, double flatOutSeconds, LatencyStats latency, int latencyRate) {

    double flatOutRate() {
        return flatOutSeconds > 0 ? records / flatOutSeconds : Double.NaN;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("flat_out_records", records);
        map.put("flat_out_seconds", Figures.orNull(flatOutSeconds));
        map.put("flat_out_rec_per_s", Figures.orNull(Figures.round(flatOutRate(), 0)));
        map.put("latency_offered_per_s", latencyRate);
        map.put("latency", latency.asMap());
        return map;
    }
}
