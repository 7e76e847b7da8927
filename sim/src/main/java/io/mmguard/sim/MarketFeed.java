package io.mmguard.sim;

import io.mmguard.core.topics.Topic;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes instrument reference data, then a paced stream of synthetic book updates to
 * {@code mm.md.book.<venue>}, on its own thread, until stopped.
 */
public final class MarketFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeed.class);

    private final KafkaProducer<String, BookUpdate> books;
    private final KafkaProducer<String, Instrument> instruments;
    private final Topic<String, BookUpdate> bookTopic;
    private final Topic<String, Instrument> instrumentTopic;
    private final String venue;
    private final List<SimSymbol> symbols;
    private final BookSource source;
    private final SyntheticBook synthetic;
    private final java.util.concurrent.ConcurrentLinkedQueue<java.util.function.Consumer<SyntheticBook>> scripted =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final int updatesPerSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;

    /** A feed of {@code updatesPerSecond} synthetic book updates over {@code symbols}, reproducible from {@code seed}. */
    public MarketFeed(String bootstrapServers, Topics topics, String venue, List<SimSymbol> symbols, int updatesPerSecond, long seed) {
        this(bootstrapServers, topics, venue, symbols, updatesPerSecond, new SyntheticBook(venue, symbols, seed));
    }

    private MarketFeed(String bootstrapServers, Topics topics, String venue, List<SimSymbol> symbols, int updatesPerSecond,
                       SyntheticBook book) {
        this(bootstrapServers, topics, venue, symbols, updatesPerSecond, BookSource.synthetic(book), book);
    }

    /** A feed of {@code updatesPerSecond} updates from {@code source}; {@code symbols} are published as instruments first. */
    public MarketFeed(String bootstrapServers, Topics topics, String venue, List<SimSymbol> symbols, int updatesPerSecond,
                      BookSource source) {
        this(bootstrapServers, topics, venue, symbols, updatesPerSecond, source, null);
    }

    private MarketFeed(String bootstrapServers, Topics topics, String venue, List<SimSymbol> symbols, int updatesPerSecond,
                       BookSource source, SyntheticBook synthetic) {
        this.synthetic = synthetic;
        this.venue = venue;
        this.symbols = List.copyOf(symbols);
        this.bookTopic = topics.books().topic(io.mmguard.core.topics.TopicNames.book(venue));
        this.instrumentTopic = topics.instruments();
        this.source = source;
        this.updatesPerSecond = updatesPerSecond;
        this.books = producer(bootstrapServers, bookTopic.valueSerde().serializer(), "mm-sim-book");
        this.instruments = producer(bootstrapServers, instrumentTopic.valueSerde().serializer(), "mm-sim-instruments");
        this.thread = new Thread(this::run, "mm-sim-feed");
        this.thread.setDaemon(true);
    }

    /** Publishes the instruments (synchronously) and starts the book stream. */
    public MarketFeed start() throws InterruptedException {
        Instant now = Instant.now();
        for (SimSymbol symbol : symbols) {
            try {
                instruments.send(new ProducerRecord<>(instrumentTopic.name(), symbol.symbol(), symbol.instrument(venue, now))).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot publish instrument " + symbol.symbol() + ": " + e.getCause().getMessage(), e);
            }
        }
        thread.start();
        return this;
    }

    /**
     * Runs {@code action} on the synthetic market from the feed's own thread before its next update
     * (scripted scenarios: a jump, a silence). Refused for a recorded feed.
     */
    public void script(java.util.function.Consumer<SyntheticBook> action) {
        if (synthetic == null) {
            throw new IllegalStateException("a recorded feed cannot be scripted");
        }
        scripted.add(action);
    }

    /** Book updates published so far. */
    public long published() {
        return published.get();
    }

    private void run() {
        long intervalNanos = Duration.ofSeconds(1).toNanos() / Math.max(1, updatesPerSecond);
        long due = System.nanoTime();
        while (running.get() && !source.exhausted()) {
            for (java.util.function.Consumer<SyntheticBook> action; (action = scripted.poll()) != null; ) {
                action.accept(synthetic);
            }
            for (BookUpdate update : source.next(Instant.now())) {
                // the record timestamp is the feed handler's receive time (the risk-gate's L2 age is measured against it)
                books.send(new ProducerRecord<>(bookTopic.name(), null, update.getReceiveTs().toEpochMilli(), update.getSymbol(),
                        update), (metadata, error) -> {
                            if (error == null) {
                                published.incrementAndGet();
                            } else {
                                LOG.warn("sim feed: book update {} #{} not published: {}", update.getSymbol(), update.getSequence(),
                                        error.getMessage());
                            }
                        });
            }
            due += intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        books.close(Duration.ofSeconds(5));
        instruments.close(Duration.ofSeconds(5));
    }

    private static <V> KafkaProducer<String, V> producer(String bootstrap, Serializer<V> serializer, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new org.apache.kafka.common.serialization.StringSerializer(), serializer);
    }
}
