package io.mmguard.it.riskgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mmguard.core.runtime.RunningService;
import io.mmguard.riskgate.MidStats;
import io.mmguard.riskgate.RiskGateConfig;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EMA/sigma statistics and an active price-jump freeze live in changelogged stores: a restarted
 * risk-gate whose local state was wiped carries on from the changelog, neither forgetting the freeze
 * nor going back to WARMING_UP.
 */
@Tag("integration")
@Timeout(90)
class RiskGateRestartTest {

    private static final long MID = 17_159_268;

    @TempDir
    Path stateRoot;

    @Test
    void statisticsAndAnActiveFreezeSurviveARestartWithTheLocalStateDeleted() throws Exception {
        try (RiskGateOnABroker broker = new RiskGateOnABroker(stateRoot)) {
            broker.instruments(List.of("BTCJPY"));
            RunningService first = broker.startRiskGate("first");
            broker.awaitRunning(first);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            // Given a warmed-up symbol and then a 5-sigma jump that freezes it for 30 s of record time
            List<String> warmUp = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                broker.quote("BTCJPY", "warm-" + i, MID + (i % 3) - 1, t0.plusMillis(100L * i));
                warmUp.add("warm-" + i);
            }
            Instant jumpAt = t0.plusMillis(2_100);
            broker.quote("BTCJPY", "jump", MID + 20_000, jumpAt);
            List<RiskDecision> before = broker.awaitDecisions(warmUp);
            RiskDecision jump = broker.awaitDecision("jump");
            assertThat(before).extracting(RiskDecision::getReason).containsOnly(DecisionReason.WARMING_UP);
            assertThat(jump.getReason()).isEqualTo(DecisionReason.PRICE_JUMP);
            assertThat(jump.getFreezeUntil()).isEqualTo(jumpAt.plusSeconds(30));

            // When the service stops and its local state is deleted
            first.close();
            broker.deleteState("first");
            RunningService second = broker.startRiskGate("first");
            broker.awaitRunning(second);

            // Then the freeze still holds with the same freeze_until, and after it the symbol passes (no warm-up again)
            broker.quote("BTCJPY", "during-freeze", MID, jumpAt.plusSeconds(5));
            broker.quote("BTCJPY", "after-freeze", MID, jumpAt.plusSeconds(30));
            RiskDecision during = broker.awaitDecision("during-freeze");
            RiskDecision after = broker.awaitDecision("after-freeze");

            assertThat(during.getVerdict()).isEqualTo(Verdict.FREEZE);
            assertThat(during.getReason()).isEqualTo(DecisionReason.PRICE_JUMP);
            assertThat(during.getFreezeUntil()).isEqualTo(jumpAt.plusSeconds(30));
            double emaAfterJump = new MidStats(21, jump.getEma().doubleValue(), 0)
                    .fold(MID + 20_000, MidStats.alphaForHalfLife(RiskGateConfig.DEFAULT_EMA_HALF_LIFE_SAMPLES)).ema();
            assertThat(during.getEma().doubleValue()).as("the EMA came back from the changelog, jump sample included")
                    .isCloseTo(emaAfterJump, within(1e-6));
            assertThat(after.getVerdict()).isEqualTo(Verdict.PASS);
            assertThat(after.getReason()).isEqualTo(DecisionReason.OK);
        }
    }
}
