package io.mmguard.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mm bench --quick --json} on a tiny scale, in its own JVM on real embedded brokers: one rate, two-second windows,
 * 2,000 records, three kills, the JMH run inside the JVM. Checks the contract keys and that every figure is a sane measurement,
 * not that it meets a target (a loaded machine may miss them).
 */
@Tag("integration")
@Timeout(240)
class BenchCommandTest {

    @TempDir
    Path work;

    @Test
    void aTinyQuickBenchPrintsOneJsonObjectWithEveryHeadlineFigureAndItsDetail() throws Exception {
        Path out = work.resolve("bench.out");
        Path err = work.resolve("bench.err");
        Process bench = start(out, err, "bench", "--quick", "--json", "--rates", "2000", "--duration", "2s", "--warmup", "1s",
                "--records", "2000", "--kills", "3", "--jmh-forks", "0");

        assertThat(bench.waitFor(200, TimeUnit.SECONDS)).as("bench finishes").isTrue();
        assertThat(bench.exitValue()).as(tail(err)).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(out));

        assertThat(json.isObject()).isTrue();
        for (String key : List.of("e2e_p99_ms_eos", "e2e_p99_ms_alos", "throughput_ratio", "kill_p99_ms", "quote_mops", "targets",
                "machine", "baselines", "pipeline", "cpu_s_per_1k", "kill", "quote_math", "notes")) {
            assertThat(json.has(key)).as("key " + key).isTrue();
        }
        assertThat(json.get("notes").toString()).as("no phase failed").doesNotContain("failed:");
        assertSaneMillisOrNull(json.get("e2e_p99_ms_eos"));
        assertSaneMillisOrNull(json.get("e2e_p99_ms_alos"));
        assertThat(json.get("throughput_ratio").asDouble()).isPositive();
        assertThat(json.get("kill_p99_ms").asDouble()).isPositive().isLessThan(60_000);
        assertThat(json.get("quote_mops").asDouble()).isPositive();
        assertThat(json.at("/targets/quote_mops/met").isBoolean()).isTrue();
        assertThat(json.at("/machine/cores").asInt()).isPositive();
        assertThat(json.at("/machine/java_version").asText()).startsWith("17");
        for (String baseline : List.of("passthrough", "one_hop_eos", "one_hop_alos")) {
            assertThat(json.at("/baselines/" + baseline + "/flat_out_rec_per_s").asDouble()).as(baseline).isPositive();
            assertThat(json.at("/baselines/" + baseline + "/latency/count").asLong()).as(baseline).isPositive();
        }
        for (String mode : List.of("eos", "alos")) {
            JsonNode step = json.at("/pipeline/" + mode + "/rates/0");
            assertThat(step.get("offered_per_s").asInt()).isEqualTo(2_000);
            assertThat(step.get("books").asLong()).as(mode + " books offered").isPositive();
            for (String stage : List.of("book_to_quote", "book_to_decision", "book_to_order", "book_to_live_order")) {
                // on a loaded machine a stage may lag past the window's grace period: then it has no figures, never wrong ones
                JsonNode latency = step.at("/latency/" + stage);
                if (latency.get("count").asLong() > 0) {
                    assertThat(latency.get("p99_ms").asDouble()).as(mode + " " + stage).isPositive().isLessThan(60_000);
                    assertThat(latency.get("max_ms").asDouble()).isGreaterThanOrEqualTo(latency.get("p99_ms").asDouble());
                }
            }
            assertThat(step.at("/cpu_s_per_1k/quoter").asDouble()).as(mode + " quoter CPU").isPositive();
            assertThat(json.at("/pipeline/" + mode + "/flat_out/rate_per_s").asDouble()).as(mode + " flat out").isPositive();
            JsonNode carried = json.at("/pipeline/" + mode + "/book_timestamp_carried");
            assertThat(carried.get("checked").asLong()).isPositive();
            assertThat(carried.get("equal").asLong()).as(carried.toString()).isEqualTo(carried.get("checked").asLong());
        }
        assertThat(json.at("/kill/kills").asInt()).isEqualTo(3);
    }

    private static void assertSaneMillisOrNull(JsonNode value) {
        if (!value.isNull()) {
            assertThat(value.asDouble()).isPositive().isLessThan(60_000);
        }
    }

    private static Process start(Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
