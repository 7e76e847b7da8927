package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/mm demo} as a user runs it: its own JVM, a real broker, real output. */
@Tag("integration")
@Timeout(240)
class DemoCommandTest {

    @TempDir
    Path work;

    @Test
    void demoMovesBookUpdatesThroughEveryStageAndPrintsTheJsonSummary() throws Exception {
        Demo demo = Demo.start(work, "run", "demo", "--duration", "15s", "--port", Integer.toString(Tools.freePort()), "--json",
                "--rate", "100");

        assertThat(demo.process.waitFor(120, TimeUnit.SECONDS)).as("demo exits after its duration").isTrue();
        assertThat(demo.process.exitValue()).as(demo.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(demo.out());
        long books = summary.get("book_updates").asLong();
        assertThat(books).isGreaterThan(100);
        long quotes = summary.get("quotes").asLong();
        long pass = summary.get("decisions_pass").asLong();
        assertThat(quotes + summary.get("quotes_denied").asLong()).as("every book update was quoted or denied").isEqualTo(books);
        assertThat(summary.get("decisions").asLong()).as("every quote and denial got a decision (plus feed-silence freezes)")
                .isGreaterThanOrEqualTo(quotes + summary.get("quotes_denied").asLong());
        assertThat(pass).as("symbols pass once warmed up").isPositive();
        assertThat(summary.get("orders_shadow").asLong()).as("shadow orders flow, at most one per side of each PASS")
                .isBetween(1L, 2 * pass);
        if (summary.get("orders_live").asLong() > 0) {
            assertThat(summary.get("exec_reports").asLong()).as("live orders reach the paper exchange, which reports on them")
                    .isPositive();
        }
        assertThat(summary.has("kills")).isTrue();
        assertThat(summary.has("alerts")).isTrue();
        assertThat(demo.err()).contains("bootstrap 127.0.0.1:", "quoter metrics http://127.0.0.1:",
                "risk-gate metrics http://127.0.0.1:", "order-router metrics http://127.0.0.1:");
    }

    @Test
    void theSeedIncidentScenarioKillsCancelsAndAlertsAndNoLiveOrderFollowsTheKill() throws Exception {
        Demo demo = Demo.start(work, "incident", "demo", "--duration", "30s", "--port", Integer.toString(Tools.freePort()), "--json",
                "--scenario", "incident");

        assertThat(demo.process.waitFor(150, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.process.exitValue()).as(demo.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(demo.out());
        assertThat(summary.get("scenario").asText()).isEqualTo("incident");
        assertThat(summary.get("kills").asLong()).isPositive();
        assertThat(summary.get("orders_live_after_kill").asLong()).isZero();
        String timeline = summary.get("timeline").toString();
        assertThat(timeline).contains("ENABLE_LIVE by demo-operator", "DISABLE_LIVE by risk-gate", "CANCEL_ALL by risk-gate",
                "QUOTE_SANITY_FAIL");
        assertThat(timeline.indexOf("DISABLE_LIVE by risk-gate")).as("the kill comes before its cancel-all")
                .isLessThan(timeline.indexOf("CANCEL_ALL by risk-gate"));
    }

    @Test
    void anUnknownScenarioIsRefusedInOneLine() throws Exception {
        Demo demo = Demo.start(work, "bad", "demo", "--scenario", "meteor");

        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.process.exitValue()).isEqualTo(2);
        assertThat(demo.err()).contains("mm demo: --scenario meteor is not one of calm, incident, stale-feed, reject-storm, price-jump");
    }

    @Test
    void aSecondDemoWhileOneRunsIsRefusedAndTheFirstStopsCleanlyOnSigterm() throws Exception {
        Demo first = Demo.start(work, "first", "demo", "--duration", "120s", "--port", Integer.toString(Tools.freePort()));
        Eventually.await(Duration.ofSeconds(90), "the first demo to be running", first::out, () -> first.out().contains("running"));

        Demo second = Demo.start(work, "second", "demo", "--port", Integer.toString(Tools.freePort()), "--duration", "5s");
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.exitValue()).isEqualTo(2);
        assertThat(second.err()).contains("mm demo: another bin/mm demo is already running on this machine (pid "
                + first.process.pid() + ", bootstrap 127.0.0.1:");

        first.process.destroy(); // SIGTERM, as Ctrl-C would: drain, close, summarise
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.out()).contains("stopping: draining the pipeline", "summary: ");
    }

    @Test
    void anOccupiedBrokerPortIsRefusedInOneLine() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Demo demo = Demo.start(work, "busy", "demo", "--port", Integer.toString(squatter.getLocalPort()));

            assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.process.exitValue()).isEqualTo(2);
            assertThat(demo.err()).contains("mm demo: cannot start the embedded Kafka broker: port " + squatter.getLocalPort()
                    + " on 127.0.0.1 is already in use; choose another with --port or stop the process using it");
        }
    }


    /** The CLI in its own JVM, with the test classpath and this test's own demo lock. */
    private record Demo(Process process, Path stdout, Path stderr) {

        static Demo start(Path work, String name, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                    "-Dmm.demo.lock=" + work.resolve("demo.lock"), "-Dlogback.configurationFile=logback.xml",
                    "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main"));
            command.addAll(List.of(args));
            Path out = work.resolve(name + ".out");
            Path err = work.resolve(name + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Demo(process, out, err);
        }

        String out() {
            return read(stdout);
        }

        String err() {
            return read(stderr);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
        }
    }
}
