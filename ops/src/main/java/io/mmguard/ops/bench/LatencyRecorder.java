package io.mmguard.ops.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies in microseconds from one thread while another reads them window by window
 * ({@link #startWindow()} discards what came before, {@link #endWindow()} returns the window's percentiles).
 * Values above one minute are recorded as one minute.
 */
final class LatencyRecorder {

    static final long MAX_MICROS = 60_000_000L;

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private Histogram window;

    void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    /** Starts a new window: what was recorded before it is dropped. */
    synchronized void startWindow() {
        window = recorder.getIntervalHistogram(window);
        window.reset();
    }

    /** Percentiles of what was recorded since {@link #startWindow()} (or since creation). */
    synchronized LatencyStats endWindow() {
        window = recorder.getIntervalHistogram(window);
        return LatencyStats.ofMicros(window);
    }
}
