package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds per {@link CpuGroups group} between two snapshots. A thread alive at both counts its
 * difference; a thread started in between counts all of its time; a thread that died in between is
 * lost (its time shows only in {@link #unattributedSeconds()}, with GC and JIT) and is counted in
 * {@link #threadsLost()}.
 *
 * @param seconds            group to CPU seconds, every group of {@link CpuGroups#ALL} present
 * @param threadsLost        threads alive at the start and gone at the end
 * @param processSeconds     CPU seconds of the whole process (NaN when unknown)
 * @param unattributedSeconds process CPU not in any live Java thread: GC, JIT, threads lost
 */
record CpuUsage(Map<String, Double> seconds, int threadsLost, double processSeconds, double unattributedSeconds) {

    CpuUsage {
        seconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
    }

    /** The usage between {@code start} and {@code end}. */
    static CpuUsage between(CpuSnapshot start, CpuSnapshot end) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        CpuGroups.ALL.forEach(group -> nanos.put(group, 0L));
        long threadTotal = 0;
        for (Map.Entry<Long, CpuSnapshot.ThreadCpu> entry : end.threads().entrySet()) {
            CpuSnapshot.ThreadCpu before = start.threads().get(entry.getKey());
            long delta = entry.getValue().nanos() - (before == null ? 0 : before.nanos());
            if (delta > 0) {
                nanos.merge(CpuGroups.of(entry.getValue().name()), delta, Long::sum);
                threadTotal += delta;
            }
        }
        int lost = (int) start.threads().keySet().stream().filter(id -> !end.threads().containsKey(id)).count();
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanos.forEach((group, value) -> seconds.put(group, value / 1e9));
        double process = start.processNanos() < 0 || end.processNanos() < 0 ? Double.NaN
                : (end.processNanos() - start.processNanos()) / 1e9;
        double unattributed = Double.isNaN(process) ? Double.NaN : Math.max(0, process - threadTotal / 1e9);
        return new CpuUsage(seconds, lost, process, unattributed);
    }

    /** CPU seconds per 1,000 of {@code updates}, per group (NaN for no updates). */
    Map<String, Double> perThousand(long updates) {
        Map<String, Double> per = new LinkedHashMap<>();
        seconds.forEach((group, value) -> per.put(group, updates <= 0 ? Double.NaN : value / (updates / 1_000.0)));
        return per;
    }
}
