package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's live page in a real headless Chromium: it renders, runs its script, and shows the same
 * kill-switch state and canary fraction as the order-router's {@code /metrics}. Skipped with the
 * reason where Chromium is not installed ({@code .ci/run} installs it).
 */
@Tag("integration")
@Timeout(240)
class DemoPageTest {

    private static final List<String> CHROMIUM_FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TempDir
    Path work;

    @Test
    void thePageShowsWhatTheRouterExports() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed (Debian:"
                + " apt-get install chromium); skipping the demo page test");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                "-Dmm.demo.lock=" + work.resolve("demo.lock"), "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main",
                "demo", "--duration", "90s", "--port", Integer.toString(Tools.freePort()), "--scenario", "calm")
                .redirectOutput(work.resolve("demo.out").toFile()).redirectError(work.resolve("demo.err").toFile()).start();
        try {
            String out = awaitOutput("running for");
            String page = find(out, "demo page (http://127\\.0\\.0\\.1:\\d+/)");
            String metrics = find(out, "order-router metrics (http://127\\.0\\.0\\.1:\\d+/metrics)");
            HttpClient http = HttpClient.newHttpClient();
            Eventually.await(Duration.ofSeconds(60), "live trading enabled by the demo operator", () -> "not yet",
                    () -> metricValue(http, metrics, "mm_kill_switch_state").equals("0.0"));

            String mismatch = "";
            for (int attempt = 0; attempt < 5; attempt++) {
                String killBefore = metricValue(http, metrics, "mm_kill_switch_state");
                String fractionBefore = metricValue(http, metrics, "mm_canary_fraction");
                String dom = chromium("--virtual-time-budget=4000", "--dump-dom", page);
                String killAfter = metricValue(http, metrics, "mm_kill_switch_state");
                String fractionAfter = metricValue(http, metrics, "mm_canary_fraction");
                String kill = find(dom, "id=\"kill\" data-state=\"(\\d)\"");
                String fraction = find(dom, "id=\"fraction\">([0-9.]+)<");
                assertThat(dom).contains("id=\"stage\"", "id=\"err\"", "id=\"live\"", "id=\"shadow\"");
                boolean killMatches = same(kill, killBefore) || same(kill, killAfter);
                boolean fractionMatches = same(fraction, fractionBefore) || same(fraction, fractionAfter);
                if (killMatches && fractionMatches) {
                    chromium("--window-size=1100,700", "--virtual-time-budget=6000", "--screenshot=" + work.resolve("page.png"), page);
                    assertThat(work.resolve("page.png")).isNotEmptyFile();
                    return;
                }
                mismatch = "page kill=" + kill + " fraction=" + fraction + "; /metrics kill=" + killBefore + "/" + killAfter
                        + " fraction=" + fractionBefore + "/" + fractionAfter;
            }
            throw new AssertionError("the page never agreed with /metrics: " + mismatch);
        } finally {
            demo.destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static boolean same(String page, String metric) {
        return metric != null && !metric.isEmpty() && page != null
                && new java.math.BigDecimal(page).compareTo(new java.math.BigDecimal(metric)) == 0;
    }

    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/chromium"));
        command.addAll(CHROMIUM_FLAGS);
        command.add("--user-data-dir=" + work.resolve("chromium-profile"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(work.resolve("chromium.err").toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finishes").isTrue();
        return output;
    }

    private static String metricValue(HttpClient http, String url, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            String value = find(body, "(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.]+)$");
            return value == null ? "" : value;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private String awaitOutput(String marker) throws IOException, InterruptedException {
        Path out = work.resolve("demo.out");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains(marker)) {
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo did not print '" + marker + "' within 90 s");
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

}
