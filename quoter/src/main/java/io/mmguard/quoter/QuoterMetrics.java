package io.mmguard.quoter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mmguard.core.metrics.ExactHistogram;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quoter's share of the seed's metrics: {@code mm_quote_err_bp} (histogram; the seed's 0.1 bp
 * SLO is a bucket edge), {@code mm_quote_cfg_bp} and {@code mm_quote_tick_bp} (gauges per symbol),
 * {@code mm_quotes_total{path}} and {@code mm_quote_denials_total{reason}}.
 */
final class QuoterMetrics {

    /** Bucket edges in bp; 0.1 (the SLO) is one of them. */
    static final double[] ERR_BP_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 100};

    private final MeterRegistry meters;
    private final ExactHistogram errBp;
    private final Map<String, double[]> cfgBp = new ConcurrentHashMap<>();
    private final Map<String, double[]> tickBp = new ConcurrentHashMap<>();
    /** Counters by name, then by their two tag values: looked up on every quote without building a key string. */
    private final Map<String, Map<String, Map<String, Counter>>> counters = new ConcurrentHashMap<>();

    QuoterMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.errBp = ExactHistogram.register(meters, "mm_quote_err_bp", "|implied_bp - cfg_bp| of every quote, in bp",
                ERR_BP_BUCKETS, "symbol");
    }

    void quoted(Quote quote) {
        String symbol = quote.getSymbol();
        errBp.observe(quote.getErrBp().doubleValue(), symbol);
        gauge(cfgBp, "mm_quote_cfg_bp", "configured total spread in bp", symbol)[0] = quote.getCfgTotalBp().doubleValue();
        gauge(tickBp, "mm_quote_tick_bp", "one tick in bp of mid", symbol)[0] = quote.getTickBp().doubleValue();
        counter("mm_quotes", symbol, "path", quote.getPath().name()).increment();
    }

    void denied(QuoteDenial denial) {
        counter("mm_quote_denials", denial.getSymbol(), "reason", denial.getReason().name()).increment();
    }

    private double[] gauge(Map<String, double[]> holders, String name, String description, String symbol) {
        return holders.computeIfAbsent(symbol, s -> {
            double[] holder = {Double.NaN};
            io.micrometer.core.instrument.Gauge.builder(name, holder, h -> h[0]).description(description).tags("symbol", s)
                    .register(meters);
            return holder;
        });
    }

    /** The counter {@code name{symbol=..., <tag>=...}}; a path tag's value is written in lower case, as before. */
    private Counter counter(String name, String symbol, String tag, String value) {
        return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                .computeIfAbsent(symbol, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(value, v -> Counter.builder(name)
                        .tags(Tags.of("symbol", symbol, tag, tag.equals("path") ? v.toLowerCase(java.util.Locale.ROOT) : v))
                        .register(meters));
    }
}
