package io.mmguard.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API, on {@link java.net.http.HttpClient}.
 *
 * <p>Uses {@code POST /subjects/{subject}/versions} with {@code {"schema": "..."}} to register (answer
 * {@code {"id": N}}) and {@code GET /schemas/ids/{id}} to fetch (answer {@code {"schema": "..."}}). Both
 * directions are cached for the life of the client, so each schema costs at most one request per process.
 * Errors become {@link SchemaRegistryException}s naming the URL, the subject or id, and the registry's
 * {@code error_code} and {@code message}; HTTP 409 becomes {@link IncompatibleSchemaException} and
 * HTTP 404 on an id {@link UnknownSchemaIdException}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  /** Default time allowed to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default time allowed for a whole request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** The content type Confluent's registry speaks. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final String baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentMap<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  /** Cache key; Schema.equals compares the whole schema. */
  private record SubjectSchema(String subject, Schema schema) {}

  /** A client with the default timeouts. */
  public HttpSchemaRegistryClient(String baseUrl) {
    this(baseUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * @param baseUrl the registry's base URL, e.g. {@code http://localhost:8081} (a path prefix is kept)
   * @param connectTimeout time allowed to open a connection
   * @param requestTimeout time allowed for each request, from sending to the complete answer
   */
  public HttpSchemaRegistryClient(String baseUrl, Duration connectTimeout, Duration requestTimeout) {
    this.baseUrl = validatedBase(baseUrl);
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    this.requestTimeout = positive(requestTimeout, "requestTimeout");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    URI uri = URI.create(baseUrl + "/subjects/" + pathSegment(subject) + "/versions");
    String what = "register " + schema.getFullName() + " under subject '" + subject + "'";
    HttpRequest request = request(uri)
        .header("Content-Type", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(registrationBody(schema), StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response = send(request, what);
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw failure(response, what, subject, -1);
    }
    JsonNode id = parse(response, what).get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new SchemaRegistryException(unexpected(response, what, "no integer \"id\" in the answer"));
    }
    int schemaId = id.asInt();
    idBySubjectSchema.putIfAbsent(key, schemaId);
    schemaById.putIfAbsent(schemaId, schema);
    log.debug("Schema registry {} has {} under subject '{}' as id {}", baseUrl, schema.getFullName(), subject,
        schemaId);
    return schemaId;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    URI uri = URI.create(baseUrl + "/schemas/ids/" + id);
    String what = "fetch schema id " + id;
    HttpResponse<String> response = send(request(uri).GET().build(), what);
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw failure(response, what, null, id);
    }
    JsonNode answer = parse(response, what);
    JsonNode schemaType = answer.get("schemaType");
    if (schemaType != null && !schemaType.asText().equals("AVRO")) {
      throw new SchemaRegistryException(unexpected(response, what,
          "schema id " + id + " is a " + schemaType.asText() + " schema, expected AVRO"));
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(unexpected(response, what, "no \"schema\" string in the answer"));
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(unexpected(response, what,
          "schema id " + id + " is not a valid Avro schema: " + OneLine.of(e.getMessage())), e);
    }
    Schema previous = schemaById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public String location() {
    return baseUrl;
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", ACCEPT);
  }

  private String registrationBody(Schema schema) {
    try {
      return json.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the registration body for " + schema.getFullName(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    String call = request.method() + " " + request.uri();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new SchemaRegistryException("cannot " + what + ": could not connect to schema registry " + baseUrl
          + " within " + connectTimeout.toMillis() + " ms (" + call + ")", e);
    } catch (HttpTimeoutException e) {
      throw new SchemaRegistryException("cannot " + what + ": schema registry " + baseUrl
          + " did not answer within " + requestTimeout.toMillis() + " ms (" + call + ")", e);
    } catch (ConnectException e) {
      throw new SchemaRegistryException("cannot " + what + ": connection to schema registry " + baseUrl
          + " refused (" + call + "); check schema.registry.url and that the registry is running", e);
    } catch (IOException e) {
      throw new SchemaRegistryException("cannot " + what + ": I/O error talking to schema registry " + baseUrl
          + " (" + call + "): " + OneLine.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while trying to " + what + " at schema registry " + baseUrl
          + " (" + call + ")", e);
    }
  }

  private SchemaRegistryException failure(HttpResponse<String> response, String what, String subject, int id) {
    String detail = errorDetail(response.body());
    String message = "cannot " + what + ": schema registry " + baseUrl + " answered HTTP " + response.statusCode()
        + " to " + response.request().method() + " " + response.request().uri() + ": " + detail;
    if (response.statusCode() == 409 && subject != null) {
      return new IncompatibleSchemaException(subject, message);
    }
    if (response.statusCode() == 404 && id >= 0) {
      return new UnknownSchemaIdException(id, message);
    }
    return new SchemaRegistryException(message);
  }

  /** "error_code 409: message" from a Confluent error body, or the (shortened) body itself. */
  private String errorDetail(String body) {
    try {
      JsonNode error = json.readTree(body);
      if (error != null && error.isObject() && (error.has("error_code") || error.has("message"))) {
        return "error_code " + error.path("error_code").asText("?") + ": " + OneLine.of(error.path("message").asText(""));
      }
    } catch (JsonProcessingException notJson) {
      // fall through: report the raw body
    }
    return body == null || body.isBlank() ? "(empty body)" : "body: " + shorten(OneLine.of(body));
  }

  private JsonNode parse(HttpResponse<String> response, String what) {
    try {
      JsonNode node = json.readTree(response.body());
      if (node == null || !node.isObject()) {
        throw new SchemaRegistryException(unexpected(response, what, "the answer is not a JSON object"));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(unexpected(response, what, "the answer is not JSON"), e);
    }
  }

  private String unexpected(HttpResponse<String> response, String what, String problem) {
    return "cannot " + what + ": unexpected answer from schema registry " + baseUrl + " to "
        + response.request().method() + " " + response.request().uri() + " (HTTP " + response.statusCode() + "): "
        + problem + "; body: " + shorten(OneLine.of(response.body()));
  }

  private static String shorten(String text) {
    return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  private static String pathSegment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String validatedBase(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String trimmed = baseUrl.strip();
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' is not a valid URL; expected"
          + " something like http://localhost:8081", e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' must be http:// or https://"
          + " with a host, e.g. http://localhost:8081");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("schema registry URL must not carry credentials (user:password@);"
          + " expected something like http://localhost:8081");
    }
    return trimmed.replaceAll("/+$", "");
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
    return duration;
  }
}
