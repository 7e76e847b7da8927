package io.mmguard.schemas.serde;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Chooses the schema registry from the services' {@code schema.registry.url} setting. */
public final class SchemaRegistries {
  /** The configuration key the services read. */
  public static final String URL_CONFIG = "schema.registry.url";

  private static final String VALID = URL_CONFIG + " must be empty (use the in-process local registry) or one"
      + " http:// or https:// URL of a Confluent-compatible schema registry, e.g. http://localhost:8081";

  private SchemaRegistries() {}

  /**
   * {@code null} or blank: a new {@link LocalSchemaRegistry}; {@code http://...} or {@code https://...}: an
   * {@link HttpSchemaRegistryClient} with default timeouts.
   *
   * @throws IllegalArgumentException for anything else, saying what a valid value looks like
   */
  public static SchemaRegistryClient fromUrl(String urlOrNull) {
    return fromUrl(urlOrNull, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT,
        HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT);
  }

  /** As {@link #fromUrl(String)}, with the HTTP client's timeouts. */
  public static SchemaRegistryClient fromUrl(String urlOrNull, Duration connectTimeout, Duration requestTimeout) {
    if (urlOrNull == null || urlOrNull.isBlank()) {
      return new LocalSchemaRegistry();
    }
    String url = urlOrNull.strip();
    if (url.contains(",")) {
      throw new IllegalArgumentException(VALID + "; got '" + urlOrNull + "' (several URLs are not supported)");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException(VALID + "; got '" + urlOrNull + "'");
    }
    try {
      return new HttpSchemaRegistryClient(url, connectTimeout, requestTimeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VALID + "; got '" + urlOrNull + "': " + e.getMessage(), e);
    }
  }

  /** {@link #fromUrl(String)} with the value of {@value #URL_CONFIG} in {@code configs} (absent: local). */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    Object url = configs.get(URL_CONFIG);
    return fromUrl(url == null ? null : url.toString());
  }
}
