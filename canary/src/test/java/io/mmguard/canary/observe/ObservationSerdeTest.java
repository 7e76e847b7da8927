package io.mmguard.canary.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationSerdeTest {

    private static final Source SOURCE = new Source("mm.exec.reports", 2, 41, "x-7");

    @Test
    void everyObservationSurvivesTheInternalTopicExactly() {
        List<Observation> all = List.of(
                new Observation.QuoteSample(SOURCE, "BTCJPY", new BigDecimal("0.000213000000"), new BigDecimal("17159268")),
                new Observation.SanityFailure(SOURCE, null, "quote denial qd-1 IMPLIED_BP_TOO_WIDE"),
                new Observation.NewOrderResult(SOURCE, "BTCJPY", false, -1013, "Filter failure: LOT_SIZE"),
                new Observation.NewOrderResult(new Source("mm.exec.reports", 0, 0, null), "ETHJPY", true, null, null),
                new Observation.CancelAck(SOURCE, "BTCJPY", 41),
                new Observation.Fill(SOURCE, "BTCJPY", Side.SELL, new BigDecimal("0.001"), new BigDecimal("17163558"), null, null),
                new Observation.ControlChange(SOURCE, 12, true, TradingState.REDUCING, new BigDecimal("0.05"), null, "ops", "c-1",
                        "SET_FRACTION", "by hand"),
                new Observation.Incident(SOURCE, "CONTROL_REFUSED", null, "forged"),
                new Observation.Tick(SOURCE, 1_795_564_800_000L));

        for (Observation observation : all) {
            assertThat(ObservationSerde.decode(ObservationSerde.encode(observation))).isEqualTo(observation);
        }
    }
}
