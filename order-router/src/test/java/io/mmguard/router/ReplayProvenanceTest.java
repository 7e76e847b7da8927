package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;
import static io.mmguard.router.Records.kill;
import static io.mmguard.router.Records.pass;
import static io.mmguard.router.Records.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an audit replay needs from every router output: where the task stood in both inputs, and the instrument it used. */
class ReplayProvenanceTest {

    private static final String DECISIONS = "mm.risk.decisions-0";
    private static final String REPORTS = "mm.exec.reports-0";

    private RouterDriver router;

    @BeforeEach
    void givenALiveRouter() {
        router = RouterDriver.liveAt("1", Records.KEY);
        router.instrument(aBtcJpyInstrument().build());
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void everyOrderNamesTheInputPositionsOfItsTaskAndTheInstrumentVersionItUsed() {
        router.decide(pass(1).build());
        List<OrderCommand> first = router.liveOrders();
        router.report(report("r-1", "o-d-1-B", ExecType.ACK, 1).build());

        router.decide(pass(2).build());

        assertThat(first).allSatisfy(order -> {
            assertThat(order.getProvenance().getInputsThrough()).isEqualTo(Map.of(DECISIONS, 0L));
            assertThat(order.getProvenance().getInstrumentVersion()).isEqualTo(aBtcJpyInstrument().build().getVersion());
        });
        assertThat(router.liveOrders()).allSatisfy(order ->
                assertThat(order.getProvenance().getInputsThrough()).isEqualTo(Map.of(DECISIONS, 1L, REPORTS, 0L)));
    }

    @Test
    void aKillReactionBeforeARecordNamesThePositionsBeforeThatRecord() {
        router.decide(pass(1).build());
        router.liveOrders();
        router.command(kill("k-1").build());

        router.decide(pass(2).build());

        OrderCommand cancelAll = router.liveOrders().stream().filter(order -> order.getAction() == OrderAction.CANCEL_ALL)
                .findFirst().orElseThrow();
        assertThat(cancelAll.getProvenance().getCodePath()).isEqualTo("kill-reaction");
        assertThat(cancelAll.getProvenance().getInputsThrough()).isEqualTo(Map.of(DECISIONS, 0L));
        assertThat(cancelAll.getProvenance().getInstrumentVersion()).isNull();
    }
}
