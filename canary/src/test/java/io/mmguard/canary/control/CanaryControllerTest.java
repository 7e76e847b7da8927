package io.mmguard.canary.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.canary.CanaryConfig;
import io.mmguard.canary.CanaryOutput;
import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.observe.Source;
import io.mmguard.canary.store.FakeStateStore;
import io.mmguard.core.config.ConfigReader;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.testing.TestRecords;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state machine on its own, fed observations directly. */
class CanaryControllerTest {

    private static final long T0 = TestRecords.T0.toEpochMilli();
    private static final Source QUOTES = new Source("mm.quotes", 0, 1, "q-1");
    private static final Source REPORTS = new Source("mm.exec.reports", 0, 1, "x-1");
    private static final Source STATE = new Source("mm.control.state", 0, 1, null);

    private final CanaryConfig config = CanaryConfig.read(new ConfigReader(CanaryConfig.SERVICE, Map.of("bootstrap.servers", "x:9092"),
            Map.of(ControlSigner.KEY_ENV, "k")));
    private long version;
    private boolean live;
    private BigDecimal fraction = BigDecimal.ZERO;

    @Test
    void aRollbackWritesSetFractionZeroThenDisableLiveThenCancelAllThenTheCritAlertThenTheStageAlert() {
        CanaryController controller = new CanaryController(config, "test", new FakeStateStore());
        controller.on(humanEnabled("0.01"), T0);

        List<CanaryOutput> out = controller.on(new Observation.SanityFailure(new Source("mm.quotes.denied", 1, 7, "qd-9"), "BTCJPY",
                "quote denial qd-9 ASK_NOT_ABOVE_BID"), T0 + 1_000);

        assertThat(out).extracting(CanaryControllerTest::describe).containsExactly("SET_FRACTION 0", "DISABLE_LIVE", "CANCEL_ALL",
                "CRIT CANARY_ROLLBACK", "INFO CANARY_STAGE");
        assertThat(controller.status().run()).isEqualTo(RunState.ROLLED_BACK);
    }

    @Test
    void theControllerNeverWritesEnableLiveNotEvenWhenEverythingIsHealthyAfterARollback() {
        CanaryController controller = new CanaryController(config, "test", new FakeStateStore());
        List<CanaryOutput> all = new ArrayList<>(controller.on(humanEnabled("0.01"), T0));
        all.addAll(controller.on(new Observation.SanityFailure(QUOTES, "BTCJPY", "x"), T0 + 1));
        all.addAll(echo(controller, all, T0 + 1));
        for (long t = T0 + 1_000; t < T0 + Duration.ofHours(2).toMillis(); t += 1_000) {
            all.addAll(healthy(controller, t));
        }

        assertThat(all).filteredOn(o -> o instanceof CanaryOutput.Command).extracting(CanaryControllerTest::describe)
                .containsExactly("SET_FRACTION 0", "DISABLE_LIVE", "CANCEL_ALL");
        assertThat(controller.status().next()).contains("re-enabling is a human decision");
    }

    @Test
    void aControllerRebuiltFromItsStoreWritesDecidesExactlyAsTheOneThatKeptRunning() {
        FakeStateStore store = new FakeStateStore();
        CanaryController running = new CanaryController(config, "running", store);
        List<String> before = new ArrayList<>();
        before.addAll(commands(running.on(humanEnabled("0.01"), T0)));
        for (long t = T0; t < T0 + Duration.ofMinutes(20).toMillis(); t += 1_000) {
            before.addAll(commands(healthyWithEcho(running, t)));
        }

        // a restart: a new instance restores every key the first one wrote
        FakeStateStore copy = new FakeStateStore();
        store.restoreInto(copy::put);
        CanaryController restored = new CanaryController(config, "restored", copy);
        copy.restoreInto(restored::load);
        assertThat(restored.status().stage()).isEqualTo("5%");

        List<String> afterRunning = new ArrayList<>();
        List<String> afterRestored = new ArrayList<>();
        long savedVersion = version;
        for (long t = T0 + Duration.ofMinutes(20).toMillis(); t < T0 + Duration.ofMinutes(61).toMillis(); t += 1_000) {
            long v = version;
            BigDecimal f = fraction;
            afterRunning.addAll(commands(healthyWithEcho(running, t)));
            version = v;
            fraction = f;
            afterRestored.addAll(commands(healthyWithEcho(restored, t)));
        }

        assertThat(before).hasSize(1);
        assertThat(savedVersion).isPositive();
        assertThat(afterRestored).isEqualTo(afterRunning).hasSize(1);
        assertThat(afterRestored.get(0)).startsWith("SET_FRACTION 0.10 @" + (T0 + Duration.ofMinutes(60).toMillis()));
    }

    @Test
    void aRestoredControllerKeepsTheStreamTimeItHadReachedForARecordThatArrivesBehindIt() {
        FakeStateStore store = new FakeStateStore();
        CanaryController running = new CanaryController(config, "running", store);
        running.on(humanEnabled("0.01"), T0);
        running.on(new Observation.QuoteSample(QUOTES, "BTCJPY", new BigDecimal("0.01"), new BigDecimal("17159268")), T0 + 5_000);
        FakeStateStore copy = new FakeStateStore();
        store.restoreInto(copy::put);
        CanaryController restored = new CanaryController(config, "restored", copy);
        copy.restoreInto(restored::load);

        // a sanity failure 1 s behind stream time rolls back at stream time, in both
        Observation late = new Observation.SanityFailure(REPORTS, "BTCJPY", "x");
        List<String> fromRunning = commands(running.on(late, T0 + 4_000));
        List<String> fromRestored = commands(restored.on(late, T0 + 4_000));

        assertThat(fromRestored).isEqualTo(fromRunning).hasSize(3);
        assertThat(fromRestored.get(0)).contains("@" + (T0 + 5_000));
        assertThat(copy.entries().keySet()).isEqualTo(store.entries().keySet());
    }

    private List<CanaryOutput> healthyWithEcho(CanaryController controller, long t) {
        List<CanaryOutput> out = new ArrayList<>();
        for (Observation observation : beat(t)) {
            List<CanaryOutput> step = controller.on(observation, t);
            out.addAll(step);
            for (CanaryOutput output : step) {
                if (output instanceof CanaryOutput.Command command) {
                    controller.on(echoOf(command.command()), t);
                }
            }
        }
        return out;
    }

    private List<CanaryOutput> healthy(CanaryController controller, long t) {
        List<CanaryOutput> out = new ArrayList<>();
        for (Observation observation : beat(t)) {
            out.addAll(controller.on(observation, t));
        }
        return out;
    }

    private List<CanaryOutput> echo(CanaryController controller, List<CanaryOutput> outputs, long t) {
        List<CanaryOutput> out = new ArrayList<>();
        for (CanaryOutput output : List.copyOf(outputs)) {
            if (output instanceof CanaryOutput.Command command) {
                out.addAll(controller.on(echoOf(command.command()), t));
            }
        }
        return out;
    }

    private List<Observation> beat(long t) {
        return List.of(new Observation.QuoteSample(QUOTES, "BTCJPY", new BigDecimal("0.01"), new BigDecimal("17159268")),
                new Observation.NewOrderResult(REPORTS, "BTCJPY", true, null, null),
                new Observation.CancelAck(REPORTS, "BTCJPY", 40),
                new Observation.Fill(REPORTS, "BTCJPY", Side.BUY, new BigDecimal("0.001"), new BigDecimal("17154978"),
                        new BigDecimal("17154978"), new BigDecimal("17159268")));
    }

    private Observation humanEnabled(String value) {
        live = true;
        fraction = new BigDecimal(value);
        return new Observation.ControlChange(STATE, ++version, true, TradingState.ACTIVE, fraction, null, "ops", "c-1", "SET_FRACTION",
                "by hand");
    }

    /** The control state after {@code command}, as the router folds it. */
    private Observation echoOf(ControlCommand command) {
        switch (command.getType()) {
            case DISABLE_LIVE -> live = false;
            case SET_FRACTION -> fraction = command.getValue();
            default -> {
            }
        }
        return new Observation.ControlChange(STATE, ++version, live, live ? TradingState.ACTIVE : TradingState.HALTED, fraction, null,
                command.getActor(), command.getId(), command.getType().name(), command.getReason());
    }

    private static List<String> commands(List<CanaryOutput> outputs) {
        return outputs.stream().filter(o -> o instanceof CanaryOutput.Command).map(o -> ((CanaryOutput.Command) o).command())
                .map(c -> c.getType() + " " + (c.getValue() == null ? "-" : c.getValue().toPlainString()) + " @" + c.getIssuedAt().toEpochMilli() + " " + c.getId()
                        + " " + c.getReason())
                .toList();
    }

    private static String describe(CanaryOutput output) {
        if (output instanceof CanaryOutput.Command command) {
            ControlCommand c = command.command();
            return c.getType() + (c.getValue() == null ? "" : " " + c.getValue().toPlainString());
        }
        if (output instanceof CanaryOutput.Notice notice) {
            return notice.alert().getSeverity() + " " + notice.alert().getKind();
        }
        return "tick";
    }
}
