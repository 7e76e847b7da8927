package io.mmguard.router;

import static io.mmguard.router.Records.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Side;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit's replay of the router derives the same mm.positions versions the service writes. */
class RouterReplayPositionsTest {

    @Test
    void aReplayedFillDerivesTheSymbolsNextPositionVersion() throws Exception {
        File scratch = Files.createTempDirectory("router-replay").toFile();
        RouterReplay replay = new RouterReplay(RouterDriver.defaults(), RouterDriver.TOPICS, 0, scratch);

        List<Derived> first = replay.process(TopicNames.EXEC_REPORTS, 0, 0, Records.at(1).toEpochMilli(), "BTCJPY",
                fill("r-1", "o-external", Side.BUY, "0.005", "17154978", 1).build(), null);
        List<Derived> second = replay.process(TopicNames.EXEC_REPORTS, 0, 1, Records.at(2).toEpochMilli(), "BTCJPY",
                fill("r-2", "o-external", Side.SELL, "0.002", "17163558", 2).build(), null);

        assertThat(first).filteredOn(d -> d.topic().equals(TopicNames.POSITIONS)).singleElement()
                .satisfies(d -> assertThat(((Position) d.value()).getVersion()).isEqualTo(1L));
        assertThat(second).filteredOn(d -> d.topic().equals(TopicNames.POSITIONS)).singleElement()
                .satisfies(d -> assertThat(((Position) d.value()).getNetQty()).isEqualByComparingTo("0.003"));
    }
}
