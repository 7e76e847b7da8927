package io.mmguard.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one generated Avro record class in Confluent's wire format (magic byte 0x00, 4-byte schema id,
 * Avro binary). On the first record for a topic it registers the class's schema under the subject
 * {@code <topic>-key} or {@code <topic>-value} and remembers the id. {@code null} becomes {@code null}
 * (a tombstone). A decimal the schema cannot hold exactly (more than 12 decimal places for
 * {@code decimal(38,12)}, or too many digits) is refused with a message naming the field, never rounded.
 * Thread-safe.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private static final Logger log = LoggerFactory.getLogger(AvroSerializer.class);

  private final SchemaRegistryClient registry;
  private final RecordType<T> type;
  private final boolean isKey;
  private final DatumWriter<T> writer;
  private final ConcurrentMap<String, Integer> idByTopic = new ConcurrentHashMap<>();

  /** A serializer for {@code recordClass}, registering under {@code <topic>-key} if {@code isKey}, else {@code <topic>-value}. */
  public AvroSerializer(SchemaRegistryClient registry, Class<T> recordClass, boolean isKey) {
    this(registry, RecordType.of(recordClass), isKey);
  }

  AvroSerializer(SchemaRegistryClient registry, RecordType<T> type, boolean isKey) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.type = type;
    this.isKey = isKey;
    this.writer = new SpecificDatumWriter<>(type.schema(), type.model());
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (topic == null) {
      throw new SerializationException("cannot serialize " + type.name() + " without a topic: the schema is"
          + " registered under the subject <topic>" + (isKey ? "-key" : "-value"));
    }
    if (record.getClass() != type.recordClass()) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "this serializer writes "
          + type.recordClass().getName() + ", got a " + record.getClass().getName());
    }
    int schemaId = schemaIdFor(topic);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(WireFormat.header(schemaId));
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    } catch (RuntimeException e) {
      throw refused(topic, record, e);
    }
    return out.toByteArray();
  }

  private int schemaIdFor(String topic) {
    Integer cached = idByTopic.get(topic);
    if (cached != null) {
      return cached;
    }
    String subject = SubjectNames.topicNameStrategy(topic, isKey);
    int id;
    try {
      id = registry.register(subject, type.schema());
    } catch (SchemaRegistryException e) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "cannot register the schema of "
          + type.name() + " under subject '" + subject + "': " + e.getMessage(), e);
    }
    idByTopic.putIfAbsent(topic, id);
    log.debug("{}: writing {} with schema id {} (subject '{}', {})", topic, type.name(), id, subject,
        registry.location());
    return id;
  }

  private SerializationException refused(String topic, T record, RuntimeException cause) {
    Schema schema = type.schema();
    String reason = DecimalViolations.find(schema, record).orElseGet(() -> OneLine.describe(cause));
    return new SerializationException(WireFormat.topicPrefix(topic) + "cannot serialize " + type.name() + ": "
        + reason, cause);
  }

  /** The record schema this serializer writes. */
  public Schema schema() {
    return type.schema();
  }

  /** Whether this serializer writes record keys (subject {@code <topic>-key}) rather than values. */
  public boolean isKey() {
    return isKey;
  }
}
