package io.mmguard.ops.bench;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.sim.BookSource;
import io.mmguard.sim.MarketFeed;
import io.mmguard.sim.SimSymbol;
import io.mmguard.sim.SyntheticBook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bench's market: the simulator's three symbols without random jumps (a jump would freeze its
 * symbol for 30 s and empty a window), one seeded random walk shared by every feed and preload of a
 * broker, so a new rate step continues the walk instead of jumping back to the start prices.
 */
final class BenchMarket {

    static final String VENUE = "sim";
    static final String BOOK_TOPIC = TopicNames.book(VENUE);
    static final List<SimSymbol> SYMBOLS = List.of(withoutJumps(SimSymbol.BTCJPY), withoutJumps(SimSymbol.ETHJPY),
            withoutJumps(SimSymbol.XRPJPY));

    private final String bootstrap;
    private final Topics topics;
    private final BookSource source;

    BenchMarket(String bootstrap, Topics topics, long seed) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.source = BookSource.synthetic(new SyntheticBook(VENUE, SYMBOLS, seed));
    }

    /** Starts a MarketFeed at {@code updatesPerSecond} (it publishes the instruments first). The caller closes it. */
    MarketFeed feed(int updatesPerSecond) throws InterruptedException {
        return new MarketFeed(bootstrap, topics, VENUE, SYMBOLS, updatesPerSecond, source).start();
    }

    /**
     * Publishes {@code count} book updates stamped with the current time, as fast as the producer goes,
     * and returns once all are acknowledged.
     */
    void preload(int count) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mm-bench-preload");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        try (KafkaProducer<String, BookUpdate> producer = new KafkaProducer<>(props, new StringSerializer(),
                topics.books().valueSerde().serializer())) {
            int sent = 0;
            while (sent < count) {
                for (BookUpdate update : source.next(Instant.now())) {
                    if (sent < count) {
                        producer.send(new ProducerRecord<>(BOOK_TOPIC, null, update.getReceiveTs().toEpochMilli(), update.getSymbol(),
                                update));
                        sent++;
                    }
                }
            }
            producer.flush();
        }
    }

    private static SimSymbol withoutJumps(SimSymbol symbol) {
        return new SimSymbol(symbol.symbol(), symbol.startMid(), symbol.tick(), symbol.lotStep(), symbol.quoteSize(),
                symbol.minNotional(), symbol.volatilityBps(), 0, 0, symbol.maxSpreadTicks());
    }

    /** Holds the calling thread for {@code duration} (a measurement window, not a wait for a condition). */
    static void hold(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, Duration.ofMillis(50).toNanos()));
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("bench: interrupted");
            }
        }
    }
}
