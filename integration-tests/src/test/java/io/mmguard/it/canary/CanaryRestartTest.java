package io.mmguard.it.canary;

import static io.mmguard.core.testing.TestRecords.aSaneQuote;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.runtime.RunningService;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's stage, stage start and pending command live in a changelogged store: a controller restarted with its
 * local state deleted carries on from the changelog and promotes 5% -> 10% exactly 45 (scaled) minutes after the 1% -> 5%
 * promotion it made before the restart. Without the changelog it would be idle: the enable it reacted to was committed.
 */
@Tag("integration")
@Timeout(180)
class CanaryRestartTest {

    /** Time scale 60: 15 min of the seed's plan is 15 s of record time, the SLO window 5 s. */
    private static final Map<String, String> FAST_PLAN = Map.of("canary.time.scale", "60", "canary.min.samples.err.bp", "10",
            "canary.min.samples.new.order", "10", "canary.min.samples.cancel", "10", "canary.min.samples.slippage", "10");
    private static final Duration BEAT = Duration.ofMillis(100);
    private static final BigDecimal MID = new BigDecimal("17159268");
    private static final BigDecimal BID = new BigDecimal("17154978");

    @TempDir
    Path stateRoot;

    private long sequence;
    private long version;

    @Test
    void theStageAndItsClockSurviveARestartWithTheLocalStateDeleted() throws Exception {
        try (CanaryOnABroker broker = new CanaryOnABroker(stateRoot)) {
            RunningService first = broker.startController("first", FAST_PLAN);
            broker.awaitRunning(first);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            // Given a human enabled live trading at 1% and 20 s (scaled: 20 min) of healthy traffic
            state(broker, true, "0.01", null, "ops@desk", "h-1", ControlType.SET_FRACTION, t0);
            healthy(broker, t0, t0.plusSeconds(20));
            List<ControlCommand> before = broker.awaitCommands(1);
            ControlCommand toFive = before.get(0);
            assertThat(toFive.getType()).isEqualTo(ControlType.SET_FRACTION);
            assertThat(toFive.getValue()).isEqualByComparingTo("0.05");
            assertThat(toFive.getIssuedAt()).isEqualTo(t0.plusSeconds(15));
            assertThat(ControlSigner.withKey(CanaryOnABroker.KEY).verify(toFive)).isTrue();
            // the router applies it
            state(broker, true, "0.05", null, "canary-controller", toFive.getId(), ControlType.SET_FRACTION, toFive.getIssuedAt());

            // When the controller stops and its local state is deleted
            first.close();
            broker.deleteState("first");
            RunningService second = broker.startController("first", FAST_PLAN);
            broker.awaitRunning(second);

            // Then, with the traffic going on, it promotes to 10% 45 s after the 5% promotion: the stage clock came back
            healthy(broker, t0.plusSeconds(20), t0.plusSeconds(62));
            List<ControlCommand> after = broker.awaitCommands(2);
            ControlCommand toTen = after.get(1);
            assertThat(toTen.getType()).isEqualTo(ControlType.SET_FRACTION);
            assertThat(toTen.getValue()).isEqualByComparingTo("0.10");
            assertThat(toTen.getIssuedAt()).isAfterOrEqualTo(t0.plusSeconds(60)).isBefore(t0.plusSeconds(61));
            assertThat(toTen.getReason()).startsWith("promote 5% -> 10%: held 45s at 5%");
            assertThat(toTen.getId()).startsWith("canary-" + t0.toEpochMilli() + "-");
        }
    }

    private void healthy(CanaryOnABroker broker, Instant from, Instant to) throws Exception {
        Topics topics = broker.topics;
        boolean buy = true;
        for (Instant at = from; at.isBefore(to); at = at.plus(BEAT)) {
            broker.send(topics.quotes(), "BTCJPY", aSaneQuote().setQuoteId("q-" + (++sequence)).setBookTs(at)
                    .setErrBp(new BigDecimal("0.01")).build(), at);
            broker.send(topics.execReports(), "BTCJPY", report(ExecType.ACK, at, at).build(), at);
            broker.send(topics.execReports(), "BTCJPY", report(ExecType.CANCELED, at.minusMillis(40), at).build(), at);
            broker.send(topics.execReports(), "BTCJPY", report(ExecType.FILL, at, at).setSide(buy ? Side.BUY : Side.SELL)
                    .setLastQty(new BigDecimal("0.001")).setLastPrice(BID).build(), at);
            buy = !buy;
        }
    }

    private ExecutionReport.Builder report(ExecType type, Instant requested, Instant at) {
        long n = ++sequence;
        return ExecutionReport.newBuilder().setReportId("x-" + n).setOrderId("o-" + n).setSymbol("BTCJPY").setSide(Side.BUY)
                .setExecType(type).setOrderPrice(BID).setQuoteRefPrice(BID).setMidRef(MID).setRequestTs(requested).setAckTs(at)
                .setTs(at);
    }

    private void state(CanaryOnABroker broker, boolean live, String fraction, String kInv, String actor, String commandId,
                       ControlType type, Instant at) throws Exception {
        ControlState state = ControlState.newBuilder().setVersion(++version)
                .setTradingState(live ? TradingState.ACTIVE : TradingState.HALTED).setLiveEnabled(live)
                .setFraction(new BigDecimal(fraction)).setParams(kInv == null ? Map.of() : Map.of("k_inv", kInv))
                .setLastCommandId(commandId).setLastCommandType(type).setLastActor(actor).setLastReason("test").setAt(at).build();
        broker.send(broker.topics.controlState(), Topics.GLOBAL_KEY, state, at);
    }
}
