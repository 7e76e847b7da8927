package io.mmguard.quoter;

import io.mmguard.core.runtime.LogThrottle;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Looks up the symbol's instrument (none: a NO_INSTRUMENT denial), applies the params in force, builds the quote or denial, flags coarse ticks, and logs the seed's lines (bounded). */
final class QuoteProcessor extends ContextualFixedKeyProcessor<String, BookUpdate, QuoterTopology.QuoterOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(QuoteProcessor.class);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /**
     * Longest symbol or venue name a book may carry. Every quote and denial repeats the symbol (a denial twice, in its
     * field and its detail), so an absurd name in a book that itself fits Kafka's record limit can make an output that
     * does not: the send fails, and under exactly-once the service stops on it at every start. Such a book is
     * quarantined before anything is derived from it.
     */
    static final int MAX_NAME_CHARS = 128;

    private final QuoteBuilder builder;
    private final QuoterConfig config;
    private final LogThrottle pathLog;
    private final LogThrottle denialLog;
    /** Per symbol: the total spread last logged as [STRATEGY_SPREAD]. */
    private final Map<String, BigDecimal> spreadLogged = new HashMap<>();
    /** Per symbol: the instrument version whose tick was last assessed (re-assessed after a restart, on purpose). */
    private final Map<String, Long> tickAssessed = new HashMap<>();
    private KeyValueStore<String, String> params;
    private KeyValueStore<String, Instrument> instruments;
    private KeyValueStore<String, Position> positions;

    private final QuoterMetrics metrics;

    private final io.mmguard.core.time.WallClock clock;
    private final io.mmguard.core.metrics.PipelineLag lag;

    QuoteProcessor(QuoteBuilder builder, QuoterConfig config, QuoterMetrics metrics, io.mmguard.core.time.WallClock clock,
                   io.mmguard.core.metrics.PipelineLag lag) {
        this.metrics = metrics;
        this.clock = clock;
        this.lag = lag;
        this.builder = builder;
        this.config = config;
        this.pathLog = new LogThrottle(config.pathLogIntervalMs());
        this.denialLog = new LogThrottle(config.pathLogIntervalMs());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, QuoterTopology.QuoterOutput> context) {
        super.init(context);
        params = context.getStateStore(QuoteParams.STORE);
        instruments = context.getStateStore(QuoterTopology.INSTRUMENTS_STORE);
        positions = context.getStateStore(QuoterTopology.POSITIONS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, BookUpdate> record) {
        RecordMetadata meta = context().recordMetadata().orElseThrow();
        long processedAt = clock.stampFor(record.timestamp());
        QuoteBuilder.Source source = new QuoteBuilder.Source(meta.topic(), meta.partition(), meta.offset(), processedAt);
        BookUpdate book = record.value();
        refuseAbsurdNames(book, source);
        lag.observe(book.getSymbol(), processedAt - record.timestamp());
        String symbol = book.getSymbol();
        Instrument instrument = instruments.get(symbol);
        QuoteBuilder.Outcome outcome = builder.build(book, instrument, source, params::get, positions.get(symbol));
        if (outcome.quote() != null) {
            Quote quote = outcome.quote();
            assessTick(record, quote, instrument);
            logSpread(quote);
            long suppressed = pathLog.admit(symbol);
            if (suppressed >= 0) {
                LOG.info("[QUOTE_PATH] {} {} mid={} cfg_bp={} bid={} ask={} implied_bp={} err_bp={} ({} lines suppressed)",
                        quote.getPath(), symbol, Decimals.plain(quote.getMid()), Decimals.plain(quote.getCfgTotalBp()),
                        Decimals.plain(quote.getBid()), Decimals.plain(quote.getAsk()), Decimals.plain(quote.getImpliedBp()),
                        Decimals.plain(quote.getErrBp()), suppressed);
            }
            metrics.quoted(quote);
            context().forward(record.withValue(new QuoterTopology.QuoterOutput(quote, null, null)));
        } else {
            QuoteDenial denial = outcome.denial();
            if (denial.getSanityFailure()) {
                LOG.error("{}; book {} produced no quote (denial {} sent to mm.quotes.denied; the risk-gate will kill live trading)",
                        denial.getDetail(), source.describe(), denial.getReason());
            } else if (denialLog.admit(symbol + "/" + denial.getReason()) >= 0) {
                LOG.warn("[QUOTE_DENIED] {} {}: {}; no quote (denial sent to mm.quotes.denied)", symbol, denial.getReason(),
                        denial.getDetail());
            }
            metrics.denied(denial);
            context().forward(record.withValue(new QuoterTopology.QuoterOutput(null, denial, null)));
        }
    }

    /** Throws (the processing handler quarantines the book to mm.dlq) when its symbol or venue is no plausible name. */
    private static void refuseAbsurdNames(BookUpdate book, QuoteBuilder.Source source) {
        if (book == null) {
            throw new IllegalArgumentException("book " + source.describe() + " is a tombstone (key with a null value): a book"
                    + " topic carries updates, never deletes, so nothing is quoted or denied from it; quarantined. A feed"
                    + " that meant to clear a symbol should stop publishing it (the risk-gate freezes it FEED_SILENT)");
        }
        refuseAbsurdName("symbol", book.getSymbol(), source);
        refuseAbsurdName("venue", book.getVenue(), source);
    }

    private static void refuseAbsurdName(String what, String name, QuoteBuilder.Source source) {
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("book " + source.describe() + " has a " + what + " of " + name.length()
                    + " characters (starting '" + name.substring(0, 16) + "'), more than " + MAX_NAME_CHARS
                    + ": no quote or denial is made from it (it could exceed Kafka's record size and stop the quoter);"
                    + " quarantined");
        }
    }

    private void logSpread(Quote quote) {
        BigDecimal previous = spreadLogged.put(quote.getSymbol(), quote.getCfgTotalBp());
        if (previous == null || previous.compareTo(quote.getCfgTotalBp()) != 0) {
            LOG.info("[STRATEGY_SPREAD] {} - Market: {}bp, Extra: {}bp, Total: {}bp (k_inv {})", quote.getSymbol(),
                    quote.getCfgMarketBp().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    Decimals.plain(quote.getCfgExtraBp()),
                    quote.getCfgTotalBp().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    Decimals.plain(quote.getKInv()));
        }
    }

    /**
     * Rounding the bid down and the ask up widens the spread by up to two ticks. When that alone can
     * exceed the quality goal, say so once per instrument version (and again after a restart).
     */
    private void assessTick(FixedKeyRecord<String, BookUpdate> record, Quote quote, Instrument instrument) {
        Long assessed = tickAssessed.put(quote.getSymbol(), instrument.getVersion());
        if (assessed != null && assessed == instrument.getVersion()) {
            return;
        }
        BigDecimal worstWidening = quote.getTickBp().multiply(TWO);
        if (worstWidening.compareTo(config.qualityGoalBps()) <= 0) {
            return;
        }
        String message = quote.getSymbol() + " tick " + Decimals.plain(quote.getTick()) + " is " + Decimals.plain(quote.getTickBp())
                + " bp of mid " + Decimals.plain(quote.getMid()) + ": rounding can widen the spread by up to "
                + Decimals.plain(worstWidening) + " bp, " + Decimals.plain(worstWidening.subtract(config.qualityGoalBps()))
                + " bp more than the err_bp goal of " + Decimals.plain(config.qualityGoalBps()) + " bp (instrument version "
                + instrument.getVersion() + "); quoting continues up to quote.max.tick.bp=" + Decimals.plain(config.maxTickBps());
        LOG.warn("[TICK_TOO_COARSE] {}", message);
        context().forward(record.withValue(new QuoterTopology.QuoterOutput(null, null, Alert.newBuilder()
                .setAlertId("a-tick-" + quote.getSymbol() + "-v" + instrument.getVersion() + "-" + quote.getQuoteId())
                .setSeverity(Severity.WARN)
                .setKind("TICK_TOO_COARSE")
                .setSymbol(quote.getSymbol())
                .setMessage(message)
                .setDetails(Map.of("tick_bp", Decimals.plain(quote.getTickBp()), "worst_widening_bp", Decimals.plain(worstWidening),
                        "goal_bp", Decimals.plain(config.qualityGoalBps()), "instrument_version", Long.toString(instrument.getVersion())))
                .setTs(Instant.ofEpochMilli(record.timestamp()))
                .setProvenance(quote.getProvenance())
                .build())));
    }
}
