package io.mmguard.schemas.serde;

/** The registry has no schema with the requested id (Confluent: HTTP 404, error_code 40403). */
public final class UnknownSchemaIdException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String message) {
    super(message);
    this.schemaId = schemaId;
  }

  /** The id that was looked up. */
  public int schemaId() {
    return schemaId;
  }
}
