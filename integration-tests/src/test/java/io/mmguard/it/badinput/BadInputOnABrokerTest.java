package io.mmguard.it.badinput;

import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static io.mmguard.core.testing.TestRecords.aProvenance;
import static io.mmguard.core.testing.TestRecords.aSaneQuote;
import static io.mmguard.it.badinput.Inputs.aCommand;
import static io.mmguard.it.badinput.Inputs.aFraction;
import static io.mmguard.it.badinput.Inputs.aFreshBook;
import static io.mmguard.it.badinput.Inputs.anInstrument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.it.badinput.Outputs.Got;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.ops.Main;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input table (issue 15, item 5) on a real broker: quoter, risk-gate and order-router running as their Streams
 * apps against the embedded KRaft broker, one shared set for every case; each case writes its bad record to one input
 * topic (or runs {@code bin/mm ctl}) as any producer could, then checks (a) the typed denial, quarantine or refusal, (b)
 * the alert where the product raises one, (c) that no state changed wrongly: the next good book of the case's own
 * symbol is still quoted, passed and routed once per side, and the router's control state (version, live, fraction) is
 * what it must be; and that nothing was lost: every record the case wrote has its dead letter, quote, denial, decision
 * or refusal. Book cases use a symbol of their own; control cases run in order (each compares the control state with
 * the one before it). Rows that cannot exist on the wire show the producer-side refusal instead.
 *
 * <p>The router starts killed (canary.mode=0) and stays killed, so every routed order is shadow; the risk-gate warms up
 * on one sample, its stale budget is 10 s and its silence check 10 min (this machine is slow; the cases' books are
 * fresh or hours off).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
class BadInputOnABrokerTest {

    private static final String KEY = "bad-input-it-key";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);
    private static final String QUOTER = "mmguard-quoter";
    private static final String RISK_GATE = "mmguard-risk-gate";
    private static final String ROUTER = "mmguard-order-router";
    private static final String NO_SUCH_SYMBOL = "NOSUCHJPY";
    /** Provenance topic of the quotes and denials a case writes itself (never a book's). */
    private static final String DIRECT = "it.direct";
    /** Symbols with reference data from the start: one per case that needs its own, plus BTCJPY. */
    private static final List<String> SYMBOLS = List.of("BTCJPY", "GARBAGEJPY", "EMPTYJPY", "TOMBJPY", "UNKNOWNIDJPY",
            "WRONGSCHEMAJPY", "NEGPRICEJPY", "ZEROPRICEJPY", "ZEROSIZEJPY", "NEGSIZEJPY", "CROSSEDJPY", "LOCKEDJPY", "DUPSEQJPY",
            "OUTOFORDERJPY", "FUTUREJPY", "PASTJPY", "TICKZEROJPY", "TICKNEGJPY", "INSTGARBAGEJPY", "QGARBAGEJPY", "ABSURDJPY",
            "DUPQUOTEJPY", "ZEROMIDJPY", "DGARBAGEJPY", "DUNKNOWNJPY", "RGARBAGEJPY", "EGARBAGEJPY", "FILLJPY", "DUPFILLJPY", "PARAMJPY",
            "HUGEJPY");

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final List<RunningService> services = new ArrayList<>();
    private EmbeddedKafka kafka;
    private Inputs in;
    private Outputs out;

    @TempDir
    static Path stateDir;

    @BeforeAll
    void startBrokerTopicsAndServices() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
        }
        in = new Inputs(kafka.bootstrapServers(), topics, ControlSigner.withKey(KEY));
        for (String symbol : SYMBOLS) {
            in.instrument(symbol, anInstrument(symbol, 1));
        }
        start(QuoterService.DEFINITION, Map.of());
        start(RiskGateService.DEFINITION, Map.of("risk.warmup.samples", "1", "risk.stale.ms", "10000",
                "risk.silence.ms", "600000"));
        start(OrderRouterService.DEFINITION, Map.of("risk.stale.ms", "60000"));
        out = new Outputs(kafka.bootstrapServers(), topics);
        out.await(WAIT, "all three services RUNNING and the router's control state v0 published",
                () -> Optional.of(true).filter(ok -> services.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)
                        && latestState().isPresent()),
                () -> services.stream().map(s -> s.name() + "=" + s.state()).toList().toString());
        warmUp("BTCJPY");
    }

    @AfterEach
    void everyServiceStillRuns() {
        assertThat(services).as("every service RUNNING after the case").allSatisfy(s ->
                assertThat(s.state()).as(s.name()).isEqualTo(KafkaStreams.State.RUNNING));
    }

    @AfterAll
    void stopEverything() {
        services.forEach(RunningService::close);
        if (out != null) {
            out.close();
        }
        if (in != null) {
            in.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    // ---- mm.md.book.sim (quoter): bytes that are no book ----------------------------------------------------------------

    @Test
    @Order(10)
    void bookBytesThatAreNotAvroAreQuarantinedByTheQuoter() {
        Got<byte[]> letter = quarantinedBookCase("GARBAGEJPY", GARBAGE);
        assertThat(letter.header("mm.error")).contains("expected magic byte 0x00");
    }

    @Test
    @Order(11)
    void anEmptyBookValueIsQuarantinedByTheQuoter() {
        Got<byte[]> letter = quarantinedBookCase("EMPTYJPY", new byte[0]);
        assertThat(letter.header("mm.error")).contains("it is empty (0 bytes)");
    }

    @Test
    @Order(12)
    void aBookTombstoneIsQuarantinedByTheQuoter() {
        Got<byte[]> letter = quarantinedBookCase("TOMBJPY", null);
        assertThat(letter.header("mm.stage")).isEqualTo("process@make-quote");
        assertThat(letter.header("mm.error.class")).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(letter.header("mm.error")).contains("is a tombstone (key with a null value)", "never deletes");
    }

    @Test
    @Order(13)
    void aBookWithAnUnknownSchemaIdIsQuarantinedByTheQuoter() {
        byte[] body = in.bookBytes(aFreshBook("UNKNOWNIDJPY", 2, b -> b));
        Got<byte[]> letter = quarantinedBookCase("UNKNOWNIDJPY", Inputs.wireFormat(999_999,
                java.util.Arrays.copyOfRange(body, 5, body.length)));
        assertThat(letter.header("mm.error")).contains("schema id 999999", "which the registry does not know");
    }

    @Test
    @Order(14)
    void aBookWrittenWithAnotherRecordsSchemaIdIsQuarantinedByTheQuoter() {
        // an Instrument in wire format (its own, known schema id) on the book topic; a fresh registry, so nothing is refused
        byte[] instrument = Topics.create(SchemaRegistries.fromUrl("")).instruments().valueSerde().serializer()
                .serialize(Inputs.BOOKS, anInstrument("WRONGSCHEMAJPY", 1));
        Got<byte[]> letter = quarantinedBookCase("WRONGSCHEMAJPY", instrument);
        assertThat(letter.header("mm.error")).contains("(io.mmguard.schemas.Instrument) cannot be read as io.mmguard.schemas.BookUpdate");
    }

    // ---- mm.md.book.sim (quoter): books the quoter denies -----------------------------------------------------------------

    @Test
    @Order(20)
    void aNegativeBidPriceIsDeniedNonPositivePriceAndFrozenBadBook() {
        deniedBookCase("NEGPRICEJPY", b -> b.setBidPrice(new BigDecimal("-17159267")), DenialReason.NON_POSITIVE_PRICE,
                DecisionReason.BAD_BOOK, "non-positive price");
    }

    @Test
    @Order(21)
    void aZeroAskPriceIsDeniedNonPositivePriceAndFrozenBadBook() {
        deniedBookCase("ZEROPRICEJPY", b -> b.setAskPrice(BigDecimal.ZERO), DenialReason.NON_POSITIVE_PRICE,
                DecisionReason.BAD_BOOK, "ask 0");
    }

    @Test
    @Order(22)
    void aZeroBidSizeIsDeniedNonPositiveSizeAndFrozenBadBook() {
        deniedBookCase("ZEROSIZEJPY", b -> b.setBidSize(BigDecimal.ZERO), DenialReason.NON_POSITIVE_SIZE,
                DecisionReason.BAD_BOOK, "bid size 0");
    }

    @Test
    @Order(23)
    void aNegativeAskSizeIsDeniedNonPositiveSizeAndFrozenBadBook() {
        deniedBookCase("NEGSIZEJPY", b -> b.setAskSize(new BigDecimal("-0.25")), DenialReason.NON_POSITIVE_SIZE,
                DecisionReason.BAD_BOOK, "ask size -0.25");
    }

    @Test
    @Order(24)
    void aCrossedBookIsDeniedAndFrozenBadBook() {
        deniedBookCase("CROSSEDJPY", b -> b.setBidPrice(new BigDecimal("17159270")), DenialReason.CROSSED_BOOK,
                DecisionReason.BAD_BOOK, "is crossed");
    }

    @Test
    @Order(25)
    void aLockedBookIsDeniedAndFrozenBadBook() {
        deniedBookCase("LOCKEDJPY", b -> b.setBidPrice(new BigDecimal("17159269")), DenialReason.LOCKED_BOOK,
                DecisionReason.BAD_BOOK, "is locked");
    }

    @Test
    @Order(26)
    void aBookForAnUnknownSymbolIsDeniedNoInstrumentAndFrozen() {
        RecordMetadata bad = in.book(NO_SUCH_SYMBOL, 1, b -> b);

        Got<QuoteDenial> denial = denialOf(bad);
        assertThat(denial.value().getReason()).isEqualTo(DenialReason.NO_INSTRUMENT);
        RiskDecision decision = decisionOf(denial.value().getDenialId());
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.NO_INSTRUMENT);
        awaitAlert("NO_INSTRUMENT", NO_SUCH_SYMBOL, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(denial.value().getDenialId());
        assertNoOrdersFor(decision.getDecisionId());
        // no state changed: a known symbol's next book is still quoted and passed
        quotedPassedAndRoutedOncePerSide("BTCJPY", in.book("BTCJPY", 2, b -> b), true);
    }

    // ---- mm.md.book.sim (quoter): sequence numbers and timestamps --------------------------------------------------------

    @Test
    @Order(30)
    void aDuplicatedSequenceNumberIsFrozenOutOfSequenceWithoutAnOrder() {
        String symbol = "DUPSEQJPY";
        warmUp(symbol);
        RecordMetadata first = in.book(symbol, 2, b -> b);
        RecordMetadata again = in.book(symbol, 2, b -> b);

        quotedPassedAndRoutedOncePerSide(symbol, first, true);
        RiskDecision repeat = decisionOf(quoteOf(again).value().getQuoteId());
        assertThat(repeat.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(repeat.getReason()).isEqualTo(DecisionReason.OUT_OF_SEQUENCE);
        assertThat(repeat.getDetail()).startsWith("book sequence 2 of sim was already judged");
        assertThat(awaitAlert("OUT_OF_SEQUENCE", symbol, a -> true).getSeverity()).isEqualTo(Severity.WARN);
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 3, b -> b), true);
        // the router has routed the later book, so it has read the repeat's decision before it
        assertThat(newOrdersFor(repeat.getDecisionId())).as("no order from the repeat").isEmpty();
    }

    @Test
    @Order(31)
    void anOutOfOrderSequenceNumberIsFrozenOutOfSequenceWithoutAnOrder() {
        String symbol = "OUTOFORDERJPY";
        warmUp(symbol);
        RecordMetadata newer = in.book(symbol, 5, b -> b);
        RecordMetadata older = in.book(symbol, 4, b -> b);

        quotedPassedAndRoutedOncePerSide(symbol, newer, true);
        RiskDecision late = decisionOf(quoteOf(older).value().getQuoteId());
        assertThat(late.getReason()).isEqualTo(DecisionReason.OUT_OF_SEQUENCE);
        assertThat(late.getDetail()).startsWith("book sequence 4 of sim is older than 5, already judged");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 6, b -> b), true);
        assertThat(newOrdersFor(late.getDecisionId())).as("no order from the older book").isEmpty();
    }

    @Test
    @Order(32)
    void aBookStampedAnHourInTheFutureIsQuotedThenRejectedBadQuoteWithoutKill() {
        String symbol = "FUTUREJPY";
        warmUp(symbol);
        Instant future = Instant.now().plus(Duration.ofHours(1));
        RecordMetadata bad = in.book(symbol, 2, b -> b.setExchangeTs(future).setReceiveTs(future));

        Got<Quote> quote = quoteOf(bad);
        RiskDecision decision = decisionOf(quote.value().getQuoteId());
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.BAD_QUOTE);
        assertThat(decision.getDetail()).contains("after the record time", "risk.future.skew.ms=1000");
        awaitAlert("BAD_QUOTE", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(quote.value().getQuoteId());
        assertNoOrdersFor(decision.getDecisionId());
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 3, b -> b), true);
    }

    @Test
    @Order(33)
    void aBookStampedAnHourInThePastIsQuotedThenFrozenStaleBook() {
        String symbol = "PASTJPY";
        warmUp(symbol);
        Instant past = Instant.now().minus(Duration.ofHours(1));
        RecordMetadata bad = in.book(symbol, 2, b -> b.setExchangeTs(past).setReceiveTs(past));

        Got<Quote> quote = quoteOf(bad);
        RiskDecision decision = decisionOf(quote.value().getQuoteId());
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.STALE_BOOK);
        assertThat(decision.getDetail()).contains("> risk.stale.ms=10000");
        awaitAlert("STALE_BOOK", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(quote.value().getQuoteId());
        assertNoOrdersFor(decision.getDecisionId());
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 3, b -> b), true);
    }

    // ---- values that cannot exist on the wire: the producer side refuses them ------------------------------------------

    @Test
    @Order(40)
    void aNanPriceCannotBeBuiltSoItNeverReachesTheWire() {
        assertThatThrownBy(() -> new BigDecimal("NaN")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.NaN)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    @Order(41)
    void anInfinitePriceOrSizeCannotBeBuiltSoItNeverReachesTheWire() {
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.POSITIVE_INFINITY)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.NEGATIVE_INFINITY)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> new BigDecimal("Infinity")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    @Order(42)
    void aPriceWithMorePlacesThanTheWireHoldsIsRefusedByTheSerializer() {
        BookUpdate tooPrecise = aFreshBook("BTCJPY", 99, b -> b.setBidPrice(new BigDecimal("17159267.0000000000001")));
        assertThatThrownBy(() -> in.bookBytes(tooPrecise)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("bid_price").hasMessageContaining("refusing to round it");
    }

    @Test
    @Order(43)
    void aRecordLargerThanTheProducerLimitIsRefusedBeforeTheBroker() {
        long end = out.endOffset(Inputs.BOOKS);
        assertThatThrownBy(() -> in.raw(Inputs.BOOKS, "BTCJPY", new byte[2 * 1024 * 1024]))
                .hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(out.endOffset(Inputs.BOOKS)).isEqualTo(end);
    }

    @Test
    @Order(44)
    void aBookWhoseDenialWouldExceedTheRecordLimitIsQuarantinedAndTheQuoterKeepsRunning() {
        // 600,000 characters of symbol: the book (about 600 KB) fits Kafka's 1 MB default, its NO_INSTRUMENT denial (the
        // symbol twice, in the field and in the detail) does not
        String huge = "HUGE" + "X".repeat(600_000);
        RecordMetadata bad = in.raw(Inputs.BOOKS, "HUGEJPY", in.bookBytes(aFreshBook(huge, 1, b -> b)));
        RecordMetadata good = in.book("HUGEJPY", 2, b -> b);

        Got<byte[]> letter = deadLetterOf(bad, QUOTER);
        assertThat(letter.header("mm.error")).contains("has a symbol of 600004 characters", "more than 128");
        assertThat(denialIfAny(bad)).isEmpty();
        Got<Quote> quote = quoteOf(good);
        assertThat(decisionOf(quote.value().getQuoteId()).getReason()).isEqualTo(DecisionReason.WARMING_UP);
    }

    // ---- mm.ref.instruments (every service) -----------------------------------------------------------------------------

    @Test
    @Order(50)
    void anInstrumentWithTickZeroFreezesItsSymbolUntilAReadableOneReplacesIt() {
        badTickCase("TICKZEROJPY", BigDecimal.ZERO);
    }

    @Test
    @Order(51)
    void anInstrumentWithANegativeTickFreezesItsSymbolUntilAReadableOneReplacesIt() {
        badTickCase("TICKNEGJPY", new BigDecimal("-1"));
    }

    @Test
    @Order(52)
    void anUnreadableInstrumentIsQuarantinedByEveryServiceAndItsSymbolQuotesNothing() {
        String symbol = "INSTGARBAGEJPY";
        RecordMetadata bad = in.raw(TopicNames.INSTRUMENTS, symbol, GARBAGE);

        List<Got<byte[]>> letters = out.await(WAIT, "a dead letter from every service", () -> Optional.of(lettersOf(bad))
                .filter(l -> l.size() == 3), () -> lettersOf(bad).toString());
        assertThat(letters).extracting(l -> l.header("mm.service")).containsExactlyInAnyOrder(QUOTER, RISK_GATE, ROUTER);
        assertThat(letters).allSatisfy(l -> assertThat(l.key()).isEqualTo(symbol));
        awaitAlerts(3, "UNREADABLE_GLOBAL_RECORD", symbol, a -> Long.toString(bad.offset()).equals(a.getDetails().get("offset")));
        // the symbol is forgotten (fail closed): its next book is denied NO_INSTRUMENT; another symbol still quotes
        Got<QuoteDenial> denial = feedUntil(symbol + " denied NO_INSTRUMENT", symbol, new long[] {10},
                () -> denialsOf(symbol, DenialReason.NO_INSTRUMENT).stream().findFirst());
        assertThat(decisionOf(denial.value().getDenialId()).getReason()).isEqualTo(DecisionReason.NO_INSTRUMENT);
        quotedPassedAndRoutedOncePerSide("BTCJPY", in.book("BTCJPY", 3, b -> b), true);
    }

    @Test
    @Order(53)
    void anInstrumentWithoutAKeyIsRefusedByTheBrokerSoNoServiceEverReadsIt() {
        // mm.ref.instruments is compacted, so the broker itself refuses a record without a key: it never reaches a service
        // (FailClosedTable would refuse one too, with a dead letter and an alert, on a topic provisioned otherwise)
        assertThatThrownBy(() -> in.instrument(null, anInstrument("BTCJPY", 99)))
                .hasRootCauseInstanceOf(org.apache.kafka.common.InvalidRecordException.class)
                .rootCause().hasMessageContaining("Compacted topic cannot accept message without key");
        RecordMetadata book = in.book("BTCJPY", 4, b -> b);
        quotedPassedAndRoutedOncePerSide("BTCJPY", book, true);
        assertThat(quoteOf(book).value().getProvenance().getInstrumentVersion()).isEqualTo(1L);
    }

    @Test
    @Order(54)
    void anUnreadablePositionIsQuarantinedByTheQuoterWhichQuotesThatSymbolWithoutSkew() {
        // mm.positions is the quoter's global input (the router writes it, nobody else reads it as a store)
        RecordMetadata bad = in.raw(TopicNames.POSITIONS, "BTCJPY", GARBAGE);

        List<Got<byte[]>> letters = out.await(WAIT, "a dead letter from the quoter", () -> Optional.of(lettersOf(bad))
                .filter(l -> l.size() == 1), () -> lettersOf(bad).toString());
        assertThat(letters).extracting(l -> l.header("mm.service")).containsExactly(QUOTER);
        awaitAlerts(1, "UNREADABLE_GLOBAL_RECORD", "BTCJPY", a -> Long.toString(bad.offset()).equals(a.getDetails().get("offset")));
        // fail safe: the symbol's position is unknown, so its quotes carry no inventory and no skew; trading goes on
        RecordMetadata book = in.book("BTCJPY", 5, b -> b);
        quotedPassedAndRoutedOncePerSide("BTCJPY", book, true);
        assertThat(quoteOf(book).value().getInventory()).isNull();
        assertThat(quoteOf(book).value().getProvenance().getPositionVersion()).isNull();
    }

    // ---- mm.quotes and mm.quotes.denied (risk-gate) ---------------------------------------------------------------------

    @Test
    @Order(60)
    void quoteBytesThatAreNotAvroAreQuarantinedByTheRiskGate() {
        String symbol = "QGARBAGEJPY";
        warmUp(symbol);
        RecordMetadata bad = in.raw(TopicNames.QUOTES, symbol, GARBAGE);

        Got<byte[]> letter = deadLetterOf(bad, RISK_GATE);
        assertThat(letter.header("mm.error")).contains("expected magic byte 0x00");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(61)
    void aQuoteAtAbsurdBpsIsRejectedAndFiresTheKillSequence() {
        String symbol = "ABSURDJPY";
        ControlState before = settledState();
        String quoteId = "q-it-absurd";
        // the seed's incident: ask at mid x 1.5 with 5 bp configured (about 5,000 bp implied)
        RecordMetadata bad = quote(symbol, aSaneQuote().setQuoteId(quoteId).setAsk(new BigDecimal("25738901")));

        RiskDecision decision = decisionOf(quoteId);
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.IMPLIED_BP_TOO_WIDE);
        assertThat(decision.getProvenance().getInputOffset()).isEqualTo(bad.offset());
        List<ControlCommand> kill = out.await(WAIT, "DISABLE_LIVE then CANCEL_ALL from the risk-gate", () -> Optional.of(
                out.of(TopicNames.CONTROL, ControlCommand.class).stream().map(Got::value)
                        .filter(c -> c.getId().endsWith(quoteId)).toList()).filter(c -> c.size() == 2), () -> "no kill yet");
        assertThat(kill).extracting(ControlCommand::getType).containsExactly(ControlType.DISABLE_LIVE, ControlType.CANCEL_ALL);
        assertThat(kill).extracting(ControlCommand::getActor).containsOnly("risk-gate");
        Alert sanity = awaitAlert("QUOTE_SANITY_FAIL", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertThat(sanity.getSeverity()).isEqualTo(Severity.CRIT);
        // the router folds both: two versions, still killed, fraction as it was; it alerts the kill
        ControlState after = awaitVersion(before.getVersion() + 2);
        assertThat(after.getVersion()).isEqualTo(2);
        assertThat(after.getLiveEnabled()).isFalse();
        assertThat(after.getFraction()).isEqualByComparingTo(before.getFraction());
        awaitAlert("KILL_SWITCH", null, a -> Long.toString(before.getVersion() + 1).equals(a.getDetails().get("control_version")));
        assertNoOrdersFor(decision.getDecisionId());
    }

    @Test
    @Order(62)
    void aDuplicatedQuoteIdIsRejectedDuplicateQuoteWithoutKill() {
        String symbol = "DUPQUOTEJPY";
        String quoteId = "q-it-twice";
        quote(symbol, aSaneQuote().setQuoteId(quoteId));
        RecordMetadata again = quote(symbol, aSaneQuote().setQuoteId(quoteId));

        List<RiskDecision> decided = out.await(WAIT, "both copies decided", () -> Optional.of(decisionsFor(quoteId))
                .filter(d -> d.size() == 2), () -> decisionsFor(quoteId).toString());
        assertThat(decided).extracting(RiskDecision::getReason).containsExactly(DecisionReason.WARMING_UP,
                DecisionReason.DUPLICATE_QUOTE);
        RiskDecision duplicate = decided.get(1);
        assertThat(duplicate.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(duplicate.getProvenance().getInputOffset()).isEqualTo(again.offset());
        awaitAlert("DUPLICATE_QUOTE", symbol, a -> duplicate.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(quoteId);
        assertNoOrdersFor(duplicate.getDecisionId());
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(63)
    void aQuoteWithAZeroMidIsRejectedBadQuoteWithoutKill() {
        String symbol = "ZEROMIDJPY";
        warmUp(symbol);
        String quoteId = "q-it-zero-mid";
        quote(symbol, aSaneQuote().setQuoteId(quoteId).setMid(BigDecimal.ZERO));

        RiskDecision decision = decisionOf(quoteId);
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.BAD_QUOTE);
        assertThat(decision.getDetail()).contains("mid must be > 0, got 0");
        awaitAlert("BAD_QUOTE", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(quoteId);
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(64)
    void denialBytesThatAreNotAvroAreQuarantinedByTheRiskGate() {
        String symbol = "DGARBAGEJPY";
        warmUp(symbol);
        RecordMetadata bad = in.raw(TopicNames.QUOTES_DENIED, symbol, GARBAGE);

        assertThat(deadLetterOf(bad, RISK_GATE).header("mm.error")).contains("expected magic byte 0x00");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(65)
    void aDenialWithAReasonThisBuildDoesNotKnowIsFrozenUnknownWithoutKill() {
        String symbol = "DUNKNOWNJPY";
        warmUp(symbol);
        Instant now = Instant.now();
        QuoteDenial denial = QuoteDenial.newBuilder().setDenialId("qd-it-unknown").setSymbol(symbol).setVenue("sim")
                .setBookSequence(2).setBookTs(now).setReason(DenialReason.UNKNOWN).setDetail("a reason from a newer quoter")
                .setSanityFailure(false).setPath(QuotePath.BOTH).setProvenance(aProvenance(DIRECT).build()).build();
        in.raw(TopicNames.QUOTES_DENIED, symbol, topics.quotesDenied().valueSerde().serializer()
                .serialize(TopicNames.QUOTES_DENIED, denial));

        RiskDecision decision = decisionOf("qd-it-unknown");
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.UNKNOWN);
        awaitAlert("UNKNOWN_DENIAL", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor("qd-it-unknown");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 3, b -> b), true);
    }

    // ---- mm.risk.decisions and mm.exec.reports (order-router) -----------------------------------------------------------

    @Test
    @Order(70)
    void decisionBytesThatAreNotAvroAreQuarantinedByTheRouter() {
        String symbol = "RGARBAGEJPY";
        warmUp(symbol);
        RecordMetadata bad = in.raw(TopicNames.DECISIONS, symbol, GARBAGE);

        assertThat(deadLetterOf(bad, ROUTER).header("mm.error")).contains("expected magic byte 0x00");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(71)
    void aPassForASymbolWithoutReferenceDataIsDeniedNoInstrumentOnBothSides() {
        Instant now = Instant.now();
        RiskDecision pass = aPassDecision().setDecisionId("d-it-no-instrument").setQuoteId("q-it-no-instrument")
                .setSymbol(NO_SUCH_SYMBOL).setTs(now).setBookTs(now).build();
        in.raw(TopicNames.DECISIONS, NO_SUCH_SYMBOL, topics.decisions().valueSerde().serializer().serialize(TopicNames.DECISIONS, pass));

        List<OrderDenial> denials = out.await(WAIT, "an order denial per side", () -> Optional.of(orderDenialsFor(pass.getDecisionId()))
                .filter(d -> d.size() == 2), () -> orderDenialsFor(pass.getDecisionId()).toString());
        assertThat(denials).extracting(OrderDenial::getReason).containsOnly(OrderDenialReason.NO_INSTRUMENT);
        assertThat(denials).extracting(OrderDenial::getSide).containsExactlyInAnyOrder(Side.BUY, Side.SELL);
        assertThat(newOrdersFor(pass.getDecisionId())).isEmpty();
    }

    @Test
    @Order(72)
    void execReportBytesThatAreNotAvroAreQuarantinedByTheRouter() {
        String symbol = "EGARBAGEJPY";
        warmUp(symbol);
        RecordMetadata bad = in.raw(TopicNames.EXEC_REPORTS, symbol, GARBAGE);

        assertThat(deadLetterOf(bad, ROUTER).header("mm.error")).contains("expected magic byte 0x00");
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 2, b -> b), true);
    }

    @Test
    @Order(73)
    void aFillWithoutQuantityIsAlertedCrit() {
        String symbol = "FILLJPY";
        Instant now = Instant.now();
        ExecutionReport fill = ExecutionReport.newBuilder().setReportId("r-it-no-qty").setOrderId("o-it-unknown").setSymbol(symbol)
                .setSide(Side.BUY).setExecType(ExecType.FILL).setLastQty(null).setLastPrice(new BigDecimal("17159268"))
                .setRequestTs(now).setTs(now).build();
        in.raw(TopicNames.EXEC_REPORTS, symbol, topics.execReports().valueSerde().serializer().serialize(TopicNames.EXEC_REPORTS, fill));

        Alert alert = awaitAlert("FILL_UNREADABLE", symbol, a -> a.getMessage().contains("r-it-no-qty"));
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRIT);
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 1, b -> b), false);
    }

    @Test
    @Order(74)
    void aFillReportDeliveredTwiceIsAppliedOnceAndTheRepeatIsAlerted() {
        String symbol = "DUPFILLJPY";
        Instant now = Instant.now();
        ExecutionReport fill = ExecutionReport.newBuilder().setReportId("r-it-twice").setOrderId("o-it-external").setSymbol(symbol)
                .setSide(Side.BUY).setExecType(ExecType.FILL).setLastQty(new BigDecimal("0.001"))
                .setLastPrice(new BigDecimal("17159268")).setCumQty(new BigDecimal("0.001")).setRequestTs(now).setTs(now).build();
        byte[] bytes = topics.execReports().valueSerde().serializer().serialize(TopicNames.EXEC_REPORTS, fill);
        in.raw(TopicNames.EXEC_REPORTS, symbol, bytes);
        in.raw(TopicNames.EXEC_REPORTS, symbol, bytes);

        // the position itself is task state (LimitsTest.aFillReportDeliveredTwiceMovesThePositionOnceAndIsAlerted shows it
        // moves once); on the broker: the repeat is alerted, once, and nothing else is said about the report
        Alert repeat = awaitAlert("DUPLICATE_FILL", symbol, a -> a.getMessage().contains("fill r-it-twice"));
        assertThat(repeat.getSeverity()).isEqualTo(Severity.WARN);
        assertThat(repeat.getMessage()).contains("was already applied: the repeated report moves no position");
        assertThat(alerts("FILL_UNREADABLE", symbol, a -> true)).isEmpty();
        quotedPassedAndRoutedOncePerSide(symbol, in.book(symbol, 1, b -> b), false);
        assertThat(alerts("DUPLICATE_FILL", symbol, a -> true)).hasSize(1);
    }

    // ---- mm.control (every service) and bin/mm ctl ----------------------------------------------------------------------

    @Test
    @Order(80)
    void unreadableControlBytesKillFailClosedAndAreQuarantinedByEveryService() {
        ControlState before = settledState();
        RecordMetadata bad = in.raw(TopicNames.CONTROL, Topics.GLOBAL_KEY, GARBAGE);

        List<Got<byte[]>> letters = out.await(WAIT, "a dead letter from every service", () -> Optional.of(lettersOf(bad))
                .filter(l -> l.size() == 3), () -> lettersOf(bad).toString());
        assertThat(letters).extracting(l -> l.header("mm.service")).containsExactlyInAnyOrder(QUOTER, RISK_GATE, ROUTER);
        awaitAlerts(3, "UNREADABLE_GLOBAL_RECORD", Topics.GLOBAL_KEY,
                a -> Long.toString(bad.offset()).equals(a.getDetails().get("offset")));
        ControlState after = awaitVersion(before.getVersion() + 1);
        assertThat(after.getVersion()).isEqualTo(3);
        assertThat(after.getLiveEnabled()).isFalse();
        assertThat(after.getLastActor()).isEqualTo(ROUTER.substring("mmguard-".length()));
        assertThat(after.getLastCommandType()).isEqualTo(ControlType.DISABLE_LIVE);
        assertThat(after.getLastReason()).contains("unreadable control record at mm.control offset " + bad.offset());
        assertThat(after.getFraction()).isEqualByComparingTo(before.getFraction());
    }

    @Test
    @Order(81)
    void aCommandOfAnUnknownTypeIsRefusedWithAnAlertAndChangesNothing() {
        Alert refusal = refusedCase(in.signed(aCommand(ControlType.UNKNOWN).build()));
        assertThat(refusal.getDetails().get("outcome")).contains("unknown command type");
        assertThat(refusal.getSeverity()).isEqualTo(Severity.WARN);
    }

    @Test
    @Order(82)
    void aReplayedCommandIdHasNoSecondEffect() {
        ControlState before = settledState();
        ControlCommand raise = in.signed(aFraction("0.02").build());
        in.control(raise);
        ControlState applied = awaitVersion(before.getVersion() + 1);
        assertThat(applied.getVersion()).isEqualTo(4);
        assertThat(applied.getFraction()).isEqualByComparingTo("0.02");

        Alert refusal = refusedCase(raise);
        assertThat(refusal.getDetails().get("outcome")).contains("was already applied (a replay has no second effect)");
        assertThat(settledState().getFraction()).isEqualByComparingTo("0.02");
    }

    @Test
    @Order(83)
    void anUnsignedEnableIsRefusedAndLiveStaysOff() {
        Alert refusal = refusedCase(aCommand(ControlType.ENABLE_LIVE).build());
        assertThat(refusal.getDetails().get("outcome")).contains("raises risk and is not signed");
        assertThat(refusal.getSeverity()).isEqualTo(Severity.WARN);
    }

    @Test
    @Order(84)
    void anEnableSignedWithAnotherKeyIsRefusedCrit() {
        ControlCommand forged = aCommand(ControlType.ENABLE_LIVE).build();
        forged.setSignature(ControlSigner.withKey("not the key").sign(forged));
        Alert refusal = refusedCase(forged);
        assertThat(refusal.getDetails().get("outcome")).contains("does not verify");
        assertThat(refusal.getSeverity()).isEqualTo(Severity.CRIT);
    }

    @Test
    @Order(85)
    void aSignedCommandReplayedWithANewIdIsRefusedCrit() {
        ControlCommand signed = in.signed(aFraction("0.03").build());
        ControlCommand renamed = ControlCommand.newBuilder(signed).setId("it-replayed-" + signed.getId()).build();
        Alert refusal = refusedCase(renamed);
        assertThat(refusal.getDetails().get("outcome")).contains("does not verify");
        assertThat(refusal.getSeverity()).isEqualTo(Severity.CRIT);
    }

    @Test
    @Order(86)
    void aSignedSymbolEnableRewrittenToAnotherScopeIsRefusedCrit() {
        ControlCommand forSymbol = in.signed(aCommand(ControlType.ENABLE_LIVE).setScope(Scope.SYMBOL).setSymbol("BTCJPY").build());
        ControlCommand global = ControlCommand.newBuilder(forSymbol).setScope(Scope.GLOBAL).setSymbol(null).build();
        Alert refusal = refusedCase(global);
        assertThat(refusal.getDetails().get("outcome")).contains("does not verify");
        ControlCommand otherSymbol = ControlCommand.newBuilder(forSymbol).setSymbol("ETHJPY").build();
        assertThat(refusedCase(otherSymbol).getDetails().get("outcome")).contains("does not verify");
    }

    @Test
    @Order(87)
    void aSignedCommandIssuedYearsAgoIsRefusedAsOutsideItsWindow() {
        Alert refusal = refusedCase(in.signed(aFraction("0.04").setIssuedAt(Instant.parse("2020-01-01T00:00:00Z")).build()));
        assertThat(refusal.getDetails().get("outcome")).contains("SET_FRACTION 0.04 is signed but refused: it was issued at"
                + " 2020-01-01T00:00:00Z").contains("before its mm.control record").contains("control.max.age.ms=120000");
        assertThat(refusal.getSeverity()).isEqualTo(Severity.WARN);
    }

    @Test
    @Order(88)
    void aSignedCommandDatedYearsAheadIsRefusedAsOutsideItsWindow() {
        Alert refusal = refusedCase(in.signed(aFraction("0.05").setIssuedAt(Instant.parse("2036-01-01T00:00:00Z")).build()));
        assertThat(refusal.getDetails().get("outcome")).contains("is signed but refused: it is dated 2036-01-01T00:00:00Z")
                .contains("control.future.skew.ms=30000");
    }

    @Test
    @Order(89)
    void ctlSetFractionFiveIsRefusedByTheCliBeforeAnythingIsSent() {
        ControlState before = settledState();
        long end = out.endOffset(TopicNames.CONTROL);

        CliRun run = mm("ctl", "--bootstrap", kafka.bootstrapServers(), "set-fraction", "5");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("mm ctl: refused: set-fraction 5: fraction 5 is out of range [0, 1]: it is a"
                + " fraction of one, so 0.05 is 5% and 1 is 100%; refused, not clamped");
        assertThat(run.out()).doesNotContain("sent SET_FRACTION");
        assertThat(out.endOffset(TopicNames.CONTROL)).isEqualTo(end);
        assertThat(settledState().getVersion()).isEqualTo(before.getVersion());
    }

    @Test
    @Order(90)
    void aSignedFractionOfFiveOnTheWireIsRefusedNotClamped() {
        Alert refusal = refusedCase(in.signed(aFraction("5").build()));
        assertThat(refusal.getDetails().get("outcome")).contains("fraction 5 is out of range [0, 1]", "refused, not clamped");
        assertThat(settledState().getFraction()).as("the last accepted fraction").isEqualByComparingTo("0.02");
    }

    @Test
    @Order(91)
    void aSignedExtraBpsOfFiveThousandIsRefusedByTheRouterAndIgnoredByTheQuoter() {
        Alert refusal = refusedCase(in.signed(aCommand(ControlType.SET_PARAM).setParam("extra_bps")
                .setValue(new BigDecimal("5000")).build()));
        assertThat(refusal.getDetails().get("outcome")).contains("extra_bps 5000 is out of range [0, 1000]");

        // the quoter folds mm.control in order: once a later, valid extra_bps 6 for PARAMJPY shows on its quotes, the 5000
        // before it has been read, and any other symbol still quotes at the configured 5 bp
        ControlState before = settledState();
        in.control(in.signed(aCommand(ControlType.SET_PARAM).setScope(Scope.SYMBOL).setSymbol("PARAMJPY").setParam("extra_bps")
                .setValue(new BigDecimal("6")).build()));
        awaitVersion(before.getVersion() + 1);
        feedUntil("a PARAMJPY quote at extra_bps 6", "PARAMJPY", new long[] {0}, () -> quotesOf("PARAMJPY").stream()
                .filter(q -> q.value().getCfgExtraBp().compareTo(new BigDecimal("6")) == 0).findFirst());
        Quote other = quoteOf(in.book("BTCJPY", 6, b -> b)).value();
        assertThat(other.getCfgExtraBp()).isEqualByComparingTo("5");
        assertThat(other.getCfgTotalBp()).isEqualByComparingTo("5");
    }

    // ---- the steps every case shares -----------------------------------------------------------------------------------

    /** Warm-up book, the bad bytes, a good book: the bad record is a dead letter of the quoter; the good one passes. */
    private Got<byte[]> quarantinedBookCase(String symbol, byte[] bad) {
        warmUp(symbol);
        RecordMetadata written = in.raw(Inputs.BOOKS, symbol, bad);
        RecordMetadata good = in.book(symbol, 3, b -> b);

        Got<byte[]> letter = deadLetterOf(written, QUOTER);
        assertThat(letter.value()).isEqualTo(bad);
        assertThat(letter.key()).isEqualTo(symbol);
        assertThat(letter.header("mm.source.topic")).isEqualTo(Inputs.BOOKS);
        assertThat(quoteIfAny(written)).isEmpty();
        assertThat(denialIfAny(written)).isEmpty();
        quotedPassedAndRoutedOncePerSide(symbol, good, true);
        Alert alert = awaitAlert("UNREADABLE_RECORD", symbol,
                a -> Long.toString(written.offset()).equals(a.getDetails().get("offset")));
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARN);
        assertThat(alert.getMessage()).contains("moved to mm.dlq").contains("nothing was derived from it");
        return letter;
    }

    /** Warm-up book, the bad book, a good book: the bad one is denied and frozen with an alert and no kill; the good one passes. */
    private void deniedBookCase(String symbol, UnaryOperator<BookUpdate.Builder> breakIt, DenialReason denied,
                                DecisionReason frozen, String detail) {
        warmUp(symbol);
        RecordMetadata bad = in.book(symbol, 2, breakIt);
        RecordMetadata good = in.book(symbol, 3, b -> b);

        Got<QuoteDenial> denial = denialOf(bad);
        assertThat(denial.value().getReason()).isEqualTo(denied);
        assertThat(denial.value().getSanityFailure()).isFalse();
        assertThat(denial.value().getDetail()).contains(detail);
        assertThat(quoteIfAny(bad)).isEmpty();
        RiskDecision decision = decisionOf(denial.value().getDenialId());
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(frozen);
        awaitAlert(frozen.name(), symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(denial.value().getDenialId());
        assertNoOrdersFor(decision.getDecisionId());
        quotedPassedAndRoutedOncePerSide(symbol, good, true);
    }

    /** A bad tick replaces the symbol's instrument: books denied BAD_INSTRUMENT (frozen, alerted) until a good one is back. */
    private void badTickCase(String symbol, BigDecimal tick) {
        warmUp(symbol);
        in.instrument(symbol, io.mmguard.schemas.Instrument.newBuilder(anInstrument(symbol, 2)).setTickSize(tick).build());
        long[] sequence = {1};
        Got<QuoteDenial> denial = feedUntil(symbol + " denied BAD_INSTRUMENT", symbol, sequence,
                () -> denialsOf(symbol, DenialReason.BAD_INSTRUMENT).stream().findFirst());
        assertThat(denial.value().getDetail()).contains("has tick size " + tick.toPlainString(), "a tick must be > 0");
        RiskDecision decision = decisionOf(denial.value().getDenialId());
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.NO_INSTRUMENT);
        awaitAlert("NO_INSTRUMENT", symbol, a -> decision.getDecisionId().equals(a.getDetails().get("decision_id")));
        assertNoKillFor(denial.value().getDenialId());

        in.instrument(symbol, anInstrument(symbol, 3));
        Got<Quote> back = feedUntil(symbol + " quoted again after a readable instrument", symbol, sequence,
                () -> quotesOf(symbol).stream().filter(q -> Long.valueOf(3).equals(q.value().getProvenance().getInstrumentVersion()))
                        .findFirst());
        assertThat(back.value().getProvenance().getInstrumentVersion()).isEqualTo(3L);
    }

    /** The control command is refused by the router with a CONTROL_REFUSED alert; its state does not change. */
    private Alert refusedCase(ControlCommand command) {
        ControlState before = settledState();
        RecordMetadata written = in.control(command);

        Alert refusal = awaitAlert("CONTROL_REFUSED", command.getSymbol(),
                a -> Long.toString(written.offset()).equals(a.getDetails().get("control_offset")));
        assertThat(refusal.getDetails().get("command_id")).isEqualTo(command.getId());
        ControlState after = settledState();
        assertThat(after.getVersion()).isEqualTo(before.getVersion());
        assertThat(after.getLiveEnabled()).isFalse();
        assertThat(after.getFraction()).isEqualByComparingTo(before.getFraction());
        return refusal;
    }

    /** The first book of a symbol only warms the risk-gate up (WARMING_UP, no order). */
    private void warmUp(String symbol) {
        RecordMetadata book = in.book(symbol, 1, b -> b);
        RiskDecision decision = decisionOf(quoteOf(book).value().getQuoteId());
        assertThat(decision.getReason()).as(symbol + " warm-up").isEqualTo(DecisionReason.WARMING_UP);
    }

    /**
     * The good book {@code book} of {@code symbol} is quoted, its quote decided once (PASS when {@code mustPass}) and a PASS
     * routed once per side (shadow: the router is killed); returns the decision.
     */
    private RiskDecision quotedPassedAndRoutedOncePerSide(String symbol, RecordMetadata book, boolean mustPass) {
        Got<Quote> quote = quoteOf(book);
        assertThat(quote.value().getSymbol()).isEqualTo(symbol);
        assertThat(denialIfAny(book)).isEmpty();
        RiskDecision decision = decisionOf(quote.value().getQuoteId());
        if (mustPass || decision.getVerdict() == Verdict.PASS) {
            assertThat(decision.getVerdict()).as(symbol + " " + decision.getReason() + " " + decision.getDetail())
                    .isEqualTo(Verdict.PASS);
            List<OrderCommand> orders = out.await(WAIT, "a shadow order per side for " + decision.getDecisionId(),
                    () -> Optional.of(newOrdersFor(decision.getDecisionId())).filter(o -> o.size() == 2),
                    () -> newOrdersFor(decision.getDecisionId()) + " " + orderDenialsFor(decision.getDecisionId()));
            assertThat(orders).extracting(OrderCommand::getSide).containsExactlyInAnyOrder(Side.BUY, Side.SELL);
            assertThat(orders).allSatisfy(o -> assertThat(o.getKillSwitchOn()).isTrue());
            assertThat(out.of(TopicNames.ORDERS_LIVE, OrderCommand.class)).isEmpty();
        }
        return decision;
    }

    /**
     * Sends a fresh book of {@code symbol} at most every 200 ms (a global store applies its record asynchronously) until
     * {@code found} answers.
     */
    private <T> T feedUntil(String what, String symbol, long[] sequence, java.util.function.Supplier<Optional<T>> found) {
        long[] last = {0};
        return out.await(WAIT, what, () -> {
            Optional<T> hit = found.get();
            if (hit.isEmpty() && System.nanoTime() - last[0] > 200_000_000L) {
                in.book(symbol, ++sequence[0], b -> b);
                last[0] = System.nanoTime();
            }
            return hit;
        }, () -> quotesOf(symbol).size() + " quotes and " + out.of(TopicNames.QUOTES_DENIED, QuoteDenial.class).stream()
                .filter(d -> d.value().getSymbol().equals(symbol)).map(d -> d.value().getReason()).toList() + " for " + symbol);
    }

    private List<Got<Quote>> quotesOf(String symbol) {
        out.poll();
        return out.of(TopicNames.QUOTES, Quote.class).stream().filter(q -> symbol.equals(q.value().getSymbol())).toList();
    }

    private List<Got<QuoteDenial>> denialsOf(String symbol, DenialReason reason) {
        out.poll();
        return out.of(TopicNames.QUOTES_DENIED, QuoteDenial.class).stream()
                .filter(d -> symbol.equals(d.value().getSymbol()) && d.value().getReason() == reason).toList();
    }

    private Got<Quote> quoteOf(RecordMetadata book) {
        return out.await(WAIT, "the quote of " + book, () -> quoteIfAny(book), () -> denialIfAny(book) + " / " + lettersOf(book));
    }

    private Got<QuoteDenial> denialOf(RecordMetadata book) {
        return out.await(WAIT, "the denial of " + book, () -> denialIfAny(book), () -> quoteIfAny(book) + " / " + lettersOf(book));
    }

    private Optional<Got<Quote>> quoteIfAny(RecordMetadata book) {
        out.poll();
        List<Got<Quote>> quotes = out.of(TopicNames.QUOTES, Quote.class).stream()
                .filter(q -> from(book, q.value().getProvenance())).toList();
        assertThat(quotes).as("quotes of " + book).hasSizeLessThanOrEqualTo(1);
        return quotes.stream().findFirst();
    }

    private Optional<Got<QuoteDenial>> denialIfAny(RecordMetadata book) {
        out.poll();
        List<Got<QuoteDenial>> denials = out.of(TopicNames.QUOTES_DENIED, QuoteDenial.class).stream()
                .filter(d -> from(book, d.value().getProvenance())).toList();
        assertThat(denials).as("denials of " + book).hasSizeLessThanOrEqualTo(1);
        return denials.stream().findFirst();
    }

    private static boolean from(RecordMetadata input, io.mmguard.schemas.Provenance provenance) {
        return provenance != null && input.topic().equals(provenance.getInputTopic())
                && input.partition() == provenance.getInputPartition() && input.offset() == provenance.getInputOffset();
    }

    /** The dead letters written for {@code input} (by any service). */
    private List<Got<byte[]>> lettersOf(RecordMetadata input) {
        out.poll();
        return out.deadLetters().stream().filter(l -> input.topic().equals(l.header("mm.source.topic"))
                && Integer.toString(input.partition()).equals(l.header("mm.source.partition"))
                && Long.toString(input.offset()).equals(l.header("mm.source.offset"))).toList();
    }

    private Got<byte[]> deadLetterOf(RecordMetadata input, String service) {
        List<Got<byte[]>> letters = out.await(WAIT, "the dead letter of " + input + " from " + service,
                () -> Optional.of(lettersOf(input)).filter(l -> !l.isEmpty()), () -> "none");
        assertThat(letters).as("dead letters of " + input).singleElement()
                .satisfies(l -> assertThat(l.header("mm.service")).isEqualTo(service));
        Got<byte[]> letter = letters.get(0);
        assertThat(letter.header("mm.error.class")).isNotBlank();
        assertThat(letter.header("mm.stage")).isNotBlank();
        return letter;
    }

    /** The one decision about {@code quoteId}. */
    private RiskDecision decisionOf(String quoteId) {
        List<RiskDecision> decided = out.await(WAIT, "the decision about " + quoteId,
                () -> Optional.of(decisionsFor(quoteId)).filter(d -> !d.isEmpty()), () -> "none");
        assertThat(decided).as("decisions about " + quoteId).hasSize(1);
        return decided.get(0);
    }

    private List<RiskDecision> decisionsFor(String quoteId) {
        out.poll();
        return out.of(TopicNames.DECISIONS, RiskDecision.class).stream().map(Got::value)
                .filter(d -> quoteId.equals(d.getQuoteId())).toList();
    }

    private List<OrderCommand> newOrdersFor(String decisionId) {
        out.poll();
        List<OrderCommand> orders = new ArrayList<>();
        for (String topic : List.of(TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_LIVE)) {
            out.of(topic, OrderCommand.class).stream().map(Got::value)
                    .filter(o -> o.getAction() == OrderAction.NEW && decisionId.equals(o.getDecisionId())).forEach(orders::add);
        }
        return orders;
    }

    private List<OrderDenial> orderDenialsFor(String decisionId) {
        out.poll();
        return out.of(TopicNames.ORDERS_DENIED, OrderDenial.class).stream().map(Got::value)
                .filter(d -> decisionId.equals(d.getDecisionId())).toList();
    }

    /** A non-PASS decision makes no order: checked once the decision is there (the router decides in offset order). */
    private void assertNoOrdersFor(String decisionId) {
        assertThat(newOrdersFor(decisionId)).isEmpty();
        assertThat(orderDenialsFor(decisionId)).isEmpty();
    }

    private void assertNoKillFor(String quoteId) {
        out.poll();
        assertThat(out.of(TopicNames.CONTROL, ControlCommand.class)).extracting(g -> g.value().getId())
                .noneMatch(id -> id.endsWith(quoteId));
    }

    private Alert awaitAlert(String kind, String symbol, Predicate<Alert> match) {
        return awaitAlerts(1, kind, symbol, match).get(0);
    }

    private List<Alert> awaitAlerts(int count, String kind, String symbol, Predicate<Alert> match) {
        List<Alert> alerts = out.await(WAIT, count + " " + kind + " alert(s) for " + symbol, () -> Optional.of(alerts(kind, symbol, match))
                .filter(a -> a.size() >= count), () -> alerts(kind, symbol, a -> true).toString());
        assertThat(alerts).as(kind + " alerts").hasSize(count);
        return alerts;
    }

    private List<Alert> alerts(String kind, String symbol, Predicate<Alert> match) {
        out.poll();
        return out.of(TopicNames.ALERTS, Alert.class).stream().map(Got::value)
                .filter(a -> kind.equals(a.getKind()) && java.util.Objects.equals(symbol, a.getSymbol()) && match.test(a)).toList();
    }

    private RecordMetadata quote(String symbol, Quote.Builder quote) {
        Instant now = Instant.now();
        Quote value = quote.setSymbol(symbol).setBookTs(now).setProvenance(aProvenance(DIRECT).build()).build();
        return in.raw(TopicNames.QUOTES, symbol, topics.quotes().valueSerde().serializer().serialize(TopicNames.QUOTES, value));
    }

    // ---- the router's published control state -------------------------------------------------------------------------

    private Optional<ControlState> latestState() {
        out.poll();
        return out.of(TopicNames.CONTROL_STATE, ControlState.class).stream().map(Got::value)
                .max(java.util.Comparator.comparingLong(ControlState::getVersion));
    }

    /** The newest published state; every case waits for the versions it causes, so it is the one in force. */
    private ControlState settledState() {
        return latestState().orElseThrow();
    }

    private ControlState awaitVersion(long version) {
        ControlState state = out.await(WAIT, "control state v" + version, () -> latestState().filter(s -> s.getVersion() >= version),
                () -> latestState().map(s -> "v" + s.getVersion()).orElse("none"));
        assertThat(state.getVersion()).isEqualTo(version);
        return state;
    }

    // ---- services and the CLI -------------------------------------------------------------------------------------------

    private void start(ServiceDefinition<?> service, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("state.dir", stateDir.resolve(service.name()).toString());
        config.put("metrics.port", "0");
        services.add(ServiceRunner.start(service, config, Map.of(ControlSigner.KEY_ENV, KEY)));
    }

    record CliRun(int exit, String out, String err) {
    }

    /** {@code bin/mm <args>} through its entry point, in this JVM, with what it printed. */
    private static synchronized CliRun mm(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
