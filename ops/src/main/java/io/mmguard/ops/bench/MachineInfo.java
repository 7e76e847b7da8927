package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the figures were measured.
 *
 * @param cores       available processors
 * @param javaVersion {@code java.version}
 * @param javaVm      VM name and version
 * @param os          OS name, version and architecture
 * @param maxHeapMb   the heap limit of this JVM
 * @param loadAtStart the 1-minute load average when the run started (other processes compete for the cores), NaN if unknown
 * @param loadAtEnd   the same at the end
 */
record MachineInfo(int cores, String javaVersion, String javaVm, String os, long maxHeapMb, double loadAtStart, double loadAtEnd) {

    /** This machine now; {@code loadAtStart} from {@link #loadAverage()} at the start of the run. */
    static MachineInfo current(double loadAtStart) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), loadAtStart, loadAverage());
    }

    /** The system's 1-minute load average, NaN where the OS does not tell. */
    static double loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cores", cores);
        map.put("java_version", javaVersion);
        map.put("java_vm", javaVm);
        map.put("os", os);
        map.put("max_heap_mb", maxHeapMb);
        map.put("load_average_start", Figures.orNull(loadAtStart));
        map.put("load_average_end", Figures.orNull(loadAtEnd));
        return map;
    }
}
