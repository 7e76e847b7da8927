package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();

  @Test
  void a_record_is_magic_byte_zero_then_the_registered_id_big_endian_then_plain_avro_binary() throws IOException {
    Quote quote = SampleRecords.quote();

    byte[] bytes = MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", quote);

    int registeredId = registry.register("mm.quotes-value", Quote.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).isEqualTo(ByteBuffer.allocate(4).putInt(registeredId).array());
    Quote decoded = new SpecificDatumReader<>(Quote.class)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertThat(decoded).isEqualTo(Decimals.atSchemaScale(quote));
  }

  @Test
  void the_body_after_the_five_byte_header_is_exactly_what_plain_avro_writes() throws IOException {
    Quote quote = SampleRecords.quote();

    byte[] bytes = MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", quote);

    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(quote));
  }

  @Test
  void a_value_serde_registers_under_topic_dash_value_and_a_key_serde_under_topic_dash_key() {
    Instrument instrument = SampleRecords.instrument();

    MmSerdes.value(Instrument.class, registry).serializer().serialize("mm.ref.instruments", instrument);
    MmSerdes.key(Instrument.class, registry).serializer().serialize("mm.ref.keys", instrument);

    assertThat(registry.versions("mm.ref.instruments-value")).containsExactly(Instrument.getClassSchema());
    assertThat(registry.versions("mm.ref.instruments-key")).isEmpty();
    assertThat(registry.versions("mm.ref.keys-key")).containsExactly(Instrument.getClassSchema());
    assertThat(registry.versions("mm.ref.keys-value")).isEmpty();
  }

  @Test
  void the_schema_is_registered_once_per_topic_and_not_once_per_record() {
    CountingRegistry counting = new CountingRegistry(registry);
    AvroSerde<Quote> serde = MmSerdes.value(Quote.class, counting);

    for (int i = 0; i < 50; i++) {
      serde.serializer().serialize("mm.quotes", SampleRecords.quote());
    }
    serde.serializer().serialize("mm.quotes.replay", SampleRecords.quote());

    assertThat(counting.registrations.get()).isEqualTo(2);
  }

  @Test
  void the_reader_fetches_a_writer_schema_once_and_not_once_per_record() {
    CountingRegistry counting = new CountingRegistry(registry);
    byte[] bytes = MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", SampleRecords.quote());
    AvroSerde<Quote> reader = MmSerdes.value(Quote.class, counting);

    for (int i = 0; i < 50; i++) {
      reader.deserializer().deserialize("mm.quotes", bytes);
    }

    assertThat(counting.lookups.get()).isEqualTo(1);
  }

  private static byte[] plainAvro(Quote quote) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Quote.class).write(quote, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Delegates to a real registry and counts the calls. */
  static final class CountingRegistry implements SchemaRegistryClient {
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    private final SchemaRegistryClient delegate;

    CountingRegistry(SchemaRegistryClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
      registrations.incrementAndGet();
      return delegate.register(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      lookups.incrementAndGet();
      return delegate.schemaById(id);
    }

    @Override
    public String location() {
      return delegate.location();
    }
  }
}
