package io.mmguard.it.deploy;

import io.mmguard.it.Tools;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped Prometheus files, checked by Prometheus's own promtool: the rules parse, every rule's
 * unit test passes (Warn/Crit durations from the seed), and the scrape config is valid. Skipped with
 * the reason where promtool is not installed ({@code .ci/run} installs it).
 */
@Tag("deploy")
@Timeout(120)
class PrometheusRulesTest {

    private static final Path DEPLOY = Path.of("..", "deploy", "prometheus").toAbsolutePath().normalize();

    @BeforeAll
    static void needsPromtool() {
        Assumptions.assumeTrue(Tools.onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus);"
                + " skipping the Prometheus rule tests");
    }

    @Test
    void theAlertRulesParse() throws Exception {
        Result result = promtool("check", "rules", "rules/mm-alerts.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyAlertRulePassesItsUnitTest() throws Exception {
        Result result = promtool("test", "rules", "tests/mm-alerts-test.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleHasAUnitTest() throws IOException {
        String rules = Files.readString(DEPLOY.resolve("rules/mm-alerts.yml"));
        String tests = Files.readString(DEPLOY.resolve("tests/mm-alerts-test.yml"));

        rules.lines().map(String::strip).filter(line -> line.startsWith("- alert: "))
                .map(line -> line.substring("- alert: ".length()))
                .forEach(alert -> assertThat(tests).as("a test for " + alert).contains("alertname: " + alert + "\n"));
    }

    @Test
    void theScrapeConfigIsValid() throws Exception {
        Result result = promtool("check", "config", "prometheus.yml");

        assertThat(result.exit()).as(result.output()).isZero();
    }

    private static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DEPLOY.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }


    private record Result(int exit, String output) {
    }
}
