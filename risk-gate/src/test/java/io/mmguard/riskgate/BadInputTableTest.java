package io.mmguard.riskgate;

import static io.mmguard.riskgate.RiskTestRecords.aQuote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: every kind of broken input the issue names, with its typed outcome. Rows that
 * can exist on the topic run through the topology; rows that cannot exist show where they are stopped.
 *
 * <pre>
 * input                                   outcome
 * NaN / +-infinity in a price             cannot exist: no BigDecimal, no Avro decimal encoding
 * price with 13 places or 27 digits       cannot exist: the serializer refuses it (decimal(38, 12))
 * null bid/ask/mid on the wire            cannot exist: the Avro builder and serializer refuse it
 * null field in-process                   REJECT BAD_QUOTE (QuoteChecks), no kill
 * mid = 0, mid < 0, bid/ask/size <= 0     REJECT BAD_QUOTE, no kill, WARN alert once per episode
 * quote not straddling its mid            REJECT BAD_QUOTE, no kill
 * cfg bp < 0                              REJECT BAD_QUOTE, no kill
 * key != quote.symbol                     REJECT BAD_QUOTE, no kill
 * book_ts after record time + skew        REJECT BAD_QUOTE, no kill
 * bid > ask, bid = ask                    REJECT ASK_NOT_ABOVE_BID + kill sequence
 * spread 5004 bp at 5 bp configured       REJECT IMPLIED_BP_TOO_WIDE + kill sequence
 * duplicated quote id                     REJECT DUPLICATE_QUOTE, no kill
 * unknown symbol (no instrument)          FREEZE NO_INSTRUMENT, no kill
 * book 10 s old                           FREEZE STALE_BOOK, no kill
 * tombstone / undeserialisable bytes      quarantined to mm.dlq with the error in headers; the app keeps running
 * </pre>
 */
class BadInputTableTest {

    private static final Instant AT = Instant.parse("2026-11-25T00:00:10Z");

    private final RiskGateDriver gate = new RiskGateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("zero mid", q -> q.setMid(BigDecimal.ZERO), Verdict.REJECT, DecisionReason.BAD_QUOTE, false,
                        "mid must be > 0, got 0"),
                row("negative mid", q -> q.setMid(new BigDecimal("-17159268")), Verdict.REJECT, DecisionReason.BAD_QUOTE,
                        false, "mid must be > 0, got -17159268"),
                row("zero bid", q -> q.setBid(BigDecimal.ZERO), Verdict.REJECT, DecisionReason.BAD_QUOTE, false,
                        "bid must be > 0"),
                row("negative ask", q -> q.setAsk(new BigDecimal("-1")), Verdict.REJECT, DecisionReason.BAD_QUOTE, false,
                        "ask must be > 0"),
                row("zero size", q -> q.setAskSize(BigDecimal.ZERO), Verdict.REJECT, DecisionReason.BAD_QUOTE, false,
                        "ask_size must be > 0"),
                row("quote above its mid", q -> q.setMid(new BigDecimal("17000000")), Verdict.REJECT,
                        DecisionReason.BAD_QUOTE, false, "does not straddle its mid"),
                row("negative configured bp", q -> q.setCfgTotalBp(new BigDecimal("-5")), Verdict.REJECT,
                        DecisionReason.BAD_QUOTE, false, "cfg_total_bp must be >= 0"),
                row("another symbol's quote", q -> q.setSymbol("ETHJPY"), Verdict.REJECT, DecisionReason.BAD_QUOTE, false,
                        "quote for ETHJPY arrived under key BTCJPY"),
                row("book time in the future", q -> q.setBookTs(AT.plusMillis(1001)), Verdict.REJECT,
                        DecisionReason.BAD_QUOTE, false, "is 1001 ms after the record time"),
                row("book time slightly ahead (clock skew)", q -> q.setBookTs(AT.plusMillis(1000)), Verdict.FREEZE,
                        DecisionReason.WARMING_UP, false, "warming up"),
                row("bid above ask", q -> q.setBid(new BigDecimal("17163559")), Verdict.REJECT,
                        DecisionReason.ASK_NOT_ABOVE_BID, true, "[QUOTE_SANITY_FAIL] ask<=bid"),
                row("bid equal to ask", q -> q.setBid(new BigDecimal("17163558")), Verdict.REJECT,
                        DecisionReason.ASK_NOT_ABOVE_BID, true, "[QUOTE_SANITY_FAIL] ask<=bid"),
                row("ask at mid x 1.5", q -> q.setAsk(new BigDecimal("25738901")), Verdict.REJECT,
                        DecisionReason.IMPLIED_BP_TOO_WIDE, true, "[QUOTE_SANITY_FAIL] implied_bp="),
                row("book 10 s old", q -> q.setBookTs(AT.minusSeconds(10)), Verdict.FREEZE, DecisionReason.STALE_BOOK,
                        false, "l2_age_ms=10000"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3}, kill={4}")
    @MethodSource("rows")
    void aBadInputGetsItsTypedOutcome(String name, UnaryOperator<Quote.Builder> breakIt, Verdict verdict,
                                      DecisionReason reason, boolean kill, String detail) {
        gate.quote("BTCJPY", breakIt.apply(aQuote("q-bad", AT)).build(), AT);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(verdict);
        assertThat(decision.getReason()).isEqualTo(reason);
        assertThat(decision.getDetail()).contains(detail);
        assertThat(decision.getQuoteId()).isEqualTo("q-bad");
        assertThat(gate.controlCommands()).hasSize(kill ? 2 : 0);
        List<Alert> alerts = gate.alerts();
        if (reason == DecisionReason.BAD_QUOTE) {
            assertThat(alerts).extracting(Alert::getKind).containsExactly("BAD_QUOTE");
        }
    }

    @Test
    void aDuplicatedQuoteIdIsRejectedWithoutKill() {
        gate.quote(aQuote("q-twice", AT).build(), AT);
        gate.quote(aQuote("q-twice", AT).build(), AT);

        assertThat(gate.decisions()).extracting(RiskDecision::getReason)
                .containsExactly(DecisionReason.WARMING_UP, DecisionReason.DUPLICATE_QUOTE);
        assertThat(gate.controlCommands()).isEmpty();
    }

    @Test
    void anUnknownSymbolIsFrozenWithoutKill() {
        gate.quote(aQuote("q-doge", AT).setSymbol("DOGEJPY").build(), AT);

        RiskDecision decision = gate.decision();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.FREEZE);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.NO_INSTRUMENT);
        assertThat(gate.controlCommands()).isEmpty();
    }

    @Test
    void nanAndInfinityCannotExistAsDecimals() {
        assertThatThrownBy(() -> new BigDecimal("NaN")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.NaN)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.POSITIVE_INFINITY)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> BigDecimal.valueOf(Double.NEGATIVE_INFINITY)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void aPriceTheWireCannotHoldIsRefusedByTheSerializerSoItNeverReachesTheGate() {
        Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
        var serializer = topics.quotes().valueSerde().serializer();

        assertThatThrownBy(() -> serializer.serialize(TopicNames.QUOTES, aQuote("q-huge", AT).setMid(new BigDecimal("1e30")).build()))
                .hasMessageContaining("mid");
        assertThatThrownBy(() -> serializer.serialize(TopicNames.QUOTES,
                aQuote("q-fine", AT).setBid(new BigDecimal("17154978.0000000000001")).build()))
                .hasMessageContaining("bid");
    }

    @Test
    void aNullPriceCannotBeBuiltForTheWire() {
        assertThatThrownBy(() -> aQuote("q-null", AT).setBid(null).build()).hasMessageContaining("bid");
    }

    @Test
    void aNullFieldBuiltInProcessIsRejectedAsBadQuote() {
        Quote quote = aQuote("q-null", AT).build();
        quote.setAsk(null);

        assertThat(QuoteChecks.problem("BTCJPY", quote, AT.toEpochMilli(), gate.config.params())).contains("quote has no ask");
        assertThat(Decisions.forQuote("BTCJPY", quote, AT.toEpochMilli(), AT.toEpochMilli(), new InputRef("mm.quotes", 0, 0),
                gate.config.params()).getAsk()).isEqualByComparingTo("0");
    }

    @Test
    void aTombstoneIsQuarantinedWithItsErrorAndTheGateKeepsDeciding() {
        gate.rawQuote("BTCJPY", null, AT);
        gate.quote(aQuote("q-next", AT).build(), AT);

        List<TestRecord<byte[], byte[]>> quarantined = gate.quarantined();
        assertThat(quarantined).hasSize(1);
        assertThat(header(quarantined.get(0), "mm.error")).contains("has no value (a tombstone)");
        assertThat(header(quarantined.get(0), "mm.source.topic")).isEqualTo("mm.quotes");
        assertThat(gate.decisions()).extracting(RiskDecision::getQuoteId).containsExactly("q-next");
    }

    @Test
    void undeserialisableBytesAreQuarantinedAndTheGateKeepsDeciding() {
        gate.rawQuote("BTCJPY", "not avro".getBytes(StandardCharsets.UTF_8), AT);
        gate.quote(aQuote("q-next", AT).build(), AT);

        assertThat(gate.quarantined()).singleElement()
                .satisfies(r -> assertThat(header(r, "mm.error")).contains("magic byte"));
        assertThat(gate.decisions()).extracting(RiskDecision::getQuoteId).containsExactly("q-next");
    }

    private static Arguments row(String name, UnaryOperator<Quote.Builder> breakIt, Verdict verdict, DecisionReason reason,
                                 boolean kill, String detail) {
        return Arguments.of(name, breakIt, verdict, reason, kill, detail);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
