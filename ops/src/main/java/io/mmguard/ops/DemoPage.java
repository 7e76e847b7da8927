package io.mmguard.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The demo's live page on loopback: {@code /} is a small HTML page that polls {@code /api/state}
 * (JSON: canary stage and fraction, kill switch, err_bp P99 of the last quotes, live and shadow
 * counts, the last alerts) once a second and draws the live/shadow order counts.
 */
final class DemoPage implements AutoCloseable {

    private final HttpServer server;

    private DemoPage(HttpServer server) {
        this.server = server;
    }

    static DemoPage start(PipelineCounter counter, Supplier<DemoSummary> summary, String scenario) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        byte[] page;
        try (InputStream in = DemoPage.class.getResourceAsStream("/demo-page.html")) {
            page = in.readAllBytes();
        }
        ObjectMapper json = new ObjectMapper();
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", page);
        });
        server.createContext("/api/state", exchange -> respond(exchange, 200, "application/json",
                json.writeValueAsBytes(state(counter, summary.get(), scenario))));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mm-demo-page");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new DemoPage(server);
    }

    static Map<String, Object> state(PipelineCounter counter, DemoSummary summary, String scenario) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("scenario", scenario);
        ControlState control = counter.latestState();
        state.put("live", control != null && control.getLiveEnabled());
        state.put("kill_switch_state", control != null && control.getLiveEnabled() ? 0 : 1);
        state.put("fraction", control == null ? "0" : Decimals.plain(control.getFraction()));
        state.put("trading_state", control == null ? "UNKNOWN" : control.getTradingState().name());
        state.put("control_version", control == null ? -1 : control.getVersion());
        state.put("stage", counter.canaryStage());
        double p99 = counter.recentErrBpP99();
        state.put("err_bp_p99", Double.isNaN(p99) ? null : p99);
        state.putAll(summary.asMap());
        state.put("recent_alerts", counter.recentAlerts());
        return state;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
