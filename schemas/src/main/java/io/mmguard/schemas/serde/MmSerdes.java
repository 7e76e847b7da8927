package io.mmguard.schemas.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * The project's serdes for the records in {@code io.mmguard.schemas}. Every call builds a new serde on the
 * given registry; nothing is cached statically, so each service wires its own registry.
 */
public final class MmSerdes {
  private MmSerdes() {}

  /** An Avro serde for {@code recordClass}, in key mode ({@code <topic>-key}) or value mode ({@code <topic>-value}). */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> recordClass, SchemaRegistryClient registry,
      boolean isKey) {
    return new AvroSerde<>(registry, recordClass, isKey);
  }

  /** An Avro serde for record values of {@code recordClass}. */
  public static <T extends SpecificRecord> AvroSerde<T> value(Class<T> recordClass, SchemaRegistryClient registry) {
    return of(recordClass, registry, false);
  }

  /** An Avro serde for record keys of {@code recordClass}. */
  public static <T extends SpecificRecord> AvroSerde<T> key(Class<T> recordClass, SchemaRegistryClient registry) {
    return of(recordClass, registry, true);
  }
}
