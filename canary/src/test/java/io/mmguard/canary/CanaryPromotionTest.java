package io.mmguard.canary;

import static io.mmguard.canary.CanaryDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's 90-minute plan, promoted from record time by a healthy run. */
class CanaryPromotionTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private CanaryDriver canary;

    @AfterEach
    void close() {
        if (canary != null) {
            canary.close();
        }
    }

    @Test
    void aHealthyRunPromotesFromOneToFiveToTenPercentAtFifteenAndSixtyMinutes() {
        // Given a human enabled live trading at 1% at T0, with seed defaults (time scale 1)
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);

        // When a healthy market and exchange run for 61 minutes of record time, one beat a second
        canary.every(SECOND, T0, T0.plus(Duration.ofMinutes(61)), canary::healthyBeat);

        // Then the controller promoted to 5% at T+15m and to 10% at T+60m, and did nothing else
        List<ControlCommand> commands = canary.commands();
        assertThat(commands).extracting(ControlCommand::getType).containsExactly(ControlType.SET_FRACTION, ControlType.SET_FRACTION);
        assertThat(commands.get(0).getValue()).isEqualByComparingTo("0.05");
        assertThat(commands.get(0).getIssuedAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(commands.get(1).getValue()).isEqualByComparingTo("0.10");
        assertThat(commands.get(1).getIssuedAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
        assertThat(commands).allSatisfy(command -> {
            assertThat(command.getActor()).isEqualTo("canary-controller");
            assertThat(CanaryDriver.SIGNER.verify(command)).as("signed %s", command.getId()).isTrue();
        });
    }

    @Test
    void aPromotionReasonCarriesTheHoldAndEveryMetricAgainstItsThreshold() {
        canary = new CanaryDriver(Map.of());
        canary.humanEnables("0.01", T0);

        canary.every(SECOND, T0, T0.plus(Duration.ofMinutes(15)).plusSeconds(1), canary::healthyBeat);

        ControlCommand promotion = canary.commands(ControlType.SET_FRACTION).get(0);
        // the window holds 29 full 10 s slots and the current one: 290 beats, plus the quote that triggered the promotion;
        // 40 ms cancels read 39.6 ms (the lower edge of their 2% bucket); 900 fills each earned half the 5 bp spread
        assertThat(promotion.getReason()).isEqualTo("promote 1% -> 5%: held 15m at 1%, err_bp_p99=0.010 <= 0.1 (n=291),"
                + " 2xx=100.00% > 99.5% (n=290), cancel_p99=39.6ms < 250ms (n=290), slip_p95=0.000bp <= 0.5bp (n=290),"
                + " daily_pnl=3861 > -5000");
        Alert stage = canary.alerts().stream().filter(a -> a.getKind().equals("CANARY_STAGE")
                && a.getDetails().get("title").startsWith("promote"))
                .findFirst().orElseThrow();
        assertThat(stage.getSeverity()).isEqualTo(Severity.INFO);
        assertThat(stage.getMessage()).startsWith("[CANARY] promote 1% -> 5%: held 15m at 1%, err_bp_p99=0.010 <= 0.1");
        assertThat(stage.getDetails()).containsEntry("command_id", promotion.getId()).containsEntry("err_bp_p99_verdict", "PASS");
    }

    static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }
}
