package io.mmguard.canary;

import static io.mmguard.canary.CanaryDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rollback trigger of the seed stops the run: SET_FRACTION 0, DISABLE_LIVE, CANCEL_ALL, then the CRIT alert. */
class CanaryRollbackTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final List<ControlType> ROLLBACK = List.of(ControlType.SET_FRACTION, ControlType.DISABLE_LIVE, ControlType.CANCEL_ALL);

    private CanaryDriver canary;

    @BeforeEach
    void enabledAtOnePercent() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);
    }

    @AfterEach
    void close() {
        canary.close();
    }

    @Test
    void aCancelLatencyDegradationRollsBackInsideTheSeedsNinetySecondAlertWindow() {
        // Given ten healthy minutes (40 ms cancels)
        canary.every(SECOND, T0, at(10, 0), canary::healthyBeat);
        assertThat(canary.commands()).isEmpty();

        // When every cancel from T+10m takes 400 ms
        canary.every(SECOND, at(10, 0), at(12, 0), at -> {
            canary.quote(Traffic.quote(at, "0.01"), at);
            canary.report(Traffic.ack(at), at);
            canary.report(Traffic.canceled(at, Duration.ofMillis(400)), at);
        });

        // Then the run was rolled back within 90 s of event time, cancel P99 named as the trigger
        List<ControlCommand> commands = canary.commands();
        assertThat(commands).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        Instant rolledBackAt = commands.get(0).getIssuedAt();
        assertThat(rolledBackAt).isAfterOrEqualTo(at(10, 0)).isBefore(at(10, 0).plusSeconds(90));
        assertThat(commands).extracting(ControlCommand::getIssuedAt).containsOnly(rolledBackAt);
        assertThat(commands.get(0).getValue()).isEqualByComparingTo("0");
        assertThat(commands.get(0).getReason()).startsWith("canary rollback at 1%: cancel_p99_ms: cancel_p99=")
                .contains("ms >= 250ms");
        Alert crit = rollbackAlert();
        assertThat(crit.getDetails()).containsEntry("trigger", "cancel_p99_ms").containsEntry("cancel_p99_ms_verdict", "FAIL")
                .containsEntry("commands", String.join(",", commands.stream().map(ControlCommand::getId).toList()));
        assertThat(crit.getTs()).isEqualTo(rolledBackAt);
    }

    @Test
    void threeConsecutiveRejectsRollBack() {
        canary.every(SECOND, T0, at(0, 30), canary::healthyBeat);

        canary.report(Traffic.reject(at(0, 30), -2010), at(0, 30));
        canary.report(Traffic.reject(at(0, 31), -2010), at(0, 31));
        assertThat(canary.commands()).as("two rejects in a row are not yet a trigger").isEmpty();
        canary.report(Traffic.reject(at(0, 32), -1013), at(0, 32));

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(commands).extracting(ControlCommand::getIssuedAt).containsOnly(at(0, 32));
        assertThat(rollbackAlert().getDetails()).containsEntry("trigger", "consecutive_rejects")
                .containsEntry("new_order_2xx_verdict", "INSUFFICIENT")
                .containsEntry("rejects_by_code", "-2010:2,-1013:1");
    }

    @Test
    void anAckBetweenRejectsEndsTheStreak() {
        canary.every(SECOND, T0, at(0, 30), canary::healthyBeat);

        canary.report(Traffic.reject(at(0, 30), -2010), at(0, 30));
        canary.report(Traffic.reject(at(0, 31), -2010), at(0, 31));
        canary.report(Traffic.ack(at(0, 32)), at(0, 32));
        canary.report(Traffic.reject(at(0, 33), -2010), at(0, 33));

        assertThat(canary.commands()).isEmpty();
    }

    @Test
    void aSanityFailureFromTheQuoterRollsBackAtOnce() {
        canary.every(SECOND, T0, at(5, 0), canary::healthyBeat);

        canary.denial(Traffic.sanityDenial(at(5, 0)), at(5, 0));

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(commands).extracting(ControlCommand::getIssuedAt).containsOnly(at(5, 0));
        assertThat(commands.get(1).getReason()).contains("sanity_failure: quote denial").contains("IMPLIED_BP_TOO_WIDE");
        assertThat(rollbackAlert().getDetails()).containsEntry("trigger", "sanity_failure");
    }

    @Test
    void aSanityRejectFromTheRiskGateRollsBackAtOnceButAStaleBookDoesNot() {
        canary.every(SECOND, T0, at(5, 0), canary::healthyBeat);

        canary.decision(Traffic.rejectDecision(at(5, 0), DecisionReason.STALE_BOOK), at(5, 0));
        assertThat(canary.commands()).isEmpty();
        canary.decision(Traffic.rejectDecision(at(5, 1), DecisionReason.ASK_NOT_ABOVE_BID), at(5, 1));

        assertThat(canary.commands()).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(canary.commands()).extracting(ControlCommand::getIssuedAt).containsOnly(at(5, 1));
    }

    @Test
    void theDailyLossLimitReachedRollsBack() {
        // Given one BTC bought at mid (a flat day so far)
        canary.report(Traffic.fill(at(1, 0), Side.BUY, BigDecimal.ONE, Traffic.MID, Traffic.MID), at(1, 0));

        // When the mid falls 4,999 yen nothing happens; at 5,000 yen (daily_pnl <= -MAX_DAILY_LOSS_JPY) the run rolls back
        canary.quote(Traffic.quoteAtMid(at(1, 1), Traffic.MID.subtract(new BigDecimal("4999"))), at(1, 1));
        assertThat(canary.commands()).isEmpty();
        canary.quote(Traffic.quoteAtMid(at(1, 2), Traffic.MID.subtract(new BigDecimal("5000"))), at(1, 2));

        assertThat(canary.commands()).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(rollbackAlert().getDetails()).containsEntry("trigger", "daily_loss").containsEntry("daily_pnl_jpy", "-5000");
        assertThat(canary.commands().get(0).getReason()).contains("daily_pnl=-5000 <= -5000");
    }

    @Test
    void anErrBpP99AboveATenthOfABasisPointRollsBack() {
        canary.every(SECOND, T0, at(5, 0), canary::healthyBeat);

        // one bad quote in a hundred is the P99 boundary; a few more tip it over
        canary.every(SECOND, at(5, 0), at(5, 10), at -> canary.quote(Traffic.quote(at, "0.15"), at));

        assertThat(canary.commands()).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(rollbackAlert().getDetails()).containsEntry("trigger", "err_bp_p99");
    }

    @Test
    void aNewOrder2xxShareAtNinetyNinePointFivePercentRollsBack() {
        // 199 acks and 1 reject in the window: 99.5% is not above 99.5%
        canary.every(SECOND, T0, at(3, 19), at -> canary.report(Traffic.ack(at), at));
        assertThat(canary.commands()).isEmpty();
        canary.report(Traffic.reject(at(3, 19), -1013), at(3, 19));

        assertThat(canary.commands()).extracting(ControlCommand::getType).containsExactlyElementsOf(ROLLBACK);
        assertThat(rollbackAlert().getDetails()).containsEntry("trigger", "new_order_2xx").containsEntry("new_order_2xx", "99.50%");
    }

    @Test
    void afterARollbackTheControllerNeverEnablesLiveTradingItWaitsForAHuman() {
        canary.every(SECOND, T0, at(5, 0), canary::healthyBeat);
        canary.denial(Traffic.sanityDenial(at(5, 0)), at(5, 0));
        assertThat(canary.controlState().getLiveEnabled()).isFalse();

        // healthy traffic for another half hour: nothing is promoted or enabled
        canary.every(SECOND, at(5, 1), at(35, 0), canary::healthyBeat);
        assertThat(canary.commands()).hasSize(3);

        // a human enables again: a new run starts at 1% and promotes after its own 15 minutes
        canary.humanEnables("0.01", at(35, 0));
        canary.every(SECOND, at(35, 0), at(50, 1), canary::healthyBeat);

        List<ControlCommand> commands = canary.commands();
        assertThat(commands).extracting(ControlCommand::getType).doesNotContain(ControlType.ENABLE_LIVE);
        assertThat(commands).hasSize(4);
        assertThat(commands.get(3).getType()).isEqualTo(ControlType.SET_FRACTION);
        assertThat(commands.get(3).getValue()).isEqualByComparingTo("0.05");
        assertThat(commands.get(3).getIssuedAt()).isEqualTo(at(50, 0));
        assertThat(canary.alerts()).filteredOn(a -> a.getKind().equals("CANARY_STAGE"))
                .extracting(Alert::getMessage).anySatisfy(m -> assertThat(m).contains("canary run started at 1%")
                        .contains("by " + CanaryDriver.HUMAN));
    }

    @Test
    void aKillByAnyoneElseEndsTheRunWithoutARollbackOfItsOwn() {
        canary.every(SECOND, T0, at(5, 0), canary::healthyBeat);

        canary.humanKills(at(5, 0));
        canary.every(SECOND, at(5, 0), at(20, 0), canary::healthyBeat);

        assertThat(canary.commands()).isEmpty();
        assertThat(canary.alerts()).filteredOn(a -> a.getKind().equals("CANARY_STAGE")).extracting(Alert::getMessage)
                .anySatisfy(m -> assertThat(m).contains("canary run ended at 1%: live trading disabled by " + CanaryDriver.HUMAN));
        assertThat(canary.status()).contains("\"run\":\"IDLE\"");
    }

    private Alert rollbackAlert() {
        List<Alert> crit = canary.alerts().stream().filter(a -> a.getKind().equals("CANARY_ROLLBACK")).toList();
        assertThat(crit).hasSize(1);
        assertThat(crit.get(0).getSeverity()).isEqualTo(Severity.CRIT);
        assertThat(crit.get(0).getMessage()).startsWith("[KILL_SWITCH] canary rollback at 1%");
        return crit.get(0);
    }

    private static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
    }
}
