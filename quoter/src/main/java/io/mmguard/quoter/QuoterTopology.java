package io.mmguard.quoter;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.Severity;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quoter: book updates in, two-sided quotes out.
 *
 * <ul>
 *   <li>in: {@code mm.md.book.<venue>} (pattern), key symbol, value {@link BookUpdate}</li>
 *   <li>in: {@code mm.ref.instruments} (global table), key symbol, value {@link Instrument}</li>
 *   <li>out: {@code mm.quotes}, key symbol, value {@link Quote}</li>
 *   <li>out: {@code mm.alerts}, key symbol, value {@link Alert}: a book update for a symbol with no
 *       instrument reference data produces no quote, and says so here</li>
 * </ul>
 */
public final class QuoterTopology {

    private static final Logger LOG = LoggerFactory.getLogger(QuoterTopology.class);

    private QuoterTopology() {
    }

    /** The quoter's topology; pure: no I/O, no clients. */
    public static Topology build(Topics topics, QuoterConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        GlobalKTable<String, Instrument> instruments = builder.globalTable(topics.instruments().name(),
                topics.instruments().consumed().withName("instruments-source"),
                Materialized.as("instruments-store"));
        KStream<String, BookUpdate> books = builder.stream(topics.books().pattern(),
                topics.books().consumed().withName("books-source"));
        QuoteBuilder quoteBuilder = new QuoteBuilder(config.extraBps(), config.common().configVersion());

        books.leftJoin(instruments, (symbol, book) -> symbol, BookWithInstrument::new, Named.as("join-instrument"))
                .processValues(() -> new QuoteProcessor(quoteBuilder), Named.as("make-quote"))
                .split(Named.as("quote-or-alert-"))
                .branch((symbol, outcome) -> outcome.quote() != null, Branched.withConsumer(quotes -> quotes
                        .mapValues(QuoteOutcome::quote, Named.as("quote-value"))
                        .to(topics.quotes().name(), topics.quotes().produced().withName("quotes-sink")), "quote"))
                .defaultBranch(Branched.withConsumer(alerts -> alerts
                        .mapValues(QuoteOutcome::alert, Named.as("alert-value"))
                        .to(topics.alerts().name(), topics.alerts().produced().withName("alerts-sink")), "alert"));
        return builder.build();
    }

    /** A book update joined with its instrument (null when none is known). */
    record BookWithInstrument(BookUpdate book, Instrument instrument) {
    }

    /** Exactly one of quote and alert is set. */
    record QuoteOutcome(Quote quote, Alert alert) {
    }

    private static final class QuoteProcessor extends ContextualFixedKeyProcessor<String, BookWithInstrument, QuoteOutcome> {

        private final QuoteBuilder quoteBuilder;

        QuoteProcessor(QuoteBuilder quoteBuilder) {
            this.quoteBuilder = quoteBuilder;
        }

        @Override
        public void process(FixedKeyRecord<String, BookWithInstrument> record) {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            BookUpdate book = record.value().book();
            Instrument instrument = record.value().instrument();
            if (instrument == null) {
                String message = "no instrument reference data for " + book.getSymbol() + " on mm.ref.instruments: book update "
                        + source.topic() + "-" + source.partition() + "@" + source.offset() + " produced no quote";
                LOG.warn("[NO_INSTRUMENT] {}", message);
                context().forward(record.withValue(new QuoteOutcome(null, Alert.newBuilder()
                        .setAlertId("a-no-instrument-" + source.topic() + "-" + source.partition() + "-" + source.offset())
                        .setSeverity(Severity.WARN)
                        .setKind("NO_INSTRUMENT")
                        .setSymbol(book.getSymbol())
                        .setMessage(message)
                        .setDetails(Map.of("book_topic", source.topic(), "book_offset", Long.toString(source.offset())))
                        .setTs(java.time.Instant.ofEpochMilli(record.timestamp()))
                        .build())));
                return;
            }
            Quote quote = quoteBuilder.quote(book, instrument, source.topic(), source.partition(), source.offset());
            LOG.debug("[QUOTE_PATH] {} {} mid={} cfg_bp={} bid={} ask={} implied_bp={}", quote.getPath(), quote.getSymbol(),
                    quote.getMid(), quote.getCfgTotalBp(), quote.getBid(), quote.getAsk(), quote.getImpliedBp());
            context().forward(record.withValue(new QuoteOutcome(quote, null)));
        }
    }
}
