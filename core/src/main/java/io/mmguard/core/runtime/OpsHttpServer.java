package io.mmguard.core.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mmguard.core.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves {@code /metrics} (Prometheus text) and {@code /health} (200 only when the Streams app is RUNNING). */
public final class OpsHttpServer implements AutoCloseable {

    private final HttpServer server;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} (0 picks a free port). An occupied port is refused with a message that
     * names the service, the port and the config key to change.
     */
    public static OpsHttpServer start(String service, String host, int port, Supplier<String> metrics, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new ConfigException(service + ": metrics port " + port + " on " + host
                    + " is already in use; set metrics.port to a free port (0 picks one) or stop the process using it", e);
        } catch (IOException e) {
            throw new ConfigException(service + ": cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/health", exchange -> {
            Health now = health.get();
            respond(exchange, now.ready() ? 200 : 503, "application/json",
                    "{\"service\":\"" + service + "\",\"state\":\"" + now.state() + "\",\"ready\":" + now.ready() + "}");
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, service + "-ops-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new OpsHttpServer(server);
    }

    /** The bound port (useful when 0 was asked). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** What {@code /health} reports. */
    public record Health(String state, boolean ready) {
    }
}
