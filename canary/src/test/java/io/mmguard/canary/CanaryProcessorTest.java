package io.mmguard.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.observe.Source;
import io.mmguard.core.testing.TestRecords;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor with a {@link MockProcessorContext}: forwarding order, store writes, the tick punctuator. */
class CanaryProcessorTest {

    private static final long T0 = TestRecords.T0.toEpochMilli();
    private static final Source STATE = new Source("mm.control.state", 0, 0, null);

    private final CanaryConfig config = CanaryDriver.config(Map.of());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProcessorContext<String, CanaryOutput> context;
    private KeyValueStore<String, byte[]> store;
    private CanaryProcessor processor;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CanaryTopology.STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, String> status = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CanaryTopology.STATUS_STORE),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        status.init(context.getStateStoreContext(), status);
        context.addStateStore(status);
        processor = new CanaryProcessor(config, new CanaryMetrics(meters, config.slo()));
        processor.init(context);
    }

    @Test
    void aRollbackIsForwardedCommandsFirstThenTheAlertsAllAtTheTriggersRecordTime() {
        processor.process(new Record<>("*", enabled(1, "0.01"), T0));
        context.resetForwards();

        processor.process(new Record<>("BTCJPY", new Observation.SanityFailure(new Source("mm.quotes.denied", 0, 3, "qd-1"), "BTCJPY",
                "quote denial qd-1 IMPLIED_BP_TOO_WIDE"), T0 + 5_000));

        List<String> forwarded = context.forwarded().stream().map(f -> describe(f.record().value()) + " @" + f.record().timestamp())
                .toList();
        assertThat(forwarded).containsExactly("SET_FRACTION @" + (T0 + 5_000), "DISABLE_LIVE @" + (T0 + 5_000),
                "CANCEL_ALL @" + (T0 + 5_000), "CANARY_ROLLBACK @" + (T0 + 5_000), "CANARY_STAGE @" + (T0 + 5_000));
        assertThat(store.get("controller")).as("the controller's state is in the store").isNotNull();
        assertThat(meters.find("mm_canary_rollbacks_total").tag("trigger", "sanity_failure").counter().count()).isEqualTo(1.0);
        assertThat(meters.find("mm_canary_stage").gauge().value()).isEqualTo(-1.0);
    }

    @Test
    void aTickIsRecordedOnlyAfterTheInputsWereQuietForATickInterval() {
        MockProcessorContext.CapturedPunctuator ticker = context.scheduledPunctuators().get(0);
        assertThat(ticker.getInterval().toMillis()).isEqualTo(1_000);

        processor.process(new Record<>("*", enabled(1, "0.01"), T0));
        context.setCurrentSystemTimeMs(T0 + 500);
        ticker.getPunctuator().punctuate(T0 + 500);
        assertThat(context.forwarded()).noneMatch(f -> f.record().value() instanceof CanaryOutput.Tick);

        context.setCurrentSystemTimeMs(T0 + 1_000);
        ticker.getPunctuator().punctuate(T0 + 1_000);

        assertThat(context.forwarded()).filteredOn(f -> f.record().value() instanceof CanaryOutput.Tick)
                .singleElement().satisfies(f -> {
                    assertThat(f.record().timestamp()).isEqualTo(T0 + 1_000);
                    assertThat(((CanaryOutput.Tick) f.record().value()).wallClockMs()).isEqualTo(T0 + 1_000);
                });
    }

    private static Observation enabled(long version, String fraction) {
        return new Observation.ControlChange(STATE, version, true, TradingState.ACTIVE, new BigDecimal(fraction), null, "ops", "c-" + version,
                "SET_FRACTION", "by hand");
    }

    private static String describe(CanaryOutput output) {
        if (output instanceof CanaryOutput.Command command) {
            return command.command().getType().name();
        }
        if (output instanceof CanaryOutput.Notice notice) {
            return notice.alert().getKind();
        }
        return "TICK";
    }
}
