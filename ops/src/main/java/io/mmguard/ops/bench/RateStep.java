package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured window of the pipeline at an offered rate.
 *
 * @param offeredPerSecond the feed's configured rate
 * @param seconds          window length
 * @param books            book updates the feed published in the window
 * @param lagStart         summed group lag (quoter on the book topic, risk-gate on quotes and denials, router on decisions) at the start
 * @param lagEnd           the same at the end
 * @param latencies        book to quote, decision, order, live order
 * @param cpu              CPU per group over the window
 * @param foreignKills     kills in the window that the bench did not send (canary rollback, router limit)
 * @param complete         every record stamped in the window was read within the grace period after it (else the
 *                         latencies are of the records read, and understate)
 * @param backlogMs        when not complete: how late the oldest unread record at least was when the bench stopped waiting
 */
record RateStep(int offeredPerSecond, double seconds, long books, long lagStart, long lagEnd, StepLatencies latencies, CpuUsage cpu,
                long foreignKills, boolean complete, long backlogMs) {

    /** Lag may grow by at most this share of a second's offered records and still count as sustained (noise, markers). */
    static final double LAG_TOLERANCE_SECONDS = 0.25;

    double achievedPerSecond() {
        return seconds > 0 ? books / seconds : Double.NaN;
    }

    /** The offered rate was kept: the pipeline's lag did not grow over the window (beyond a quarter second of records). */
    boolean sustained() {
        return lagEnd - lagStart <= Math.max(50, LAG_TOLERANCE_SECONDS * offeredPerSecond);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("offered_per_s", offeredPerSecond);
        map.put("published_per_s", Figures.orNull(Figures.round(achievedPerSecond(), 0)));
        map.put("window_s", Figures.orNull(seconds));
        map.put("books", books);
        map.put("sustained", sustained());
        map.put("window_fully_read", complete);
        map.put("unread_backlog_ms", complete ? null : backlogMs);
        map.put("lag_start", lagStart);
        map.put("lag_end", lagEnd);
        map.put("orders_new_live", latencies.liveOrder().count());
        map.put("orders_new_all", latencies.anyOrder().count());
        map.put("latency", latencies.asMap());
        map.put("cpu_s_per_1k", CpuReport.perThousand(cpu, books));
        map.put("cpu_threads_lost", cpu.threadsLost());
        map.put("foreign_kills", foreignKills);
        return map;
    }
}
