package io.mmguard.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.ops.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_ERR)
class BenchCommandTest {

    @Test
    void refusedArgumentsExitTwoWithOneLineBeforeAnythingStarts() {
        assertThat(runRefused("--rates", "0,2000")).contains("--rates").contains("1..50000");
        assertThat(runRefused("--duration", "0s")).contains("--duration must be positive");
        assertThat(runRefused("--records", "5")).contains("--records 5 is out of range");
        assertThat(runRefused("--rates", "fast")).contains("Invalid value");
        assertThat(runRefused("--set", "commit.interval.ms")).contains("--set commit.interval.ms: expected KEY=VALUE");
        assertThat(runRefused("--partitions", "0")).contains("--partitions 0 is out of range (1..12)");
        assertThat(runRefused("--phases", "eos,fast")).contains("unknown [fast]").contains("baselines,eos,alos,quote");
    }

    private static String runRefused(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] full = new String[args.length + 1];
            full[0] = "bench";
            System.arraycopy(args, 0, full, 1, args.length);
            assertThat(Main.run(full)).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
