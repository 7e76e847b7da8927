package io.mmguard.schemas.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for one generated Avro record class in Confluent's wire format, backed by a
 * {@link SchemaRegistryClient}: {@link AvroSerializer} and {@link AvroDeserializer} paired. Key or value mode
 * is fixed at construction and decides the subject ({@code <topic>-key} or {@code <topic>-value}).
 * {@link #configure} and {@link #close} do nothing: the registry belongs to the caller.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;
  private final boolean isKey;

  /** A serde for {@code recordClass}. */
  public AvroSerde(SchemaRegistryClient registry, Class<T> recordClass, boolean isKey) {
    this(registry, RecordType.of(recordClass), isKey);
  }

  /**
   * A serde for the generated class whose schema is {@code schema} (looked up by full name on the
   * classpath; {@code schema} must equal the class's schema). The caller names {@code T}.
   *
   * @throws IllegalArgumentException if there is no such generated class, or its schema differs
   */
  public AvroSerde(SchemaRegistryClient registry, Schema schema, boolean isKey) {
    this(registry, RecordType.<T>of(schema), isKey);
  }

  private AvroSerde(SchemaRegistryClient registry, RecordType<T> type, boolean isKey) {
    this.serializer = new AvroSerializer<>(registry, type, isKey);
    this.deserializer = new AvroDeserializer<>(registry, type);
    this.isKey = isKey;
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  /** Ignored: the registry and the key/value mode are fixed at construction. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // nothing to configure
  }

  /** Does nothing; the registry client is owned by whoever created it. */
  @Override
  public void close() {
    // nothing to release
  }

  /** The record schema written and read. */
  public Schema schema() {
    return serializer.schema();
  }

  /** Whether this serde handles record keys rather than values. */
  public boolean isKey() {
    return isKey;
  }
}
