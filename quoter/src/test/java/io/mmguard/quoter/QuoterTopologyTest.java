package io.mmguard.quoter;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuoterTopologyTest {

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private TopologyTestDriver driver;
    private TestInputTopic<String, BookUpdate> books;
    private TestInputTopic<String, Instrument> instruments;
    private TestOutputTopic<String, Quote> quotes;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void startDriver() {
        QuoterConfig config = QuoterConfig.read(new ConfigReader("quoter", Map.of("bootstrap.servers", "unused:9092")));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quoter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.mmguard.core.runtime.QuarantineDeserializationHandler.class);
        props.put("mm.dlq.topic", TopicNames.DLQ);
        driver = new TopologyTestDriver(QuoterTopology.build(topics, config), props);
        var bookTopic = topics.books().topic(TopicNames.book("sim"));
        books = driver.createInputTopic(bookTopic.name(), new StringSerializer(), bookTopic.valueSerde().serializer());
        instruments = driver.createInputTopic(topics.instruments().name(), new StringSerializer(),
                topics.instruments().valueSerde().serializer());
        quotes = driver.createOutputTopic(topics.quotes().name(), topics.quotes().keySerde().deserializer(),
                topics.quotes().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void bookUpdateBecomesAnExactFiveBasisPointQuote() {
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        TestRecord<String, Quote> record = quotes.readRecord();
        Quote quote = record.value();
        assertThat(record.key()).isEqualTo("BTCJPY");
        assertThat(quote.getMid()).isEqualByComparingTo("17159268");
        assertThat(quote.getBid()).isEqualByComparingTo("17154978");
        assertThat(quote.getAsk()).isEqualByComparingTo("17163558");
        assertThat(quote.getCfgTotalBp()).isEqualByComparingTo("5");
        assertThat(quote.getErrBp()).isLessThanOrEqualTo(new BigDecimal("0.1"));
        assertThat(quote.getImpliedBp()).isEqualByComparingTo(
                new BigDecimal("8580").divide(new BigDecimal("17159268"), java.math.MathContext.DECIMAL128)
                        .movePointRight(4).setScale(12, java.math.RoundingMode.HALF_EVEN));
        assertThat(quote.getPath()).isEqualTo(QuotePath.REFERENCE);
        assertThat(quote.getBidSize()).isEqualByComparingTo("0.001");
        assertThat(quote.getProvenance().getInputTopic()).isEqualTo("mm.md.book.sim");
        assertThat(quote.getProvenance().getInputOffset()).isZero();
        assertThat(quote.getQuoteId()).isEqualTo("q-mm.md.book.sim-0-0");
        assertThat(quotes.isEmpty()).isTrue();
    }

    @Test
    void bookForASymbolWithoutReferenceDataMakesNoQuoteButSaysSo() {
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        assertThat(quotes.isEmpty()).isTrue();
        Alert alert = alerts.readValue();
        assertThat(alert.getKind()).isEqualTo("NO_INSTRUMENT");
        assertThat(alert.getSymbol()).isEqualTo("BTCJPY");
        assertThat(alert.getMessage()).isEqualTo("no instrument reference data for BTCJPY on mm.ref.instruments:"
                + " book update mm.md.book.sim-0@0 produced no quote");
    }

    @Test
    void malformedBookRecordIsQuarantinedAndTheNextUpdateIsStillQuoted() {
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(TopicNames.book("sim"), new StringSerializer(),
                new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(TopicNames.DLQ, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());

        raw.pipeInput("BTCJPY", "{\"bid\": 1}".getBytes(StandardCharsets.UTF_8));
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());

        TestRecord<byte[], byte[]> quarantined = dlq.readRecord();
        assertThat(new String(quarantined.value(), StandardCharsets.UTF_8)).isEqualTo("{\"bid\": 1}");
        assertThat(new String(quarantined.headers().lastHeader("mm.error").value(), StandardCharsets.UTF_8))
                .contains("expected magic byte 0x00");
        assertThat(new String(quarantined.headers().lastHeader("mm.source.topic").value(), StandardCharsets.UTF_8))
                .isEqualTo("mm.md.book.sim");
        assertThat(quotes.readValue().getBookSequence()).isEqualTo(2);
    }

    @Test
    void topologyNamesEveryProcessorAndStore() {
        QuoterConfig config = QuoterConfig.read(new ConfigReader("quoter", Map.of("bootstrap.servers", "unused:9092")));
        String description = QuoterTopology.build(topics, config).describe().toString();

        assertThat(description).contains("books-source", "join-instrument", "make-quote", "quotes-sink", "alerts-sink",
                "instruments-store");
        assertThat(description).doesNotContain("KSTREAM-");
        io.mmguard.core.testing.GoldenTopology.assertMatches(QuoterTopology.build(topics, config), "quoter-topology.txt");
    }
}
