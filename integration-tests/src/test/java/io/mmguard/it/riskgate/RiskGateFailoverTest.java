package io.mmguard.it.riskgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.runtime.RunningService;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two risk-gate instances share the 4 partitions of mm.quotes. When one stops, its partitions move
 * to the other together with their EMA/sigma and freeze state (restored from the changelog, since the
 * survivor never held them): a frozen symbol stays frozen, a warmed-up symbol does not warm up again.
 */
@Tag("integration")
@Timeout(90)
class RiskGateFailoverTest {

    private static final long MID = 17_159_268;

    @TempDir
    Path stateRoot;

    @Test
    void whenOneOfTwoInstancesStopsItsSymbolsMoveToTheOtherWithTheirStatisticsAndFreezes() throws Exception {
        // Two symbols on each partition: one will be frozen by a jump, the other stays calm.
        List<String> frozen = new ArrayList<>();
        List<String> calm = new ArrayList<>();
        for (int partition = 0; partition < RiskGateOnABroker.PARTITIONS; partition++) {
            List<String> onPartition = symbolsOn(partition, 2);
            frozen.add(onPartition.get(0));
            calm.add(onPartition.get(1));
        }
        List<String> all = new ArrayList<>(frozen);
        all.addAll(calm);

        try (RiskGateOnABroker broker = new RiskGateOnABroker(stateRoot)) {
            broker.instruments(all);
            RunningService leaving = broker.startRiskGate("leaving");
            RunningService staying = broker.startRiskGate("staying");
            broker.awaitRunning(leaving, staying);
            RiskGateOnABroker.await("both instances to own mm.quotes partitions",
                    () -> broker.quotePartitionsByInstance().toString(), () -> {
                        Map<String, Set<Integer>> owned = broker.quotePartitionsByInstance();
                        return owned.size() == 2 && owned.values().stream().noneMatch(Set::isEmpty)
                                && owned.values().stream().mapToInt(Set::size).sum() == RiskGateOnABroker.PARTITIONS;
                    });
            Set<Integer> movedPartitions = broker.quotePartitionsByInstance().get("leaving");

            // Given every symbol warmed up, and a 5-sigma jump on one symbol of each partition
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<String> warmUp = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                for (String symbol : all) {
                    broker.quote(symbol, symbol + "-warm-" + i, MID + (i % 3) - 1, t0.plusMillis(100L * i));
                    warmUp.add(symbol + "-warm-" + i);
                }
            }
            Instant jumpAt = t0.plusMillis(2_100);
            for (String symbol : frozen) {
                broker.quote(symbol, symbol + "-jump", MID + 20_000, jumpAt);
            }
            broker.awaitDecisions(warmUp);
            for (String symbol : frozen) {
                assertThat(broker.awaitDecision(symbol + "-jump").getReason()).isEqualTo(DecisionReason.PRICE_JUMP);
            }

            // When one instance stops
            leaving.close();
            RiskGateOnABroker.await("the staying instance to own every partition",
                    () -> broker.quotePartitionsByInstance() + " staying=" + staying.state(),
                    () -> staying.state() == KafkaStreams.State.RUNNING && broker.quotePartitionsByInstance()
                            .equals(Map.of("staying", Set.of(0, 1, 2, 3))));

            // Then the moved symbols keep their freeze and their statistics
            Instant after = jumpAt.plusSeconds(5);
            for (String symbol : all) {
                broker.quote(symbol, symbol + "-after-move", MID, after);
            }
            for (String symbol : frozen) {
                RiskDecision decision = broker.awaitDecision(symbol + "-after-move");
                assertThat(decision.getReason()).as("%s on partition %d", symbol, RiskGateOnABroker.partitionOf(symbol))
                        .isEqualTo(DecisionReason.PRICE_JUMP);
                assertThat(decision.getFreezeUntil()).isEqualTo(jumpAt.plusSeconds(30));
            }
            for (String symbol : calm) {
                RiskDecision decision = broker.awaitDecision(symbol + "-after-move");
                assertThat(decision.getVerdict()).as("%s on partition %d", symbol, RiskGateOnABroker.partitionOf(symbol))
                        .isEqualTo(Verdict.PASS);
            }
            assertThat(movedPartitions).as("the stopped instance owned partitions, so state really moved").isNotEmpty();
        }
    }

    private static List<String> symbolsOn(int partition, int count) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; symbols.size() < count; i++) {
            String candidate = "SYM" + i + "JPY";
            if (RiskGateOnABroker.partitionOf(candidate) == partition) {
                symbols.add(candidate);
            }
        }
        return symbols;
    }
}
