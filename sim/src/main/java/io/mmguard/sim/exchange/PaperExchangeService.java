package io.mmguard.sim.exchange;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper exchange as a gateway process: reads {@code mm.orders.live} (committed only),
 * {@code mm.md.book.<venue>} and {@code mm.ref.instruments} in arrival order, runs them through a
 * {@link PaperExchange}, and writes {@code mm.exec.reports} keyed by symbol. A record it cannot read
 * is logged with its offset and skipped (it is still on its topic).
 */
public final class PaperExchangeService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaperExchangeService.class);

    private final PaperExchange exchange;
    private final Topics topics;
    private final String bookTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, ExecutionReport> producer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong reports = new AtomicLong();
    private final Thread thread;

    public PaperExchangeService(String bootstrapServers, Topics topics, String venue, PaperExchange exchange) {
        this.exchange = exchange;
        this.topics = topics;
        this.bookTopic = TopicNames.book(venue);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-paper-exchange");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "mm-paper-exchange");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), topics.execReports().valueSerde().serializer());
        this.thread = new Thread(this::run, "mm-paper-exchange");
        this.thread.setDaemon(true);
    }

    /** Starts reading from the beginning of the three topics. */
    public PaperExchangeService start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.instruments().name(), bookTopic, topics.ordersLive().name())) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
        return this;
    }

    /** Execution reports written so far. */
    public long reports() {
        return reports.get();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    handle(record);
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            List<ExecutionReport> out;
            if (record.topic().equals(bookTopic)) {
                out = exchange.onBook(topics.books().valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value()));
            } else if (record.topic().equals(topics.instruments().name())) {
                Instrument instrument = topics.instruments().valueSerde().deserializer().deserialize(record.topic(), record.headers(),
                        record.value());
                if (instrument != null) {
                    exchange.onInstrument(instrument);
                }
                out = List.of();
            } else {
                OrderCommand order = topics.ordersLive().valueSerde().deserializer().deserialize(record.topic(), record.headers(),
                        record.value());
                out = exchange.onOrder(order);
            }
            for (ExecutionReport report : out) {
                producer.send(new ProducerRecord<>(topics.execReports().name(), null, report.getTs().toEpochMilli(),
                        report.getSymbol(), report));
                reports.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.warn("paper exchange: cannot handle {}-{}@{}: {}; skipped (the record stays on its topic)", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

}
