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

@ResourceLock(Resources.SYSTEM_OUT)
class SmokeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void theSeedsSmokeCaseQuotesFiveBasisPointsOnBothPaths() {
        int exit = Main.run("smoke", "--mid", "17159268", "--bps", "5", "--tick", "1", "--json");

        assertThat(exit).isZero();
        assertThat(stdout()).isEqualTo("{\"mid\":17159268,\"cfg_bp\":5,\"tick\":1,\"bid\":17154978,\"ask\":17163558,"
                + "\"implied_bp\":5.000213295812,\"err_bp\":0.000213295812,\"tick_bp\":0.000582775442,\"path\":\"both\",\"sanity\":\"ok\","
                + "\"inv\":0,\"k_inv\":0}\n");
    }

    @Test
    void aLongInventoryWithKInvSkewsBothPricesDownPerSide() {
        // bid_half = half x (1 + 0.1 x 0.5) = 1.05 half, ask_half = 0.95 half (QuoteMathTest has the same case)
        int exit = Main.run("smoke", "--mid", "17159268", "--bps", "5", "--tick", "1", "--inv", "0.5", "--k-inv", "0.1");

        assertThat(exit).isZero();
        assertThat(stdout()).startsWith("[QUOTE_PATH] both mid=17159268 cfg_bp=5 bid=17154763 ask=17163344 ")
                .endsWith(" k_inv=0.1 inv=0.5\n");
    }

    @Test
    void anInventoryOutsideTheCapOrAKInvAboveHalfIsRefusedSayingWhatWouldBeRight() {
        assertThat(Main.run("smoke", "--mid", "100", "--bps", "5", "--tick", "0.01", "--inv", "1.5")).isEqualTo(2);
        assertThat(stderr()).contains("--inv 1.5 must be in [-1, 1]");
        assertThat(Main.run("smoke", "--mid", "100", "--bps", "5", "--tick", "0.01", "--k-inv", "0.8")).isEqualTo(2);
        assertThat(stderr()).contains("k_inv 0.8 is out of range [0, 0.5]");
    }

    @Test
    void pricesPrintAsExactDecimals() {
        int exit = Main.run("smoke", "--mid", "4295.75", "--bps", "2", "--tick", "0.1", "--path", "fast");

        assertThat(exit).isZero();
        assertThat(stdout()).isEqualTo("[QUOTE_PATH] fast mid=4295.75 cfg_bp=2 bid=4295.3 ask=4296.2 implied_bp=2.095093988244"
                + " err_bp=0.095093988244\n");
    }

    @Test
    void theGuardFiringExitsNonZeroWithTheSeedsTag() {
        int exit = Main.run("smoke", "--mid", "100", "--bps", "5", "--tick", "10");

        assertThat(exit).isEqualTo(1);
        assertThat(stderr()).startsWith("[QUOTE_SANITY_FAIL] implied_bp=2000 > limit=100 (cfg=5, max=100)");
    }

    @Test
    void badArgumentsGiveAOneLineUsageError() {
        assertThat(Main.run("smoke", "--mid", "abc", "--bps", "5", "--tick", "1")).isEqualTo(2);
        assertThat(Main.run("smoke", "--mid", "1", "--bps", "-5", "--tick", "1")).isEqualTo(2);
        assertThat(Main.run("smoke", "--mid", "1", "--bps", "5", "--tick", "0")).isEqualTo(2);

        assertThat(stderr().lines()).containsExactly(
                "mm smoke: Invalid value for option '--mid': 'abc' is not a decimal number (e.g. 17159268 or 0.01) (see: bin/mm smoke --help)",
                "mm smoke: --bps -5 must be >= 0 (basis points: 5 means 0.05%) (see: bin/mm smoke --help)",
                "mm smoke: --tick 0 must be > 0, e.g. 1 or 0.01 (see: bin/mm smoke --help)");
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
