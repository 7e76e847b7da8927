package io.mmguard.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Test helper standing in for "another build" of a service: writes and reads generic records in Confluent's
 * wire format with plain Avro, independently of the serde under test.
 */
final class GenericWireFormat {
  private final SchemaRegistryClient registry;
  private final GenericData model = new GenericData();

  GenericWireFormat(SchemaRegistryClient registry) {
    this.registry = registry;
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
  }

  byte[] write(String subject, GenericRecord record) {
    int id = registry.register(subject, record.getSchema());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema(), model).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  GenericRecord read(byte[] payload, Schema readerSchema) {
    int id = ByteBuffer.wrap(payload, 1, 4).getInt();
    Schema writer = registry.schemaById(id);
    try {
      return new GenericDatumReader<GenericRecord>(writer, readerSchema, model)
          .read(null, DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
