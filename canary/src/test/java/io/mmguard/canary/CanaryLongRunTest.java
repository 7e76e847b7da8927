package io.mmguard.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controller's outputs over {@link LongRun}, pinned in {@value #GOLDEN}: every command, alert and tick in full, and
 * every status the status store held (a digest each, the full JSON of every 100th and the last). A change to what the
 * controller decides, writes or reads off its windows is a visible diff; regenerate with {@code -Dmm.golden.update=true}
 * only for an intended change, and review it.
 */
class CanaryLongRunTest {

    private static final String GOLDEN = "canary-long-run.txt";

    @Test
    void aLongMixedRunWritesExactlyThePinnedCommandsAlertsTicksAndStatuses() throws IOException {
        LongRun.Transcript transcript = LongRun.run();

        List<String> lines = new ArrayList<>(transcript.outputLines());
        List<String> statuses = transcript.statuses();
        for (int i = 0; i < statuses.size(); i++) {
            lines.add("status " + i + " " + digest(statuses.get(i)));
            if (i % 100 == 0 || i == statuses.size() - 1) {
                lines.add("status " + i + " " + statuses.get(i));
            }
        }
        String actual = String.join("\n", lines) + "\n";

        Path golden = Path.of("src", "test", "resources", GOLDEN);
        if (Boolean.getBoolean("mm.golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file %s is missing; create it with -Dmm.golden.update=true", golden).exists();
        assertThat(transcript.commands()).as("the run exercises promotions, a step back and every rollback").hasSizeGreaterThan(20);
        assertThat(actual).as("the controller's outputs differ from %s", golden).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
