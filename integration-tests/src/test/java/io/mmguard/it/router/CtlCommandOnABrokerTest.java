package io.mmguard.it.router;

import static io.mmguard.it.router.TwoRoutersKillSwitchTest.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.Topics;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.TradingState;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@code bin/mm ctl} against a real broker, without a router: what it writes to mm.control and how status reads the state. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CtlCommandOnABrokerTest {

    private static final String KEY = "ctl-it-key";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Topics topics = Topics.create(SchemaRegistries.fromUrl(""));
    private EmbeddedKafka kafka;

    @BeforeAll
    void startBrokerAndTopics() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of("sim"), TopicLayout.DEFAULT_PARTITIONS));
        }
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void killWritesAnUnsignedGlobalCommandWithActorAndReason() {
        var run = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "--actor", "alice@desk", "kill", "--reason", "bp_deviation");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("sent DISABLE_LIVE ctl-").contains("actor alice@desk", "reason 'bp_deviation'", "unsigned");
        ConsumerRecord<String, ControlCommand> written = written(run);
        assertThat(written.key()).isEqualTo("*");
        assertThat(written.value().getType()).isEqualTo(ControlType.DISABLE_LIVE);
        assertThat(written.value().getScope()).isEqualTo(Scope.GLOBAL);
        assertThat(written.value().getActor()).isEqualTo("alice@desk");
        assertThat(written.value().getReason()).isEqualTo("bp_deviation");
        assertThat(written.value().getSignature()).isNull();
    }

    @Test
    void withTheKeyEnableAndAHigherFractionAreSignedSoTheRouterCanVerifyThem() {
        var enable = ctl(Map.of(ControlSigner.KEY_ENV, KEY), "--bootstrap", kafka.bootstrapServers(), "enable", "--reason", "canary go");
        assertThat(enable.exit()).as(enable.err()).isZero();
        ControlCommand enableCommand = written(enable).value();
        var fraction = ctl(Map.of(ControlSigner.KEY_ENV, KEY), "--bootstrap", kafka.bootstrapServers(), "set-fraction", "0.05");
        assertThat(fraction.exit()).as(fraction.err()).isZero();
        ControlCommand fractionCommand = written(fraction).value();

        assertThat(enableCommand.getType()).isEqualTo(ControlType.ENABLE_LIVE);
        assertThat(ControlSigner.withKey(KEY).verify(enableCommand)).isTrue();
        assertThat(fractionCommand.getValue()).isEqualByComparingTo("0.05");
        assertThat(ControlSigner.withKey(KEY).verify(fractionCommand)).isTrue();
        assertThat(ControlSigner.withKey("another key").verify(fractionCommand)).isFalse();
    }

    @Test
    void aSymbolKillIsKeyedBySymbol() {
        var run = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "kill", "--symbol", "BTCJPY", "--reason", "venue issue");

        assertThat(run.exit()).as(run.err()).isZero();
        ConsumerRecord<String, ControlCommand> written = written(run);
        assertThat(written.key()).isEqualTo("BTCJPY");
        assertThat(written.value().getScope()).isEqualTo(Scope.SYMBOL);
    }

    @Test
    void aLowerFractionGoesUnsignedButAHigherOneWithoutTheKeyIsRefusedAgainstThePublishedState() throws Exception {
        publishState(new BigDecimal("0.05"));

        var lower = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "set-fraction", "0.01");
        var higher = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "set-fraction", "0.1");

        assertThat(lower.exit()).as(lower.err()).isZero();
        assertThat(lower.out()).contains("unsigned");
        assertThat(higher.exit()).isEqualTo(2);
        assertThat(higher.err()).contains("set-fraction 0.1 raises risk and must be signed");
    }

    @Test
    void statusJsonHasTheStableKeysAndTheLastCommandsWithActorAndReason() throws Exception {
        publishState(new BigDecimal("0.05"));
        ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "--actor", "bob@desk", "cancel-all", "--reason", "rollover");

        var run = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "status", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(run.out());
        assertThat(status.fieldNames()).toIterable().contains("live", "fraction", "stage", "params", "last_commands", "trading_state",
                "halted_symbols", "control_version", "last_command", "state_published");
        assertThat(status.get("live").asBoolean()).isTrue();
        assertThat(status.get("fraction").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(status.get("fraction").toString()).isEqualTo("0.05");
        assertThat(status.get("stage").isNull()).isTrue();
        assertThat(status.get("params").get("k_inv").decimalValue()).isEqualByComparingTo("0.05");
        JsonNode last = status.get("last_commands").get(status.get("last_commands").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("CANCEL_ALL");
        assertThat(last.get("actor").asText()).isEqualTo("bob@desk");
        assertThat(last.get("reason").asText()).isEqualTo("rollover");

        var text = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "status");
        assertThat(text.out()).contains("state:       live (trading state ACTIVE)", "fraction:    0.05", "stage:       -", "params:      k_inv=0.05",
                "CANCEL_ALL", "by bob@desk: rollover");
    }

    @Test
    void statusShowsEachSymbolsNewestPositionFromMmPositions() throws Exception {
        publishState(new BigDecimal("0.05"));
        publishPosition(1, "0.002", "34309.95", "r-1");
        publishPosition(2, "0.005", "85774.89", "r-2");

        var run = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "status", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode btc = new ObjectMapper().readTree(run.out()).get("positions").get("BTCJPY");
        assertThat(btc.get("version").asLong()).as("the newest version, not the first").isEqualTo(2);
        assertThat(btc.get("net_qty").decimalValue()).isEqualByComparingTo("0.005");
        assertThat(btc.get("net_jpy").decimalValue()).isEqualByComparingTo("85774.89");
        assertThat(btc.get("last_fill").asText()).isEqualTo("r-2");
        var text = ctl(Map.of(), "--bootstrap", kafka.bootstrapServers(), "status");
        assertThat(text.out()).contains("positions on mm.positions", "BTCJPY   net 0.005 (85775 JPY at 17154978)", "v2 after r-2");
    }

    private void publishPosition(long version, String qty, String jpy, String report) throws Exception {
        io.mmguard.schemas.Position position = io.mmguard.schemas.Position.newBuilder().setSymbol("BTCJPY").setVersion(version)
                .setNetQty(new BigDecimal(qty)).setMark(new BigDecimal("17154978")).setNetNotionalJpy(new BigDecimal(jpy))
                .setCashJpy(new BigDecimal(jpy).negate()).setDailyPnlJpy(BigDecimal.ZERO).setReportId(report)
                .setTs(Instant.parse("2026-11-25T00:00:00Z"))
                .setProvenance(io.mmguard.schemas.Provenance.newBuilder().setInputTopic(TopicNames.EXEC_REPORTS).setInputPartition(0)
                        .setInputOffset(version - 1).build()).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.POSITIONS, "BTCJPY",
                    topics.positions().valueSerde().serializer().serialize(TopicNames.POSITIONS, position))).get();
        }
    }

    private void publishState(BigDecimal fraction) throws Exception {
        ControlState state = ControlState.newBuilder().setVersion(7).setTradingState(TradingState.ACTIVE).setLiveEnabled(true)
                .setFraction(fraction).setParams(Map.of("k_inv", "0.05")).setLastCommandId("c-7")
                .setLastCommandType(ControlType.SET_FRACTION).setLastActor("alice@desk").setLastReason("canary 5%")
                .setAt(Instant.parse("2026-11-25T00:00:00Z")).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.CONTROL_STATE, Topics.GLOBAL_KEY,
                    topics.controlState().valueSerde().serializer().serialize(TopicNames.CONTROL_STATE, state))).get();
        }
    }

    /** The command a ctl run wrote: it prints "(offset N)"; read until that record is there. */
    private ConsumerRecord<String, ControlCommand> written(TwoRoutersKillSwitchTest.CtlResult run) {
        Matcher offset = Pattern.compile("\\(offset (\\d+)\\)").matcher(run.out());
        assertThat(offset.find()).as("ctl printed the offset: " + run.out()).isTrue();
        long wanted = Long.parseLong(offset.group(1));
        try (CommittedTail<ControlCommand> control = new CommittedTail<>(kafka.bootstrapServers(), TopicNames.CONTROL,
                topics.control().valueSerde().deserializer())) {
            Await.until(WAIT, "mm.control offset " + wanted, () -> control.poll(Duration.ofMillis(50)).size() + " records read",
                    () -> control.poll(Duration.ofMillis(50)).stream().anyMatch(r -> r.offset() == wanted));
            return control.poll(Duration.ZERO).stream().filter(r -> r.offset() == wanted).findFirst().orElseThrow();
        }
    }
}
