package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline drained flat out: N book records preloaded while it ran idle, timed from the start of the
 * preload until the risk-gate had written one decision per book and the router's group had committed to the
 * end of {@code mm.risk.decisions}.
 *
 * @param records   books decided: N when drained, else those decided by the deadline
 * @param seconds   preload start to drained (or to the deadline)
 * @param staleMs   the risk-gate's {@code risk.stale.ms} for this run only (SET_PARAM), so queued books are not frozen stale
 * @param cpu       CPU per group over the run
 * @param drained   false when the deadline came first: the rate is then of the books decided by then
 */
record FlatOutResult(long records, double seconds, String staleMs, CpuUsage cpu, boolean drained) {

    double rate() {
        return seconds > 0 ? records / seconds : Double.NaN;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("records", records);
        map.put("seconds", Figures.orNull(seconds));
        map.put("rate_per_s", Figures.orNull(Figures.round(rate(), 0)));
        map.put("risk_stale_ms", staleMs);
        map.put("drained", drained);
        map.put("cpu_s_per_1k", CpuReport.perThousand(cpu, records));
        return map;
    }
}
