package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.Level;
import io.mmguard.schemas.Quote;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SerializerRefusalTest {
  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();

  @Test
  void a_record_missing_a_required_field_is_refused_naming_the_field() {
    Quote incomplete = new Quote();

    assertThatThrownBy(() -> MmSerdes.value(Quote.class, registry).serializer().serialize("mm.quotes", incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessage("mm.quotes: cannot serialize io.mmguard.schemas.Quote: NullPointerException: null value for"
            + " (non-nullable) string at Quote.quote_id");
  }

  @Test
  void a_record_without_a_topic_is_refused_because_the_subject_cannot_be_named() {
    assertThatThrownBy(() -> MmSerdes.value(Level.class, registry).serializer()
        .serialize(null, SampleRecords.level("1", "1")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("cannot serialize io.mmguard.schemas.Level without a topic: the schema is registered under"
            + " the subject <topic>-value");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void a_record_of_another_class_slipped_past_the_generics_is_refused() {
    Serializer raw = MmSerdes.value(Level.class, registry).serializer();

    assertThatThrownBy(() -> raw.serialize("mm.test.level", SampleRecords.quote()))
        .isInstanceOf(SerializationException.class)
        .hasMessage("mm.test.level: this serializer writes io.mmguard.schemas.Level, got a io.mmguard.schemas.Quote");
  }
}
