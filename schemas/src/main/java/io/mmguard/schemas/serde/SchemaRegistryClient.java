package io.mmguard.schemas.serde;

import org.apache.avro.Schema;

/**
 * The two operations the Avro serde needs from a schema registry: register a writer schema under a
 * subject (getting its id), and look a schema up by the id found in a record.
 *
 * <p>Implementations are thread-safe and cache both directions. Failures are reported as
 * {@link SchemaRegistryException} (or its subclasses {@link UnknownSchemaIdException} and
 * {@link IncompatibleSchemaException}) with a one-line message naming the registry and the subject or id.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject}, or finds it if it is already registered there.
   * Idempotent: the same schema under the same subject always yields the same id.
   *
   * @return the schema's id, as written into bytes 1-4 of the Confluent wire format
   * @throws IncompatibleSchemaException if the subject's compatibility rule refuses the schema
   * @throws SchemaRegistryException if the registry cannot be reached or answers with an error
   */
  int register(String subject, Schema schema);

  /**
   * Returns the schema registered with {@code id}.
   *
   * @throws UnknownSchemaIdException if the registry has no schema with that id
   * @throws SchemaRegistryException if the registry cannot be reached or answers with an error
   */
  Schema schemaById(int id);

  /** Where this registry lives, for messages: a base URL, or a description of the in-process registry. */
  String location();
}
