package io.mmguard.schemas.serde;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into one generated Avro record class. It takes the schema id from
 * bytes 1-4, fetches that writer schema from the registry (cached), and resolves it against the class's
 * schema, so records written with an older or newer compatible schema are read (missing fields get their
 * defaults, unknown ones are skipped). {@code null} becomes {@code null}. Anything else that is not a
 * readable record throws {@link SerializationException} with one line saying what was found and what was
 * expected. Thread-safe.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final SchemaRegistryClient registry;
  private final RecordType<T> type;
  private final ConcurrentMap<Integer, Resolution<T>> byWriterId = new ConcurrentHashMap<>();

  /** The outcome of resolving one writer schema against the reader: a reader, or why there cannot be one. */
  private record Resolution<T>(DatumReader<T> reader, String refusal) {}

  /** A deserializer producing {@code recordClass} instances. */
  public AvroDeserializer(SchemaRegistryClient registry, Class<T> recordClass) {
    this(registry, RecordType.of(recordClass));
  }

  AvroDeserializer(SchemaRegistryClient registry, RecordType<T> type) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.type = type;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(topic, data);
    Resolution<T> resolution = resolve(topic, schemaId);
    if (resolution.refusal() != null) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + resolution.refusal());
    }
    int bodyLength = data.length - WireFormat.HEADER_LENGTH;
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, bodyLength, null);
    T record;
    boolean atEnd;
    try {
      record = resolution.reader().read(null, decoder);
      atEnd = decoder.isEnd();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "cannot decode the Avro body ("
          + bodyLength + " bytes after the 5-byte header) written with schema id " + schemaId + " as "
          + type.name() + ", the record is truncated or corrupt: " + OneLine.describe(e), e);
    }
    if (!atEnd) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "the Avro body (" + bodyLength
          + " bytes after the 5-byte header) written with schema id " + schemaId + " has bytes left over after"
          + " one " + type.name() + " record; expected exactly one record, the payload is corrupt");
    }
    return record;
  }

  private Resolution<T> resolve(String topic, int schemaId) {
    Resolution<T> cached = byWriterId.get(schemaId);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = registry.schemaById(schemaId);
    } catch (UnknownSchemaIdException e) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "record has schema id " + schemaId
          + " in bytes 1-4, which the registry does not know; expected the id of a schema registered by the"
          + " producer: " + e.getMessage(), e);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(WireFormat.topicPrefix(topic) + "cannot fetch the writer schema id "
          + schemaId + " of the record: " + e.getMessage(), e);
    }
    Resolution<T> resolution = ReadCompatibility.problems(type.schema(), writer)
        .map(problems -> new Resolution<T>(null, "record written with schema id " + schemaId + " ("
            + writer.getFullName() + ") cannot be read as " + type.name() + ": " + problems))
        .orElseGet(() -> new Resolution<>(new SpecificDatumReader<>(writer, type.schema(), type.model()), null));
    Resolution<T> previous = byWriterId.putIfAbsent(schemaId, resolution);
    return previous != null ? previous : resolution;
  }

  /** The record schema this deserializer produces. */
  public Schema schema() {
    return type.schema();
  }
}
