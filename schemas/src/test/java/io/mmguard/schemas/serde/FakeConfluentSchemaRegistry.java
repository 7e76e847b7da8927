package io.mmguard.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A real HTTP server on 127.0.0.1 (JDK HttpServer, ephemeral port) speaking the two Confluent Schema
 * Registry endpoints the client uses, with Confluent's JSON shapes and error bodies:
 * {@code POST /subjects/{subject}/versions} (BACKWARD check with Avro's SchemaCompatibility, like Confluent;
 * 409 when incompatible, 422 when the schema does not parse) and {@code GET /schemas/ids/{id}} (404 / 40403
 * when unknown). Ids are handed out from 1 in registration order; the same schema keeps its id across
 * subjects. Counts requests, can fail the next request on demand, and can hold answers to provoke timeouts.
 */
final class FakeConfluentSchemaRegistry implements AutoCloseable {
  private static final Pattern REGISTER = Pattern.compile("^/subjects/([^/]+)/versions$");
  private static final Pattern BY_ID = Pattern.compile("^/schemas/ids/(-?\\d+)$");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentMap<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
  private final AtomicReference<Failure> nextFailure = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
  private final List<String> contentTypes = new ArrayList<>();
  // guarded by this
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<Integer, String> schemaTextById = new HashMap<>();
  private final Map<String, Integer> idBySchemaText = new HashMap<>();

  private record Failure(int status, String body) {}

  private FakeConfluentSchemaRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  static FakeConfluentSchemaRegistry start() throws IOException {
    FakeConfluentSchemaRegistry registry = new FakeConfluentSchemaRegistry();
    registry.server.start();
    return registry;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests arrived for e.g. "POST /subjects/mm.quotes-value/versions" or "GET /schemas/ids/1". */
  int requests(String methodAndPath) {
    AtomicInteger count = requestCounts.get(methodAndPath);
    return count == null ? 0 : count.get();
  }

  int totalRequests() {
    return requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<String> contentTypesSeen() {
    return List.copyOf(contentTypes);
  }

  /** Registers directly, bypassing HTTP and compatibility checks (as if another client had done it). */
  synchronized int preload(String subject, Schema schema) {
    int id = idFor(schema.toString());
    subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  /** The next request is answered with this status and body instead of being served. */
  void failNextRequest(int status, String body) {
    nextFailure.set(new Failure(status, body));
  }

  /** Requests wait (up to 30 s) until the returned handle is closed; for timeout tests. */
  AutoCloseable holdAnswers() {
    CountDownLatch latch = new CountDownLatch(1);
    hold.set(latch);
    return () -> {
      hold.set(null);
      latch.countDown();
    };
  }

  @Override
  public void close() {
    CountDownLatch latch = hold.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getRawPath();
      requestCounts.computeIfAbsent(exchange.getRequestMethod() + " " + URLDecoder.decode(path, StandardCharsets.UTF_8),
          k -> new AtomicInteger()).incrementAndGet();
      awaitRelease();
      Failure failure = nextFailure.getAndSet(null);
      if (failure != null) {
        respond(exchange, failure.status(), failure.body());
        return;
      }
      Matcher register = REGISTER.matcher(path);
      Matcher byId = BY_ID.matcher(path);
      if (exchange.getRequestMethod().equals("POST") && register.matches()) {
        register(exchange, URLDecoder.decode(register.group(1), StandardCharsets.UTF_8));
      } else if (exchange.getRequestMethod().equals("GET") && byId.matches()) {
        schemaById(exchange, Integer.parseInt(byId.group(1)));
      } else {
        respond(exchange, 404, error(404, "HTTP 404 Not Found"));
      }
    } finally {
      exchange.close();
    }
  }

  private void awaitRelease() {
    CountDownLatch latch = hold.get();
    if (latch != null) {
      try {
        latch.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void register(HttpExchange exchange, String subject) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    synchronized (this) {
      contentTypes.add(contentType);
    }
    if (contentType == null || !(contentType.startsWith("application/vnd.schemaregistry")
        || contentType.startsWith("application/json"))) {
      respond(exchange, 415, error(415, "HTTP 415 Unsupported Media Type"));
      return;
    }
    JsonNode body = json.readTree(exchange.getRequestBody());
    Schema schema;
    try {
      schema = new Schema.Parser().parse(body.path("schema").asText());
    } catch (SchemaParseException e) {
      respond(exchange, 422, error(42201, "Invalid schema " + e.getMessage()));
      return;
    }
    synchronized (this) {
      List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
      int id = idFor(schema.toString());
      if (!versions.contains(id) && !versions.isEmpty()) {
        Schema latest = new Schema.Parser().parse(schemaTextById.get(versions.get(versions.size() - 1)));
        SchemaCompatibility.SchemaPairCompatibility result =
            SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
          StringBuilder details = new StringBuilder();
          for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
            details.append(details.length() == 0 ? "" : ", ").append("{errorType:'").append(i.getType())
                .append("', description:'").append(i.getMessage()).append("', location:'").append(i.getLocation())
                .append("'}");
          }
          respond(exchange, 409, error(409, "Schema being registered is incompatible with an earlier schema for"
              + " subject \"" + subject + "\", details: [" + details + "]"));
          return;
        }
      }
      if (!versions.contains(id)) {
        versions.add(id);
      }
      respond(exchange, 200, json.writeValueAsString(Map.of("id", id)));
    }
  }

  private void schemaById(HttpExchange exchange, int id) throws IOException {
    String text;
    synchronized (this) {
      text = schemaTextById.get(id);
    }
    if (text == null) {
      respond(exchange, 404, error(40403, "Schema " + id + " not found"));
    } else {
      respond(exchange, 200, json.writeValueAsString(Map.of("schema", text)));
    }
  }

  private int idFor(String schemaText) {
    return idBySchemaText.computeIfAbsent(schemaText, text -> {
      int id = schemaTextById.size() + 1;
      schemaTextById.put(id, text);
      return id;
    });
  }

  private String error(int code, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    return json.writeValueAsString(body);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
