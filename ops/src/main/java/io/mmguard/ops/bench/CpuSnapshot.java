package io.mmguard.ops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of every live Java thread at one moment, and of the whole process (GC and JIT threads are
 * not Java threads: they show only in the process figure).
 *
 * @param threads      thread id to its name and CPU nanoseconds
 * @param processNanos CPU time of the process, -1 when the JVM does not say
 */
record CpuSnapshot(Map<Long, ThreadCpu> threads, long processNanos) {

    /** One thread's name and CPU time. */
    record ThreadCpu(String name, long nanos) {
    }

    CpuSnapshot {
        threads = Map.copyOf(threads);
    }

    /** Takes a snapshot now. */
    static CpuSnapshot take() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> threads = new HashMap<>();
        long[] ids = bean.getAllThreadIds();
        ThreadInfo[] infos = bean.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long nanos = bean.getThreadCpuTime(ids[i]);
            if (infos[i] != null && nanos >= 0) {
                threads.put(ids[i], new ThreadCpu(infos[i].getThreadName(), nanos));
            }
        }
        return new CpuSnapshot(threads, processCpuNanos());
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
