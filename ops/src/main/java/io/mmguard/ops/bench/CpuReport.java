package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU usage as JSON: seconds per 1,000 book updates per group, plus the process total and what no live Java thread accounts for. */
final class CpuReport {

    private CpuReport() {
    }

    static Map<String, Object> perThousand(CpuUsage cpu, long updates) {
        Map<String, Object> map = new LinkedHashMap<>();
        cpu.perThousand(updates).forEach((group, value) -> map.put(group, Figures.orNull(Figures.round(value, 4))));
        double perK = updates <= 0 ? Double.NaN : updates / 1_000.0;
        map.put("process_total", Figures.orNull(Figures.round(cpu.processSeconds() / perK, 4)));
        map.put("unattributed_gc_jit_lost", Figures.orNull(Figures.round(cpu.unattributedSeconds() / perK, 4)));
        return map;
    }
}
