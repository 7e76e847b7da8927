package io.mmguard.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry with no server, for the embedded demo and tests.
 *
 * <p>Several processes (services, CLI) each run their own instance against the same Kafka topics, so ids
 * cannot be handed out in order: the id of a schema is a deterministic function of the schema itself (see
 * {@link #idOf(Schema)}), and every instance knows, besides what was registered in this process, the schemas
 * of all generated record classes in {@code io.mmguard.schemas}. A process that only reads a topic can
 * therefore resolve the ids written by another process built from the same schemas module.
 *
 * <p>Per subject it keeps the registered versions and enforces BACKWARD compatibility: a new schema must be
 * able to read data written with the subject's latest version (Avro's reader/writer check, plus a check that
 * decimal scales and other logical types did not change). Two different schemas that fold to the same id
 * are refused rather than silently confused.
 */
public final class LocalSchemaRegistry implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(LocalSchemaRegistry.class);

  private final SchemaIdentity identity;
  private final IdFunction ids;
  private final ConcurrentMap<Integer, Known> byId = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>(); // guarded by this

  /** How this registry turns an identity form into an id; replaceable only in tests, to provoke collisions. */
  @FunctionalInterface
  interface IdFunction {
    int idOf(String identityForm);
  }

  /** A schema this registry knows, with the form that decides whether another schema is the same one. */
  private record Known(Schema schema, String identityForm) {}

  /** A registry that knows the schemas of all generated records in {@code io.mmguard.schemas}. */
  public LocalSchemaRegistry() {
    this(SchemaIdentity::idOfIdentityForm, GeneratedSchemas.records());
  }

  LocalSchemaRegistry(IdFunction ids, Collection<Schema> catalogue) {
    this.identity = new SchemaIdentity();
    this.ids = Objects.requireNonNull(ids, "ids");
    for (Schema schema : catalogue) {
      String form = identity.identityForm(schema);
      int id = ids.idOf(form);
      refuseCollision(id, schema, form, "the catalogue of generated schemas");
      byId.putIfAbsent(id, new Known(schema, form));
    }
  }

  /**
   * The id this registry gives {@code schema}: CRC-64-AVRO of the schema's JSON with keys sorted and
   * {@code doc} attributes removed, folded into a positive int. The same in every process.
   */
  public int idOf(Schema schema) {
    return ids.idOf(identity.identityForm(schema));
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    String form = identity.identityForm(schema);
    int id = ids.idOf(form);
    refuseCollision(id, schema, form, "subject '" + subject + "'");
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (versions.contains(id)) {
      return id;
    }
    if (!versions.isEmpty()) {
      int latestId = versions.get(versions.size() - 1);
      Schema latest = byId.get(latestId).schema();
      Optional<String> problems = ReadCompatibility.problems(schema, latest);
      if (problems.isPresent()) {
        throw new IncompatibleSchemaException(subject, location() + " refused schema " + schema.getFullName()
            + " for subject '" + subject + "': it is not BACKWARD compatible with version " + versions.size()
            + " (id " + latestId + "), it could not read data written with that version: " + problems.get());
      }
    }
    byId.putIfAbsent(id, new Known(schema, form));
    versions.add(id);
    log.info("Registered {} as version {} of subject '{}' with id {}", schema.getFullName(), versions.size(),
        subject, id);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Known known = byId.get(id);
    if (known == null) {
      throw new UnknownSchemaIdException(id, "schema id " + id + " is unknown to the " + location()
          + ": it was not registered in this process and is not the schema of any generated record in"
          + " io.mmguard.schemas of this build (was the record written by a build with different schemas,"
          + " or through another registry? set schema.registry.url to share one registry)");
    }
    return known.schema();
  }

  /** The schemas registered under {@code subject}, oldest first; empty if none. */
  public synchronized List<Schema> versions(String subject) {
    List<Schema> schemas = new ArrayList<>();
    for (int id : versionsBySubject.getOrDefault(subject, List.of())) {
      schemas.add(byId.get(id).schema());
    }
    return List.copyOf(schemas);
  }

  @Override
  public String location() {
    return "local in-process schema registry";
  }

  /** Refuses a schema whose id is already held by a different schema. */
  private void refuseCollision(int id, Schema schema, String form, String context) {
    Known existing = byId.get(id);
    if (existing != null && !existing.identityForm().equals(form)) {
      throw new SchemaRegistryException(location() + ": schema id collision for " + context + ": "
          + schema.getFullName() + " and the different schema " + existing.schema().getFullName()
          + " both map to id " + id + " (CRC-64-AVRO of the schema, folded to 31 bits); change either schema,"
          + " or set schema.registry.url to use a shared registry that hands out ids");
    }
  }
}
