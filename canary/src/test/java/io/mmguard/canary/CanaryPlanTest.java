package io.mmguard.canary;

import static io.mmguard.canary.CanaryDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rest of the plan: inventory skew steps, expansion, the time scale, following humans, and how time advances. */
class CanaryPlanTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** Lower sample minimums so that a fast beat at a large time scale fills the (scaled) window. */
    private static final Map<String, String> FEW_SAMPLES = Map.of("canary.min.samples.err.bp", "5", "canary.min.samples.new.order", "5",
            "canary.min.samples.cancel", "5", "canary.min.samples.slippage", "5");

    private CanaryDriver canary;

    @AfterEach
    void close() {
        if (canary != null) {
            canary.close();
        }
    }

    @Test
    void kInvStepsUpAfterTheCanaryAndStepsBackOnASlippageBreach() {
        // Given the plan at time scale 120 (15 min of the seed is 7.5 s here; the window is 2.5 s), and an open-notional
        // limit far above the buys below, so that the slippage and not the inventory gate is what steps k_inv back
        canary = new CanaryDriver(with(Map.of("canary.time.scale", "120", "limits.max.open.notional.jpy", "100000000")));
        canary.humanEnables("0.01", T0);
        Duration beat = Duration.ofMillis(50);

        // When the run is healthy for 80 s of record time
        canary.every(beat, T0, T0.plusSeconds(80), canary::healthyBeat);

        // Then: 5% after 15 (scaled) minutes, 10% after 45 more, k_inv 0.05 after the 10% stage's 30, k_inv 0.10 an hour later
        List<ControlCommand> steps = canary.commands();
        assertThat(steps).extracting(c -> c.getType() + " " + c.getParam() + " " + c.getValue().stripTrailingZeros().toPlainString()
                        + " @" + Duration.between(T0, c.getIssuedAt()).toMillis())
                .containsExactly("SET_FRACTION null 0.05 @7500", "SET_FRACTION null 0.1 @30000", "SET_PARAM k_inv 0.05 @45000",
                        "SET_PARAM k_inv 0.1 @75000");
        assertThat(steps.get(2).getReason()).startsWith("k_inv 0 -> 0.05: held 15s at 10%, err_bp_p99=");
        assertThat(canary.controlState().getParams()).containsEntry("k_inv", "0.1");

        // When fills slip by 1 bp (above the 0.5 bp P95)
        Instant breach = T0.plusSeconds(80);
        canary.every(beat, breach, breach.plusSeconds(2), at -> {
            canary.healthyBeat(at);
            canary.report(Traffic.fill(at, Side.BUY, Traffic.QTY, Traffic.BID.subtract(new BigDecimal("1716")), Traffic.BID), at);
        });

        // Then k_inv went back one step (0.10 -> 0.05), once, and nothing was rolled back
        List<ControlCommand> after = canary.commands().subList(4, canary.commands().size());
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getType()).isEqualTo(ControlType.SET_PARAM);
        assertThat(after.get(0).getParam()).isEqualTo("k_inv");
        assertThat(after.get(0).getValue()).isEqualByComparingTo("0.05");
        assertThat(after.get(0).getReason()).startsWith("k_inv 0.1 -> 0.05: step back, slip_p95=").contains("bp > 0.5bp");
        assertThat(canary.controlState().getLiveEnabled()).isTrue();
        assertThat(canary.alerts()).filteredOn(a -> a.getKind().equals("CANARY_STAGE"))
                .extracting(a -> a.getDetails().get("title")).contains("k_inv 0.1 -> 0.05 (step back)");
    }

    @Test
    void aOneSidedFillStreamPastAThirdOfTheOpenNotionalStepsKInvBackAndHoldsTheNextStep() {
        // Given the plan at time scale 120, healthy until k_inv 0.10 (as above)
        canary = new CanaryDriver(with(Map.of("canary.time.scale", "120")));
        canary.humanEnables("0.01", T0);
        Duration beat = Duration.ofMillis(50);
        canary.every(beat, T0, T0.plusSeconds(80), canary::healthyBeat);
        assertThat(canary.controlState().getParams()).containsEntry("k_inv", "0.1");

        // When only buys fill, at the bid (no slippage): 0.001 BTC each, ~17,155 JPY; the third takes |net| past 33,333
        Instant from = T0.plusSeconds(80);
        canary.every(beat, from, from.plusSeconds(2), at -> {
            canary.quote(Traffic.quote(at, "0.01"), at);
            canary.report(Traffic.fill(at, Side.BUY, Traffic.QTY, Traffic.BID, Traffic.BID), at);
        });

        // Then k_inv went back one step with the inventory reading in the reason, and nothing rolled back
        List<ControlCommand> after = canary.commands().subList(4, canary.commands().size());
        assertThat(after).singleElement().satisfies(command -> {
            assertThat(command.getParam()).isEqualTo("k_inv");
            assertThat(command.getValue()).isEqualByComparingTo("0.05");
            assertThat(command.getReason()).startsWith("k_inv 0.1 -> 0.05: step back, max |net_pos_jpy|=")
                    .contains("(BTCJPY) > MAX_OPEN_NOTIONAL_JPY/3=33333");
        });
        assertThat(canary.alerts()).filteredOn(a -> a.getKind().equals("CANARY_STAGE"))
                .filteredOn(a -> "k_inv 0.1 -> 0.05 (step back)".equals(a.getDetails().get("title")))
                .singleElement().satisfies(a -> assertThat(a.getDetails()).containsEntry("trigger", "inventory"));
        assertThat(canary.controlState().getLiveEnabled()).isTrue();

        // And while the position stays over the gate, k_inv is not stepped up again, however long it holds
        Instant later = from.plusSeconds(2);
        canary.every(beat, later, later.plusSeconds(120), at -> {
            canary.quote(Traffic.quote(at, "0.01"), at);
            canary.report(Traffic.ack(at), at);
            canary.report(Traffic.canceled(at, Duration.ofMillis(40)), at);
        });
        assertThat(canary.commands()).filteredOn(c -> "k_inv".equals(c.getParam())).extracting(c -> c.getValue().stripTrailingZeros()
                .toPlainString()).as("up to 0.1, back to 0.05, after another window back to 0; no step up while over the gate").containsExactly(
                "0.05", "0.1", "0.05", "0");
    }

    @Test
    void theTimeScaleRunsTheWholePlanInSecondsOfEventTime() {
        // Given a time scale of 3600: an hour of the seed's plan is a second of record time
        canary = new CanaryDriver(with(Map.of("canary.time.scale", "3600")));
        canary.humanEnables("0.01", T0);

        // When 21 s of healthy traffic flow
        canary.every(Duration.ofMillis(5), T0, T0.plusSeconds(21), canary::healthyBeat);

        // Then every step of the plan happened, each when its scaled hold ended: 1% -> 5% -> 10%, k_inv 0.05, 0.10, 25%, 50%, 100%
        assertThat(canary.commands()).extracting(c -> c.getParam() == null ? "fraction " + c.getValue().stripTrailingZeros().toPlainString()
                        : c.getParam() + " " + c.getValue().stripTrailingZeros().toPlainString())
                .containsExactly("fraction 0.05", "fraction 0.1", "k_inv 0.05", "k_inv 0.1", "fraction 0.25", "fraction 0.5", "fraction 1");
        assertThat(canary.commands()).extracting(c -> Duration.between(T0, c.getIssuedAt()).toMillis())
                .containsExactly(250L, 1_000L, 1_500L, 2_500L, 8_500L, 14_500L, 20_500L);
        assertThat(canary.status()).contains("\"stage\":\"100% k_inv=0.1\"").contains("plan complete at 100% k_inv=0.1");
    }

    @Test
    void aHumanFractionChangeIsFollowedAndTheHoldStartsAgain() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
        canary.every(SECOND, T0, minutes(5), canary::healthyBeat);

        // a human raises the fraction to 7% by hand: the controller is then in the 5% stage, held from now
        canary.humanSetsFraction("0.07", minutes(5));
        canary.every(SECOND, minutes(5), minutes(51), canary::healthyBeat);

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).getValue()).isEqualByComparingTo("0.10");
        assertThat(commands.get(0).getIssuedAt()).isEqualTo(minutes(50));
        assertThat(commands.get(0).getReason()).startsWith("promote 7% -> 10%: held 45m at 5%");
        assertThat(canary.alerts()).extracting(a -> a.getDetails().get("title")).contains("following " + CanaryDriver.HUMAN + " to 7%");
    }

    @Test
    void anEmptyWindowIsNotAPassNoPromotionWithoutLiveOrders() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);

        canary.every(SECOND, T0, minutes(20), at -> canary.quote(Traffic.quote(at, "0.01"), at));

        assertThat(canary.commands()).isEmpty();
        assertThat(canary.status()).contains("\"next\":\"promote to 5% when every SLO passes; waiting for 2xx=n/a (n=0 of 200 needed)");
    }

    @Test
    void noFurtherChangeUntilThePreviousCommandShowsInTheControlState() {
        canary = new CanaryDriver(Map.of());
        canary.withoutEcho();
        canary.humanEnables("0.01", T0);

        canary.every(SECOND, T0, minutes(61), canary::healthyBeat);

        assertThat(canary.commands()).extracting(ControlCommand::getValue).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.05"));
        assertThat(canary.status()).contains("waiting for mm.control.state to show canary-");
    }

    @Test
    void aCritIncidentOfAnotherComponentRestartsTheHold() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
        canary.every(SECOND, T0, minutes(10), canary::healthyBeat);

        canary.alert(Alert.newBuilder().setAlertId("a-x").setSeverity(Severity.CRIT).setKind("CONTROL_REFUSED")
                .setMessage("[CONTROL_REFUSED] forged signature").setTs(minutes(10)).build(), minutes(10));
        canary.every(SECOND, minutes(10), minutes(26), canary::healthyBeat);

        assertThat(canary.commands()).hasSize(1);
        assertThat(canary.commands().get(0).getIssuedAt()).isEqualTo(minutes(25));
        assertThat(canary.status()).contains("\"incidents\":1");
    }

    @Test
    void recordedTicksAdvanceStageTimeWhileTheInputsAreQuiet() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
        canary.every(SECOND, T0, minutes(14).plusSeconds(50), canary::healthyBeat);
        assertThat(canary.commands()).isEmpty();

        // the market goes quiet; the wall clock reaches T+15m and the controller records a tick at that time
        canary.advanceWallClock(Duration.ofMinutes(15));

        assertThat(canary.ticksWritten()).containsExactly(minutes(15).toEpochMilli());
        assertThat(canary.commands()).hasSize(1);
        assertThat(canary.commands().get(0).getIssuedAt()).isEqualTo(minutes(15));
    }

    @Test
    void aRunStartingWithSkewOnTurnsItOffForTheCanary() {
        canary = new CanaryDriver(Map.of());
        canary.humanSetsParam("k_inv", "0.1", T0);
        canary.humanEnables("0.01", T0);

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).getType()).isEqualTo(ControlType.SET_PARAM);
        assertThat(commands.get(0).getParam()).isEqualTo("k_inv");
        assertThat(commands.get(0).getValue()).isEqualByComparingTo("0");
        assertThat(commands.get(0).getReason()).startsWith("inventory skew off during the canary: k_inv 0.1 -> 0");
    }

    private static Map<String, String> with(Map<String, String> extra) {
        Map<String, String> all = new java.util.HashMap<>(FEW_SAMPLES);
        all.putAll(extra);
        return all;
    }

    private static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }
}
