package io.mmguard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code bin/mm run} refuses what it cannot run with exit 2 and a line that says what would be right, before any Kafka I/O. */
@ResourceLock(Resources.SYSTEM_OUT)
class RunCommandTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
    }

    @Test
    void anUnknownServiceIsRefusedWithTheNamesItKnows() {
        assertThat(Main.run("run", "risk_gate", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("mm run: unknown service 'risk_gate'; one of quoter, risk-gate, order-router, canary,"
                + " notifier, paper-exchange, feed\n");
    }

    @Test
    void aSetWithoutAnEqualsSignIsRefused() {
        assertThat(Main.run("run", "quoter", "--bootstrap", "127.0.0.1:1", "--set", "metrics.port")).isEqualTo(2);
        assertThat(stderr()).contains("--set 'metrics.port' is not KEY=VALUE");
    }

    @Test
    void anUnknownKeyOfAStreamsServiceIsRefusedWithTheNearestKnownOne() {
        assertThat(Main.run("run", "risk-gate", "--bootstrap", "127.0.0.1:1", "--set", "risk.max.bps=50")).isEqualTo(2);
        assertThat(stderr()).contains("mm run risk-gate: refusing to start: risk-gate config: unknown key 'risk.max.bps'"
                + " (did you mean 'risk.max.bp'?)");
    }

    @Test
    void anUnknownOrOutOfRangeSimKeyIsRefused() {
        assertThat(Main.run("run", "feed", "--bootstrap", "127.0.0.1:1", "--set", "sim.rate=0")).isEqualTo(2);
        assertThat(stderr()).contains("mm run feed: refusing to start: ", "sim.rate");
        err.reset();
        assertThat(Main.run("run", "paper-exchange", "--bootstrap", "127.0.0.1:1", "--set", "sim.ack.ms=5")).isEqualTo(2);
        assertThat(stderr()).contains("mm run paper-exchange: refusing to start: paper-exchange config: unknown key 'sim.ack.ms'");
    }

    @Test
    void aMissingConfigFileIsRefusedWithItsPath() {
        assertThat(Main.run("run", "quoter", "--bootstrap", "127.0.0.1:1", "--config", "/nonexistent/quoter.properties"))
                .isEqualTo(2);
        assertThat(stderr()).contains("config file /nonexistent/quoter.properties does not exist");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
