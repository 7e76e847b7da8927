package io.mmguard.riskgate;

import static io.mmguard.core.testing.TestRecords.aSaneQuote;
import static io.mmguard.core.testing.TestRecords.theIncidentQuote;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.testing.GoldenTopology;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RiskGateTopologyTest {

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private final RiskGateConfig config = RiskGateConfig.read(new ConfigReader("risk-gate", Map.of("bootstrap.servers", "unused:9092")));
    private TopologyTestDriver driver;
    private TestInputTopic<String, Quote> quotes;
    private TestOutputTopic<String, RiskDecision> decisions;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-gate-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(RiskGateTopology.build(topics, config), props);
        quotes = driver.createInputTopic(topics.quotes().name(), new StringSerializer(), topics.quotes().valueSerde().serializer());
        decisions = driver.createOutputTopic(topics.decisions().name(), topics.decisions().keySerde().deserializer(),
                topics.decisions().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void saneQuotePassesWithItsMeasurements() {
        quotes.pipeInput("BTCJPY", aSaneQuote().build());

        RiskDecision decision = decisions.readValue();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.OK);
        assertThat(decision.getQuoteId()).isEqualTo("q-mm.md.book.sim-0-0");
        assertThat(decision.getDecisionId()).isEqualTo("d-q-mm.md.book.sim-0-0");
        assertThat(decision.getImpliedBp()).isEqualByComparingTo("5.000213");
        assertThat(decision.getProvenance().getInputTopic()).isEqualTo("mm.quotes");
        assertThat(decision.getProvenance().getInputOffset()).isZero();
    }

    @Test
    void theSeedIncidentQuoteIsRejectedAsTooWide() {
        quotes.pipeInput("BTCJPY", theIncidentQuote().build());

        RiskDecision decision = decisions.readValue();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.IMPLIED_BP_TOO_WIDE);
        assertThat(decision.getDetail()).startsWith("[QUOTE_SANITY_FAIL] implied_bp=");
    }

    @Test
    void askNotAboveBidIsRejected() {
        quotes.pipeInput("BTCJPY", aSaneQuote().setAsk(new BigDecimal("17154978")).build());

        RiskDecision decision = decisions.readValue();
        assertThat(decision.getVerdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.getReason()).isEqualTo(DecisionReason.ASK_NOT_ABOVE_BID);
    }

    @Test
    void everyQuoteGetsExactlyOneDecision() {
        quotes.pipeInput("BTCJPY", aSaneQuote().build());
        quotes.pipeInput("BTCJPY", theIncidentQuote().build());
        quotes.pipeInput("BTCJPY", aSaneQuote().setQuoteId("q-3").build());

        assertThat(decisions.readValuesToList()).extracting(RiskDecision::getVerdict)
                .containsExactly(Verdict.PASS, Verdict.REJECT, Verdict.PASS);
    }

    @Test
    void topologyMatchesTheGoldenDescription() {
        GoldenTopology.assertMatches(RiskGateTopology.build(topics, config), "risk-gate-topology.txt");
    }
}
