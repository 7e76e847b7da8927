package io.mmguard.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Deterministic schema ids for the in-process registry, so that separate processes agree on ids without
 * talking to each other.
 *
 * <p>The id is CRC-64-AVRO ({@link SchemaNormalization#fingerprint64}) of the schema's <em>identity form</em>,
 * folded to a positive 31-bit int. The identity form is the schema's full JSON with keys sorted, whitespace
 * removed and {@code doc} attributes dropped. Avro's Parsing Canonical Form is deliberately not used: it
 * also drops {@code logicalType}, {@code precision}, {@code scale} and defaults, so {@code decimal(38,12)},
 * {@code decimal(38,6)} and plain {@code bytes} would share one id and a reader would decode with the wrong
 * scale.
 */
final class SchemaIdentity {
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The form two schemas must share to be "the same schema" (and hence to share an id). */
  String identityForm(Schema schema) {
    try {
      JsonNode tree = json.readTree(schema.toString());
      return json.writeValueAsString(canonical(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Avro produced unparseable JSON for " + schema.getFullName(), e);
    }
  }

  /** The id of a schema: CRC-64-AVRO of its identity form, folded into 1..2^31-1. */
  int idOf(Schema schema) {
    return idOfIdentityForm(identityForm(schema));
  }

  static int idOfIdentityForm(String identityForm) {
    long fingerprint = SchemaNormalization.fingerprint64(identityForm.getBytes(StandardCharsets.UTF_8));
    int folded = (int) (fingerprint ^ (fingerprint >>> 32)) & 0x7FFF_FFFF;
    return folded == 0 ? 1 : folded;
  }

  /** Sorted maps and lists for Jackson to write; docs dropped; default values copied untouched. */
  private static Object canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("doc")) {
          continue;
        }
        sorted.put(field.getKey(), field.getKey().equals("default") ? field.getValue() : canonical(field.getValue()));
      }
      return sorted;
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>(node.size());
      node.forEach(item -> items.add(canonical(item)));
      return items;
    }
    return node;
  }
}
