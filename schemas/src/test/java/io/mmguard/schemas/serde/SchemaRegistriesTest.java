package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

  @ParameterizedTest(name = "\"{0}\" gives the in-process local registry")
  @NullSource
  @ValueSource(strings = {"", "   "})
  void no_url_gives_the_in_process_local_registry(String url) {
    assertThat(SchemaRegistries.fromUrl(url)).isInstanceOf(LocalSchemaRegistry.class);
  }

  @ParameterizedTest(name = "{0} gives an HTTP client for that registry")
  @ValueSource(strings = {"http://localhost:8081", "https://registry.example.com/", "HTTP://10.0.0.5:8081"})
  void an_http_or_https_url_gives_an_http_client_for_that_registry(String url) {
    SchemaRegistryClient client = SchemaRegistries.fromUrl(url);

    assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
    assertThat(client.location()).isEqualTo(url.replaceAll("/$", ""));
  }

  @ParameterizedTest(name = "\"{0}\" is refused with an example of a valid value")
  @ValueSource(strings = {"localhost:8081", "mock://test", "ftp://registry:21", "http://a:8081,http://b:8081",
      "http://user:secret@registry:8081", "http://"})
  void anything_else_is_refused_with_an_example_of_a_valid_value(String url) {
    assertThatThrownBy(() -> SchemaRegistries.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema.registry.url must be empty (use the in-process local registry) or one"
            + " http:// or https:// URL of a Confluent-compatible schema registry, e.g. http://localhost:8081;"
            + " got '" + url + "'");
  }

  @Test
  void the_services_config_key_selects_the_registry() {
    assertThat(SchemaRegistries.fromConfig(Map.of("schema.registry.url", "http://localhost:8081")))
        .isInstanceOf(HttpSchemaRegistryClient.class);
    assertThat(SchemaRegistries.fromConfig(Map.of())).isInstanceOf(LocalSchemaRegistry.class);
  }
}
