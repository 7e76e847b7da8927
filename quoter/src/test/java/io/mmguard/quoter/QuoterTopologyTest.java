package io.mmguard.quoter;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.quote.QuoteCalculator;
import io.mmguard.core.quote.QuoteMath;
import io.mmguard.core.runtime.QuarantineConfig;
import io.mmguard.core.testing.RecordingGlobalQuarantine;
import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.util.List;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuoterTopologyTest {

    private static final String KEY = "test-control-key";
    private static final ControlSigner SIGNER = ControlSigner.withKey(KEY);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private TopologyTestDriver driver;
    private TestInputTopic<String, BookUpdate> books;
    private TestInputTopic<String, Instrument> instruments;
    private TestInputTopic<String, ControlCommand> control;
    private TestInputTopic<String, io.mmguard.schemas.Position> positions;
    private TestOutputTopic<String, Quote> quotes;
    private TestOutputTopic<String, QuoteDenial> denials;
    private TestOutputTopic<String, Alert> alerts;
    private TestInputTopic<String, byte[]> rawInstruments;
    private TestInputTopic<String, byte[]> rawControl;
    private final RecordingGlobalQuarantine globalQuarantine = new RecordingGlobalQuarantine();

    private static QuoterConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "unused:9092"));
        values.putAll(extra);
        return QuoterConfig.read(new ConfigReader("quoter", values, Map.of(ControlSigner.KEY_ENV, KEY)));
    }

    private void start(QuoterConfig config) {
        start(QuoterTopology.build(topics, config));
    }

    private void start(Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quoter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        QuarantineConfig.apply(props, TopicNames.DLQ, globalQuarantine);
        driver = new TopologyTestDriver(topology, props);
        var bookTopic = topics.books().topic(TopicNames.book("sim"));
        books = driver.createInputTopic(bookTopic.name(), new StringSerializer(), bookTopic.valueSerde().serializer());
        instruments = driver.createInputTopic(topics.instruments().name(), new StringSerializer(),
                topics.instruments().valueSerde().serializer());
        // the commands are issued at T0; their records must be stamped inside the signed-command window
        control = driver.createInputTopic(topics.control().name(), new StringSerializer(), topics.control().valueSerde().serializer(),
                Instant.parse("2026-11-25T00:00:00Z"), java.time.Duration.ZERO);
        positions = driver.createInputTopic(topics.positions().name(), new StringSerializer(),
                topics.positions().valueSerde().serializer());
        rawInstruments = driver.createInputTopic(topics.instruments().name(), new StringSerializer(), new ByteArraySerializer());
        rawControl = driver.createInputTopic(topics.control().name(), new StringSerializer(), new ByteArraySerializer());
        quotes = driver.createOutputTopic(topics.quotes().name(), topics.quotes().keySerde().deserializer(),
                topics.quotes().valueSerde().deserializer());
        denials = driver.createOutputTopic(topics.quotesDenied().name(), topics.quotesDenied().keySerde().deserializer(),
                topics.quotesDenied().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void bookUpdateBecomesAnExactFiveBasisPointQuoteCheckedOnBothPaths() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        TestRecord<String, Quote> record = quotes.readRecord();
        Quote quote = record.value();
        assertThat(record.key()).isEqualTo("BTCJPY");
        assertThat(quote.getMid()).isEqualByComparingTo("17159268");
        assertThat(quote.getBid()).isEqualByComparingTo("17154978");
        assertThat(quote.getAsk()).isEqualByComparingTo("17163558");
        assertThat(quote.getCfgMarketBp()).isEqualByComparingTo("0");
        assertThat(quote.getCfgExtraBp()).isEqualByComparingTo("5");
        assertThat(quote.getCfgTotalBp()).isEqualByComparingTo("5");
        BigDecimal expectedImplied = new BigDecimal("8580").divide(new BigDecimal("17159268"), MathContext.DECIMAL128)
                .movePointRight(4).setScale(12, RoundingMode.HALF_EVEN);
        assertThat(quote.getImpliedBp()).isEqualByComparingTo(expectedImplied);
        assertThat(quote.getErrBp()).isEqualByComparingTo(expectedImplied.subtract(new BigDecimal("5")).abs());
        assertThat(quote.getTickBp()).isEqualByComparingTo(QuoteMath.tickBps(BigDecimal.ONE, new BigDecimal("17159268")));
        assertThat(quote.getPath()).isEqualTo(QuotePath.BOTH);
        assertThat(quote.getKInv()).isEqualByComparingTo("0");
        assertThat(quote.getBidSize()).isEqualByComparingTo("0.001");
        assertThat(quote.getProvenance().getInputTopic()).isEqualTo("mm.md.book.sim");
        assertThat(quote.getProvenance().getInputOffset()).isZero();
        assertThat(quote.getProvenance().getInputId()).isEqualTo("1");
        assertThat(quote.getProvenance().getControlVersion()).isZero();
        assertThat(quote.getProvenance().getConfigVersion()).isEqualTo(1);
        assertThat(quote.getQuoteId()).isEqualTo("q-mm.md.book.sim-0-0");
        assertThat(quotes.isEmpty()).isTrue();
        assertThat(denials.isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "quote.path={0} -> {1}")
    @CsvSource({"fast, FAST", "reference, REFERENCE", "both, BOTH"})
    void everyQuoteRecordsThePathThatProducedIt(String path, QuotePath expected) {
        start(config(Map.of("quote.path", path)));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getPath()).isEqualTo(expected);
        assertThat(quote.getProvenance().getCodePath()).isEqualTo(expected.name());
        assertThat(quote.getBid()).isEqualByComparingTo("17154978");
    }

    @Test
    void theSeedIncidentFedThroughTheQuoterIsStoppedByItsGuard() {
        // The seed's bug: bp read as a fraction on the ask side (5 bp became 0.5), so ask = mid x 1.5.
        PriceCalculator seedBug = (mid, bps, tick, skew, path) -> {
            QuoteCalculator.Result right = QuoteCalculator.compute(mid, bps, tick, skew, path);
            BigDecimal wrongAsk = QuoteMath.ceilToTick(mid.multiply(BigDecimal.ONE.add(bps.movePointLeft(1))), tick);
            return new QuoteCalculator.Result(new QuoteMath.Prices(right.prices().bid(), wrongAsk), right.path(), null);
        };
        start(QuoterTopology.build(topics, config(Map.of()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), seedBug));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        assertThat(quotes.isEmpty()).as("no quote may leave the quoter").isTrue();
        QuoteDenial denial = denials.readValue();
        assertThat(denial.getReason()).isEqualTo(DenialReason.IMPLIED_BP_TOO_WIDE);
        assertThat(denial.getSanityFailure()).isTrue();
        assertThat(denial.getAsk()).isEqualByComparingTo("25738902");
        assertThat(denial.getDetail()).startsWith("[QUOTE_SANITY_FAIL] implied_bp=");
    }

    @Test
    void aDisagreementBetweenThePathsIsASanityFailureNeverAQuote() {
        PriceCalculator disagreeing = (mid, bps, tick, skew, path) -> new QuoteCalculator.Result(
                QuoteMath.quote(mid, bps, tick), QuotePath.BOTH, "fast path bid=1 ask=2 but reference path bid=3 ask=4");
        start(QuoterTopology.build(topics, config(Map.of()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), disagreeing));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        assertThat(quotes.isEmpty()).isTrue();
        QuoteDenial denial = denials.readValue();
        assertThat(denial.getReason()).isEqualTo(DenialReason.PATH_DISAGREEMENT);
        assertThat(denial.getSanityFailure()).isTrue();
        assertThat(denial.getDetail()).contains("quote paths disagree");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "crossed book,        17159270, 0.5, 17159260, 0.5, CROSSED_BOOK",
        "locked book,         17159268, 0.5, 17159268, 0.5, LOCKED_BOOK",
        "zero bid price,      0,        0.5, 17159269, 0.5, NON_POSITIVE_PRICE",
        "negative ask price,  17159267, 0.5, -1,       0.5, NON_POSITIVE_PRICE",
        "zero bid size,       17159267, 0,   17159269, 0.5, NON_POSITIVE_SIZE",
        "negative ask size,   17159267, 0.5, 17159269, -2,  NON_POSITIVE_SIZE",
    })
    void badBookInputIsATypedDenialNotACrash(String name, String bid, String bidSize, String ask, String askSize, DenialReason reason) {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().setBidPrice(new BigDecimal(bid)).setBidSize(new BigDecimal(bidSize))
                .setAskPrice(new BigDecimal(ask)).setAskSize(new BigDecimal(askSize)).build());
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());

        QuoteDenial denial = denials.readValue();
        assertThat(denial.getReason()).isEqualTo(reason);
        assertThat(denial.getSanityFailure()).isFalse();
        assertThat(denial.getDetail()).startsWith("BTCJPY book #1 ").doesNotContain("null");
        assertThat(quotes.readValue().getBookSequence()).as("the next good update is quoted").isEqualTo(2);
    }

    @Test
    void unknownSymbolAndBadInstrumentAreTypedDenials() {
        start(config(Map.of()));
        instruments.pipeInput("ETHJPY", aBtcJpyInstrument().setSymbol("ETHJPY").setTickSize(BigDecimal.ZERO).build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());
        books.pipeInput("ETHJPY", aBtcJpyBook().setSymbol("ETHJPY").build());

        assertThat(denials.readValuesToList()).extracting(QuoteDenial::getReason)
                .containsExactly(DenialReason.NO_INSTRUMENT, DenialReason.BAD_INSTRUMENT);
        assertThat(quotes.isEmpty()).isTrue();
    }

    @Test
    void aTickTooCoarseForTheSpreadIsRefusedAndSaysByHowMuch() {
        start(config(Map.of()));
        // tick 0.5 on a mid of 100.25 is ~49.9 bp of mid: above quote.max.tick.bp=1
        instruments.pipeInput("LOWJPY", aBtcJpyInstrument().setSymbol("LOWJPY").setTickSize(new BigDecimal("0.5")).build());

        books.pipeInput("LOWJPY", aBtcJpyBook().setSymbol("LOWJPY").setBidPrice(new BigDecimal("100"))
                .setAskPrice(new BigDecimal("100.5")).build());

        QuoteDenial denial = denials.readValue();
        assertThat(denial.getReason()).isEqualTo(DenialReason.TICK_TOO_COARSE);
        assertThat(denial.getDetail()).startsWith("LOWJPY tick 0.5 is 49.875311720698 bp of mid 100.25, above quote.max.tick.bp=1 by 48.875311720698 bp");
    }

    @Test
    void aTickWhoseRoundingCanBreakTheQualityGoalIsFlaggedOncePerInstrumentVersion() {
        start(config(Map.of()));
        // tick 1 on a mid of 20000.5 is 0.5 bp: rounding can widen the spread by up to 1 bp (goal 0.1 bp)
        instruments.pipeInput("MIDJPY", aBtcJpyInstrument().setSymbol("MIDJPY").build());

        books.pipeInput("MIDJPY", aBtcJpyBook().setSymbol("MIDJPY").setBidPrice(new BigDecimal("20000"))
                .setAskPrice(new BigDecimal("20001")).build());
        books.pipeInput("MIDJPY", aBtcJpyBook().setSymbol("MIDJPY").setSequence(2).setBidPrice(new BigDecimal("20000"))
                .setAskPrice(new BigDecimal("20001")).build());
        instruments.pipeInput("MIDJPY", aBtcJpyInstrument().setSymbol("MIDJPY").setVersion(2).build());
        books.pipeInput("MIDJPY", aBtcJpyBook().setSymbol("MIDJPY").setSequence(3).setBidPrice(new BigDecimal("20000"))
                .setAskPrice(new BigDecimal("20001")).build());

        assertThat(quotes.readValuesToList()).hasSize(3);
        var flagged = alerts.readValuesToList();
        assertThat(flagged).hasSize(2).extracting(Alert::getKind).containsOnly("TICK_TOO_COARSE");
        assertThat(flagged.get(0).getMessage()).startsWith("MIDJPY tick 1 is 0.499987500312 bp of mid 20000.5:"
                + " rounding can widen the spread by up to 0.999975000624 bp, 0.899975000624 bp more than the err_bp goal of 0.1 bp");
    }

    @Test
    void aSignedSetParamChangesTheExtraSpreadAndIsRecordedAsTheControlVersion() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        control.pipeInput("*", signed(setParam("c-1", "extra_bps", "10")));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getCfgExtraBp()).isEqualByComparingTo("10");
        assertThat(quote.getCfgTotalBp()).isEqualByComparingTo("10");
        assertThat(quote.getProvenance().getControlVersion()).isEqualTo(1);
    }

    @Test
    void garbageOnTheGlobalTopicsIsQuarantinedFreezesOnlyItsSymbolAndKeepsTheLastGoodParams() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        instruments.pipeInput("ETHJPY", aBtcJpyInstrument().setSymbol("ETHJPY").build());
        control.pipeInput("*", signed(setParam("c-1", "extra_bps", "10")));
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        rawInstruments.pipeInput("ETHJPY", garbage);
        rawControl.pipeInput("*", garbage);
        books.pipeInput("BTCJPY", aBtcJpyBook().build());
        books.pipeInput("ETHJPY", aBtcJpyBook().setSymbol("ETHJPY").build());

        Quote btc = quotes.readValue();
        assertThat(btc.getSymbol()).isEqualTo("BTCJPY");
        assertThat(btc.getCfgExtraBp()).as("the params before the garbage still apply").isEqualByComparingTo("10");
        assertThat(quotes.isEmpty()).isTrue();
        assertThat(denials.readValue().getReason()).as("ETHJPY fails closed").isEqualTo(DenialReason.NO_INSTRUMENT);
        var quarantined = globalQuarantine.published();
        assertThat(quarantined).extracting(q -> q.header("mm.source.topic")).containsExactly("mm.ref.instruments", "mm.control");
        assertThat(quarantined).allSatisfy(q -> {
            assertThat(q.deadLetter().topic()).isEqualTo(TopicNames.DLQ);
            assertThat(q.deadLetter().value()).isEqualTo(garbage);
            assertThat(q.header("mm.error")).contains("magic byte");
            assertThat(q.header("mm.service")).isEqualTo("quoter-test");
            assertThat(q.alert().getKind()).isEqualTo("UNREADABLE_GLOBAL_RECORD");
            assertThat(q.alert().getSeverity()).isEqualTo(Severity.CRIT);
        });
        assertThat(quarantined.get(0).alert().getSymbol()).isEqualTo("ETHJPY");
        assertThat(quarantined.get(0).alert().getMessage()).contains("ETHJPY quotes nothing (NO_INSTRUMENT denials)");
        assertThat(quarantined.get(1).alert().getMessage()).contains("the quoter keeps its last good k_inv and extra_bps");

        instruments.pipeInput("ETHJPY", aBtcJpyInstrument().setSymbol("ETHJPY").setVersion(2).build());
        books.pipeInput("ETHJPY", aBtcJpyBook().setSymbol("ETHJPY").setSequence(2).build());
        assertThat(quotes.readValue().getSymbol()).as("a readable record brings the symbol back").isEqualTo("ETHJPY");
    }

    @Test
    void aReplayedSignedSetParamDoesNotSetTheSpreadBack() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        ControlCommand first = signed(setParam("c-1", "extra_bps", "10"));
        control.pipeInput("*", first);
        control.pipeInput("*", signed(setParam("c-2", "extra_bps", "2")));

        control.pipeInput("*", first); // re-published by anyone who may write mm.control: the signature is still valid
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getCfgExtraBp()).as("the later command stays in force").isEqualByComparingTo("2");
        assertThat(quote.getProvenance().getControlVersion()).isEqualTo(2);
    }

    @Test
    void unsignedForgedStaleOrOutOfRangeParamChangesAreIgnored() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        ControlCommand forged = signed(setParam("c-2", "extra_bps", "10"));
        forged.setValue(new BigDecimal("50"));

        control.pipeInput("*", setParam("c-1", "extra_bps", "10"));
        control.pipeInput("*", forged);
        control.pipeInput("*", signed(setParam("c-3", "k_inv", "0.9")));
        control.pipeInput("*", signed(setParam("c-4", "extra_bps", "5000")));
        ControlCommand stale = setParam("c-5", "extra_bps", "10");
        stale.setIssuedAt(stale.getIssuedAt().minusSeconds(180)); // signed 3 min before its record: outside the 120 s window
        control.pipeInput("*", signed(stale));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getCfgTotalBp()).isEqualByComparingTo("5");
        assertThat(quote.getKInv()).isEqualByComparingTo("0");
        assertThat(quote.getProvenance().getControlVersion()).isZero();
    }

    @Test
    void inventorySkewIsOffUntilASignedSetParamTurnsItOn() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        positions.pipeInput("BTCJPY", position(1, "0.003"));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        control.pipeInput("*", signed(setParam("c-1", "k_inv", "0.05")));
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());

        var both = quotes.readValuesToList();
        assertThat(both.get(0).getKInv()).isEqualByComparingTo("0");
        assertThat(both.get(0).getBid()).as("k_inv 0: the position moves nothing").isEqualByComparingTo("17154978");
        assertThat(both.get(1).getKInv()).isEqualByComparingTo("0.05");
        assertThat(both.get(1).getBid()).as("long, k_inv 0.05: the bid moves down").isLessThan(both.get(0).getBid());
    }

    @Test
    void withoutAPositionTheQuoteHasNoInventoryAndNoSkew() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        control.pipeInput("*", signed(setParam("c-1", "k_inv", "0.1")));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getInventory()).isNull();
        assertThat(quote.getProvenance().getPositionVersion()).isNull();
        assertThat(quote.getBid()).isEqualByComparingTo("17154978");
        assertThat(quote.getAsk()).isEqualByComparingTo("17163558");
    }

    @Test
    void aLongPositionSkewsBothSidesDownAShortOneUpAndBeyondTheCapTheSkewStaysFull() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        control.pipeInput("*", signed(setParam("c-1", "k_inv", "0.1")));

        // mid 17159268, 5 bp, tick 1, cap 100000 JPY: 0.003 BTC long is 51,478 JPY, inv 0.514778
        positions.pipeInput("BTCJPY", position(7, "0.003"));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());
        positions.pipeInput("BTCJPY", position(8, "-0.003"));
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());
        positions.pipeInput("BTCJPY", position(9, "0.01"));
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(3).build());

        List<Quote> three = quotes.readValuesToList();
        assertThat(three).extracting(Quote::getInventory).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.514778"), new BigDecimal("-0.514778"), BigDecimal.ONE);
        assertThat(three).extracting(q -> q.getProvenance().getPositionVersion()).containsExactly(7L, 8L, 9L);
        // bid_half = half (1 + k inv), ask_half = half (1 - k inv), exact, on both paths (the default path is BOTH)
        assertThat(three.get(0).getBid()).isEqualByComparingTo("17154757");
        assertThat(three.get(0).getAsk()).isEqualByComparingTo("17163337");
        assertThat(three.get(1).getBid()).isEqualByComparingTo("17155199");
        assertThat(three.get(1).getAsk()).isEqualByComparingTo("17163779");
        assertThat(three.get(2).getBid()).as("inv clamped to 1").isEqualByComparingTo("17154549");
        assertThat(three.get(2).getAsk()).isEqualByComparingTo("17163129");
        assertThat(three).extracting(Quote::getPath).containsOnly(io.mmguard.schemas.QuotePath.BOTH);
    }

    @Test
    void anUnreadablePositionRecordRemovesTheSymbolsSkewAndIsQuarantined() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        control.pipeInput("*", signed(setParam("c-1", "k_inv", "0.1")));
        positions.pipeInput("BTCJPY", position(1, "0.003"));
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(TopicNames.POSITIONS, new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput("BTCJPY", "not avro".getBytes(StandardCharsets.UTF_8));
        books.pipeInput("BTCJPY", aBtcJpyBook().build());

        Quote quote = quotes.readValue();
        assertThat(quote.getInventory()).as("fail safe: the unknown position skews nothing").isNull();
        assertThat(quote.getBid()).isEqualByComparingTo("17154978");
    }

    private static io.mmguard.schemas.Position position(long version, String netQty) {
        return io.mmguard.schemas.Position.newBuilder().setSymbol("BTCJPY").setVersion(version).setNetQty(new BigDecimal(netQty))
                .setMark(new BigDecimal("17159268")).setNetNotionalJpy(new BigDecimal(netQty).multiply(new BigDecimal("17159268")))
                .setCashJpy(BigDecimal.ZERO).setDailyPnlJpy(BigDecimal.ZERO).setReportId("r-" + version).setTs(Instant.parse("2026-11-25T00:00:00Z"))
                .setProvenance(io.mmguard.schemas.Provenance.newBuilder().setInputTopic(TopicNames.EXEC_REPORTS)
                        .setInputPartition(0).setInputOffset(version - 1).build())
                .build();
    }

    @Test
    void malformedBookRecordIsQuarantinedAndTheNextUpdateIsStillQuoted() {
        start(config(Map.of()));
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
    void aBookTombstoneIsQuarantinedWithAReasonAnOperatorCanActOn() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(TopicNames.DLQ, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());

        books.pipeInput("BTCJPY", (BookUpdate) null);
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());

        TestRecord<byte[], byte[]> quarantined = dlq.readRecord();
        assertThat(new String(quarantined.headers().lastHeader("mm.error").value(), StandardCharsets.UTF_8))
                .startsWith("book mm.md.book.sim-0@0 is a tombstone (key with a null value): a book topic carries updates,"
                        + " never deletes");
        assertThat(new String(quarantined.headers().lastHeader("mm.error.class").value(), StandardCharsets.UTF_8))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(denials.isEmpty()).isTrue();
        assertThat(quotes.readValue().getBookSequence()).isEqualTo(2);
    }

    @Test
    void aBookWithAnAbsurdlyLongSymbolIsQuarantinedBeforeAnyOutputRepeatsIt() {
        start(config(Map.of()));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(TopicNames.DLQ, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        String huge = "HUGE" + "X".repeat(600_000);

        books.pipeInput("HUGEJPY", aBtcJpyBook().setSymbol(huge).build());
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).build());

        TestRecord<byte[], byte[]> quarantined = dlq.readRecord();
        String error = new String(quarantined.headers().lastHeader("mm.error").value(), StandardCharsets.UTF_8);
        assertThat(error).contains("has a symbol of 600004 characters (starting 'HUGEXXXXXXXXXXXX'), more than 128");
        assertThat(error.length()).isLessThan(1_000);
        assertThat(new String(quarantined.key(), StandardCharsets.UTF_8)).isEqualTo("HUGEJPY");
        assertThat(denials.isEmpty()).isTrue();
        assertThat(quotes.readValue().getBookSequence()).isEqualTo(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void topologyMatchesTheGoldenDescription() {
        GoldenTopology.assertMatches(QuoterTopology.build(topics, config(Map.of())), "quoter-topology.txt");
    }

    private static ControlCommand setParam(String id, String param, String value) {
        return ControlCommand.newBuilder().setId(id).setType(ControlType.SET_PARAM).setScope(Scope.GLOBAL).setParam(param)
                .setValue(new BigDecimal(value)).setReason("test").setActor("tester")
                .setIssuedAt(Instant.parse("2026-11-25T00:00:00Z")).build();
    }

    private static ControlCommand signed(ControlCommand command) {
        command.setSignature(SIGNER.sign(command));
        return command;
    }

    @Test
    void everyQuoteIsMeasuredUnderTheSeedsMetricNames() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        start(QuoterTopology.build(topics, config(Map.of()), prometheus));
        instruments.pipeInput("BTCJPY", aBtcJpyInstrument().build());

        books.pipeInput("BTCJPY", aBtcJpyBook().build());
        books.pipeInput("BTCJPY", aBtcJpyBook().setSequence(2).setBidPrice(new BigDecimal("17159270")).build());

        String scrape = prometheus.scrape();
        assertThat(scrape).contains("mm_quote_err_bp_bucket{symbol=\"BTCJPY\",le=\"0.001\"} 1",
                "mm_quote_err_bp_bucket{symbol=\"BTCJPY\",le=\"0.1\"} 1", "mm_quote_err_bp_count{symbol=\"BTCJPY\"} 1", "mm_quote_cfg_bp{symbol=\"BTCJPY\"} 5.0",
                "mm_quotes_total{path=\"both\",symbol=\"BTCJPY\"} 1.0",
                "mm_quote_denials_total{reason=\"CROSSED_BOOK\",symbol=\"BTCJPY\"} 1.0");
    }
}
