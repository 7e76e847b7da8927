package io.mmguard.schemas.serde;

/** The registry refused a schema because it breaks the subject's compatibility rule (Confluent: HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;
  private final String subject;

  public IncompatibleSchemaException(String subject, String message) {
    super(message);
    this.subject = subject;
  }

  /** The subject that refused the schema. */
  public String subject() {
    return subject;
  }
}
