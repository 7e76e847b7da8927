package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.reject;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.support.JsonSerde;
import io.mmguard.schemas.ExecType;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's JSON stores through the Streams app: a value equal to the one stored is not written again (no
 * serialization, no changelog record), a changed one always is, and the store holds what the router decided on.
 */
class StoreWritesTest {

    private static final String CHANGELOG = "order-router-test-%s-changelog";

    private RouterDriver router;

    @BeforeEach
    void givenARouter() {
        router = new RouterDriver(RouterDriver.defaults());
        router.instrument(aBtcJpyInstrument().build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void anUnchangedPositionIsNotWrittenAgainButTheNextMarkIs() {
        TestOutputTopic<String, SymbolPosition> changelog = changelog(RouterProcessor.POSITIONS_STORE, SymbolPosition.class);

        router.decide(pass(1).build());
        router.decide(pass(2).build()); // the same mid: the same position
        assertThat(changelog.readValuesToList()).singleElement()
                .satisfies(position -> assertThat(position.mark()).isEqualByComparingTo("17159268"));

        router.decide(pass(3).setMid(new BigDecimal("17159270")).build());

        assertThat(changelog.readValuesToList()).singleElement()
                .satisfies(position -> assertThat(position.mark()).isEqualByComparingTo("17159270"));
        assertThat(this.<SymbolPosition>store(RouterProcessor.POSITIONS_STORE).get("BTCJPY").mark()).isEqualByComparingTo("17159270");
    }

    @Test
    void aSecondAckLeavesTheGuardAloneAndTheRejectAfterItIsWritten() {
        TestOutputTopic<String, SymbolGuard> changelog = changelog(RouterProcessor.GUARDS_STORE, SymbolGuard.class);

        router.report(report("r-1", "o-d-1-B", ExecType.ACK, 1).build());
        router.report(report("r-2", "o-d-1-S", ExecType.ACK, 2).build());
        assertThat(changelog.readValuesToList()).as("the first ack stores the clear guard; the second changes nothing")
                .containsExactly(SymbolGuard.CLEAR);

        router.report(reject("r-3", "o-d-2-B", -1013, 3).build());

        List<SymbolGuard> written = changelog.readValuesToList();
        assertThat(written).singleElement().satisfies(guard -> {
            assertThat(guard.consecutiveRejects()).isEqualTo(1);
            assertThat(guard.haltedAt(Records.at(4).toEpochMilli())).isTrue();
        });
        assertThat(this.<SymbolGuard>store(RouterProcessor.GUARDS_STORE).get("BTCJPY")).isEqualTo(written.get(0));
    }

    private <V> TestOutputTopic<String, V> changelog(String store, Class<V> type) {
        return router.driver.createOutputTopic(String.format(CHANGELOG, store), new StringDeserializer(),
                new JsonSerde<>(type).deserializer());
    }

    private <V> KeyValueStore<String, V> store(String name) {
        return router.driver.getKeyValueStore(name);
    }
}
