package io.mmguard.router.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The PnL day of a record time, in the configured zone (the day of the last lookup is cached: no allocation per record). */
public final class PnlDays {

    private final ZoneId zone;
    private long cachedStart = Long.MAX_VALUE;
    private long cachedEnd = Long.MIN_VALUE;
    private long cachedDay;

    public PnlDays(ZoneId zone) {
        this.zone = zone;
    }

    /** The epoch day (in the zone) of record time {@code ts}. */
    public long of(long ts) {
        if (ts >= cachedStart && ts < cachedEnd) {
            return cachedDay;
        }
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(ts), zone);
        cachedDay = date.toEpochDay();
        cachedStart = date.atStartOfDay(zone).toInstant().toEpochMilli();
        cachedEnd = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return cachedDay;
    }
}
