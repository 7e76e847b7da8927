package io.mmguard.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;

/**
 * Pins {@code topology.describe()} in a file under {@code src/test/resources}, so a topology change
 * is a visible diff in review. Regenerate with {@code -Dmm.golden.update=true}.
 */
public final class GoldenTopology {

    private GoldenTopology() {
    }

    public static void assertMatches(Topology topology, String resourceName) {
        Path golden = Path.of("src", "test", "resources", resourceName);
        String actual = topology.describe().toString().strip() + "\n";
        try {
            if (Boolean.getBoolean("mm.golden.update")) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            assertThat(golden).as("golden topology file %s is missing; create it with -Dmm.golden.update=true", golden).exists();
            assertThat(actual)
                    .as("topology differs from %s; if the change is intended, rerun with -Dmm.golden.update=true and review the diff",
                            golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
