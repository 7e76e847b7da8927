package io.mmguard.ops.ctl;

import static io.mmguard.ops.ctl.CtlRun.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code bin/mm ctl} refuses locally, before any record is sent, and how it says so. */
class CtlCommandRefusalTest {

    private static final Map<String, String> NO_KEY = Map.of();

    @Test
    void setFractionFiveIsRefusedInOneLineThatSaysThat005IsFivePercent() {
        CtlRun run = ctl(Map.of("MM_CONTROL_KEY", "k"), "--bootstrap", "127.0.0.1:1", "set-fraction", "5");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("mm ctl: refused: set-fraction 5: fraction 5 is out of range [0, 1]").contains("0.05 is 5%"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aNegativeFractionIsRefused() {
        assertThat(ctl(NO_KEY, "set-fraction", "--", "-0.1").exit()).isEqualTo(2);
    }

    @Test
    void enableWithoutTheSigningKeyIsRefusedBeforeAnythingIsSent() {
        CtlRun run = ctl(NO_KEY, "--bootstrap", "127.0.0.1:1", "enable");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("mm ctl: refused: enable raises risk and must be signed: set MM_CONTROL_KEY to the key"
                + " the order-router verifies with (unsigned, the router would refuse it)");
    }

    @Test
    void aParameterChangeWithoutTheKeyIsRefused() {
        CtlRun run = ctl(NO_KEY, "--bootstrap", "127.0.0.1:1", "set-param", "k_inv", "0.05");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("set-param k_inv 0.05 raises risk and must be signed");
    }

    @Test
    void anOutOfRangeParameterIsRefusedEvenWithTheKey() {
        // 0.8: ctl and the router used to accept it (range 0..1) while the quoter ignored it (0..0.5); one registry now
        CtlRun run = ctl(Map.of("MM_CONTROL_KEY", "k"), "set-param", "k_inv", "0.8");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("k_inv 0.8 is out of range [0, 0.5]", "not clamped");
    }

    @Test
    void aValueThatIsNotANumberIsABadArgument() {
        CtlRun run = ctl(NO_KEY, "set-fraction", "five");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'five' is not a decimal number");
    }

    @Test
    void anUnreachableBrokerExitsOneNamingTheBootstrap() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + closedPort;

        CtlRun kill = ctl(NO_KEY, "--bootstrap", bootstrap, "--timeout", "1500ms", "kill", "--reason", "test");
        CtlRun status = ctl(NO_KEY, "--bootstrap", bootstrap, "--timeout", "1500ms", "status", "--json");

        assertThat(kill.exit()).isEqualTo(1);
        assertThat(kill.err().lines()).singleElement().asString().startsWith("mm ctl: cannot reach Kafka at " + bootstrap);
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).isEmpty();
    }

    @Test
    void withoutASubcommandItPrintsUsageAndExitsTwo() {
        CtlRun run = ctl(NO_KEY);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("kill", "enable", "set-fraction", "cancel-all", "set-param", "status");
    }
}
