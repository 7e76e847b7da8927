package io.mmguard.quoter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.mmguard.core.quote.QuoteCalculator;
import io.mmguard.core.topics.Decoded;
import io.mmguard.core.topics.FailClosedTable;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The quoter: book updates in, exact two-sided quotes (or typed denials) out.
 *
 * <ul>
 *   <li>in: {@code mm.md.book.<venue>} (pattern), key symbol, value {@link BookUpdate}</li>
 *   <li>in: {@code mm.ref.instruments} (global store, fail closed per symbol), key symbol, value {@link Instrument}: tick,
 *       quote size</li>
 *   <li>in: {@code mm.control} (global store), signed {@code SET_PARAM extra_bps / k_inv}</li>
 *   <li>in: {@code mm.positions} (global store), key symbol, value {@link io.mmguard.schemas.Position}: the inventory
 *       the skew uses</li>
 *   <li>out: {@code mm.quotes}, key symbol, value {@link Quote}: every quote carries mid, cfg bp, bid, ask,
 *       implied_bp, err_bp, tick_bp, the path that produced it and its provenance</li>
 *   <li>out: {@code mm.quotes.denied}, key symbol, value {@link QuoteDenial}: a book update that produced no
 *       quote and why (bad input, a coarse tick, or a sanity failure of the quote itself)</li>
 *   <li>out: {@code mm.alerts}, key symbol, value {@link Alert}: a tick too coarse for the quality goal</li>
 * </ul>
 */
public final class QuoterTopology {

    /**
     * Global, from {@code mm.ref.instruments}: symbol → instrument. Read as bytes and folded by a {@link FailClosedTable}:
     * an unreadable record removes its symbol (which then quotes nothing) instead of stopping the global thread.
     */
    static final String INSTRUMENTS_STORE = "instruments-store";
    /**
     * Global, from {@code mm.positions}: symbol → its newest position (the order-router writes a version per fill), for
     * the inventory skew. An unreadable record removes its symbol: it quotes without skew (as before any fill) until a
     * readable version replaces it; the router's own position limits do not depend on this copy.
     */
    static final String POSITIONS_STORE = "positions-store";

    private QuoterTopology() {
    }

    /** The quoter's topology without metrics (tests); pure: no I/O, no clients. */
    public static Topology build(Topics topics, QuoterConfig config) {
        return build(topics, config, new CompositeMeterRegistry(), QuoteCalculator::compute);
    }

    /** The quoter's topology, recording the seed's quote metrics into {@code meters}. */
    public static Topology build(Topics topics, QuoterConfig config, MeterRegistry meters) {
        return build(topics, config, meters, QuoteCalculator::compute);
    }

    /** As {@link #build(Topics, QuoterConfig, MeterRegistry)} with another price calculator (fault-injection tests). */
    static Topology build(Topics topics, QuoterConfig config, MeterRegistry meters, PriceCalculator calculator) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(QuoteParams.STORE), Serdes.String(), Serdes.String())
                        .withLoggingDisabled(),
                topics.control().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("control-source"),
                () -> new Decoded<>(topics.control(), new ParamsFolder(config.signer()),
                        "the quoter keeps its last good k_inv and extra_bps"));
        FailClosedTable.addGlobalStore(builder, INSTRUMENTS_STORE, "instruments-source", topics.instruments(),
                "%s quotes nothing (NO_INSTRUMENT denials) until a readable instrument record replaces it");
        FailClosedTable.addGlobalStore(builder, POSITIONS_STORE, "positions-source", topics.positions(),
                "%s quotes without inventory skew until a readable position record replaces it");
        KStream<String, BookUpdate> books = builder.stream(topics.books().pattern(),
                topics.books().consumed().withName("books-source"));
        QuoteBuilder quoteBuilder = new QuoteBuilder(config, calculator);
        QuoterMetrics metrics = new QuoterMetrics(meters);
        io.mmguard.core.metrics.PipelineLag lag = io.mmguard.core.metrics.PipelineLag.in(meters);

        books.processValues(() -> new QuoteProcessor(quoteBuilder, config, metrics, io.mmguard.core.time.WallClock.SYSTEM, lag),
                        Named.as("make-quote"))
                .split(Named.as("quoter-output-"))
                .branch((symbol, out) -> out.quote() != null, Branched.withConsumer(quotes -> quotes
                        .mapValues(QuoterOutput::quote, Named.as("quote-value"))
                        .to(topics.quotes().name(), topics.quotes().produced().withName("quotes-sink")), "quote"))
                .branch((symbol, out) -> out.denial() != null, Branched.withConsumer(denials -> denials
                        .mapValues(QuoterOutput::denial, Named.as("denial-value"))
                        .to(topics.quotesDenied().name(), topics.quotesDenied().produced().withName("denials-sink")), "denial"))
                .defaultBranch(Branched.withConsumer(alerts -> alerts
                        .mapValues(QuoterOutput::alert, Named.as("alert-value"))
                        .to(topics.alerts().name(), topics.alerts().produced().withName("alerts-sink")), "alert"));
        return builder.build();
    }

    /** Exactly one of quote, denial and alert is set. */
    record QuoterOutput(Quote quote, QuoteDenial denial, Alert alert) {
    }
}
