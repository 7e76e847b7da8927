package io.mmguard.it.deploy;

import io.mmguard.it.Tools;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's PromQL, pasted as-is into a real Prometheus that scrapes a running {@code bin/mm demo}
 * on loopback, and every panel query of the shipped Grafana dashboard: every query returns data. Skipped with the reason where Prometheus is not installed
 * ({@code .ci/run} installs it).
 */
@Tag("deploy")
@Timeout(240)
class SeedQueriesOnPrometheusTest {

    /** The seed's queries, letter for letter. */
    private static final Map<String, String> SEED_QUERIES = new LinkedHashMap<>();

    static {
        SEED_QUERIES.put("quote accuracy P99", "histogram_quantile(0.99, sum by (le)(rate(mm_quote_err_bp_bucket[5m])))");
        SEED_QUERIES.put("newOrder 2xx rate", "sum(rate(mm_order_new_total{result=\"2xx\"}[5m])) / sum(rate(mm_order_new_total[5m]))");
        SEED_QUERIES.put("cancel P99", "histogram_quantile(0.99, sum by (le)(rate(mm_cancel_latency_ms_bucket[5m])))");
        SEED_QUERIES.put("slippage P95 by side", "histogram_quantile(0.95, sum by (le,side)(rate(mm_exec_slippage_bp_bucket[5m])))");
        SEED_QUERIES.put("canary fraction", "mm_canary_fraction");
        SEED_QUERIES.put("kill switch", "mm_kill_switch_state");
        SEED_QUERIES.put("L2 age P99", "histogram_quantile(0.99, sum by (le)(rate(mm_l2_age_ms_bucket[5m])))");
    }

    @TempDir
    Path work;

    @Test
    void everySeedQueryReturnsDataFromARunningDemo() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("prometheus"), "prometheus is not installed (Debian: apt-get install prometheus);"
                + " skipping the live PromQL test");
        int brokerPort = Tools.freePort();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                "-Dmm.demo.lock=" + work.resolve("demo.lock"), "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), "io.mmguard.ops.Main",
                "demo", "--duration", "120s", "--port", Integer.toString(brokerPort), "--scenario", "calm")
                .redirectOutput(work.resolve("demo.out").toFile()).redirectError(work.resolve("demo.err").toFile()).start();
        Process prometheus = null;
        try {
            List<String> targets = awaitTargets(work.resolve("demo.out"));
            int webPort = Tools.freePort();
            Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: mmguard\n"
                    + "    static_configs:\n      - targets: [" + String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList()) + "]\n");
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();

            HttpClient http = HttpClient.newHttpClient();
            Map<String, String> missing = new LinkedHashMap<>(SEED_QUERIES);
            missing.putAll(dashboardQueries());
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline && demo.isAlive()) {
                missing.entrySet().removeIf(query -> hasData(http, webPort, query.getValue()));
                if (!missing.isEmpty()) {
                    Thread.sleep(1_000); // Prometheus scrapes once a second; poll at the same pace
                }
            }
            assertThat(missing).as("seed queries without data (prometheus log: %s)", work.resolve("prometheus.log")).isEmpty();
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(20, TimeUnit.SECONDS);
            }
            demo.destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Every panel of the shipped Grafana dashboard, except rejects by code: that counter exists only
     * once the exchange has rejected something, which a calm market may never do.
     */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> panels = new LinkedHashMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "deploy", "grafana", "dashboards", "mmguard.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            String expr = panel.get("targets").get(0).get("expr").asText();
            if (!expr.contains("mm_reject_total")) {
                panels.put("dashboard: " + panel.get("title").asText(), expr);
            }
        }
        return panels;
    }

    private static boolean hasData(HttpClient http, int port, String query) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode result = new ObjectMapper().readTree(response.body()).path("data").path("result");
            for (JsonNode series : result) {
                String value = series.path("value").get(1).asText();
                if (!value.equals("NaN")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // Prometheus still starting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> awaitTargets(Path out) throws IOException, InterruptedException {
        Pattern endpoint = Pattern.compile("metrics http://(127\\.0\\.0\\.1:\\d+)/metrics");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            if (text.contains("running for")) {
                List<String> targets = new ArrayList<>();
                Matcher matcher = endpoint.matcher(text);
                while (matcher.find()) {
                    targets.add(matcher.group(1));
                }
                return targets;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo did not print its metrics endpoints within 90 s: " + Files.readString(out));
    }


}
