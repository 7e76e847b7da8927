package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Quote;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class MalformedPayloadTest {
  private static final String TOPIC = "mm.md.book.sim";
  private static final String NOT_WIRE_FORMAT = TOPIC + ": record is not in Confluent Avro wire format: ";

  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
  private final AvroSerde<BookUpdate> serde = MmSerdes.value(BookUpdate.class, registry);

  @Test
  void json_text_is_refused_naming_the_first_byte_and_the_expected_magic_byte() {
    byte[] json = "{\"symbol\":\"BTCJPY\",\"bid_price\":\"17159268\"}".getBytes(StandardCharsets.UTF_8);

    assertRefused(json).hasMessage(NOT_WIRE_FORMAT + "first byte is 0x7b ('{'), expected magic byte 0x00 followed"
        + " by a 4-byte schema id (the payload looks like JSON text)");
  }

  @Test
  void an_empty_array_is_refused_as_empty() {
    assertRefused(new byte[0]).hasMessage(NOT_WIRE_FORMAT + "it is empty (0 bytes), expected magic byte 0x00"
        + " followed by a 4-byte schema id and an Avro body");
  }

  @Test
  void three_bytes_are_refused_as_too_short_for_the_header() {
    assertRefused(new byte[] {0, 0, 0}).hasMessage(NOT_WIRE_FORMAT + "it is only 3 bytes long, expected magic"
        + " byte 0x00 followed by a 4-byte schema id and an Avro body");
  }

  @Test
  void an_unprintable_first_byte_is_shown_in_hex_only() {
    assertRefused(new byte[] {1, 0, 0, 0, 7, 2}).hasMessage(NOT_WIRE_FORMAT + "first byte is 0x01, expected"
        + " magic byte 0x00 followed by a 4-byte schema id");
  }

  @Test
  void an_unknown_schema_id_is_refused_naming_the_id_and_the_registry() {
    byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.bookUpdate());
    byte[] unknownId = valid.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 42);

    assertRefused(unknownId)
        .hasMessageStartingWith(TOPIC + ": record has schema id 42 in bytes 1-4, which the registry does not know;"
            + " expected the id of a schema registered by the producer: schema id 42 is unknown to the local"
            + " in-process schema registry")
        .hasCauseInstanceOf(UnknownSchemaIdException.class);
  }

  @Test
  void a_truncated_avro_body_is_refused_as_truncated_or_corrupt() {
    byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.bookUpdate());
    byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
    int id = ByteBuffer.wrap(valid, 1, 4).getInt();

    assertRefused(truncated).hasMessageStartingWith(TOPIC + ": cannot decode the Avro body ("
        + (truncated.length - 5) + " bytes after the 5-byte header) written with schema id " + id
        + " as io.mmguard.schemas.BookUpdate, the record is truncated or corrupt: ");
  }

  @Test
  void a_header_without_a_body_is_refused_as_truncated() {
    byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.bookUpdate());

    assertRefused(Arrays.copyOf(valid, 5)).hasMessageContaining("cannot decode the Avro body (0 bytes after the"
        + " 5-byte header)").hasMessageContaining("truncated or corrupt");
  }

  @Test
  void bytes_left_over_after_the_record_are_refused_as_corrupt() {
    byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.bookUpdate());
    byte[] padded = Arrays.copyOf(valid, valid.length + 3);

    assertRefused(padded).hasMessageContaining("has bytes left over after one io.mmguard.schemas.BookUpdate record");
  }

  @Test
  void a_record_of_another_type_is_refused_naming_both_types() {
    byte[] quote = MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", SampleRecords.quote());

    assertRefused(quote).hasMessage(TOPIC + ": record written with schema id "
        + ByteBuffer.wrap(quote, 1, 4).getInt() + " (io.mmguard.schemas.Quote) cannot be read as"
        + " io.mmguard.schemas.BookUpdate: it is a different record type (NAME_MISMATCH: io.mmguard.schemas.Quote"
        + " is not io.mmguard.schemas.BookUpdate and the reader declares no alias for it)");
  }

  @Test
  void every_refusal_is_a_single_line() {
    byte[] quote = MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", SampleRecords.quote());
    byte[][] payloads = {"{}".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {0, 0, 0},
        new byte[] {0, 0, 0, 0, 42, 1}, quote, Arrays.copyOf(quote, 9)};

    for (byte[] payload : payloads) {
      assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, payload))
          .isInstanceOf(SerializationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith(TOPIC + ": "));
    }
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] payload) {
    return assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, payload))
        .isInstanceOf(SerializationException.class);
  }
}
