package io.mmguard.schemas.serde;

/** A schema registry could not do what was asked; the message is one line naming registry, subject or id. */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryException(String message) {
    super(OneLine.of(message));
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(OneLine.of(message), cause);
  }
}
