package io.mmguard.schemas.serde;

import static io.mmguard.schemas.serde.SampleRecords.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Level;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Quote;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * What Avro 1.12.1's DecimalConversion does with decimal(38,12), and how the serializer reports refusals.
 * Avro rescales a value with fewer places (4295.7 becomes 4295.700000000000) and refuses one that would
 * need rounding; the serializer turns that refusal into a message naming the field.
 */
class DecimalSerializationTest {
  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();

  @Test
  void a_price_with_thirteen_decimal_places_is_refused_naming_the_field_and_never_rounded() {
    Quote quote = Quote.newBuilder(SampleRecords.quote()).setBid(dec("4295.0600000000001")).build();

    assertThatThrownBy(() -> serialize("mm.quotes", quote))
        .isInstanceOf(SerializationException.class)
        .hasMessage("mm.quotes: cannot serialize io.mmguard.schemas.Quote: field Quote.bid = 4295.0600000000001"
            + " has 13 decimal places, decimal(38,12) allows at most 12; refusing to round it");
  }

  @Test
  void a_refused_decimal_inside_the_depth_array_is_named_with_its_index() {
    BookUpdate book = BookUpdate.newBuilder(SampleRecords.bookUpdate())
        .setBids(List.of(SampleRecords.level("17159268", "1"), SampleRecords.level("17159267.0000000000005", "1")))
        .build();

    assertThatThrownBy(() -> serialize("mm.md.book.sim", book))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("field BookUpdate.bids[1].price = 17159267.0000000000005 has 13 decimal places");
  }

  @Test
  void a_refused_decimal_in_an_optional_field_is_named_too() {
    OrderCommand order = OrderCommand.newBuilder(SampleRecords.orderCommand()).setQuantity(dec("0.00000000000001"))
        .build();

    assertThatThrownBy(() -> serialize("mm.orders.live", order))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("field OrderCommand.quantity = 0.00000000000001 has 14 decimal places");
  }

  @Test
  void a_value_with_more_than_26_integer_digits_is_refused_because_precision_38_is_exceeded() {
    Level level = SampleRecords.level("123456789012345678901234567", "1");

    assertThatThrownBy(() -> serialize("mm.test.level", level))
        .isInstanceOf(SerializationException.class)
        .hasMessage("mm.test.level: cannot serialize io.mmguard.schemas.Level: field Level.price"
            + " = 123456789012345678901234567 needs 39 digits at scale 12, decimal(38,12) allows at most 38"
            + " (26 before the decimal point)");
  }

  @Test
  void the_largest_value_decimal_38_12_can_hold_comes_back_exactly() {
    BigDecimal largest = dec("99999999999999999999999999.999999999999");

    Level back = roundTrip(SampleRecords.level(largest.toPlainString(), "-0.000000000001"));

    assertThat(back.getPrice()).isEqualTo(largest);
    assertThat(back.getSize()).isEqualTo(dec("-0.000000000001"));
  }

  @Test
  void a_value_with_fewer_places_is_rescaled_to_twelve_without_changing_the_number() {
    Level back = roundTrip(SampleRecords.level("4295.7", "17159268"));

    assertThat(back.getPrice()).isEqualByComparingTo("4295.7");
    assertThat(back.getPrice().scale()).isEqualTo(12);
    assertThat(back.getPrice().toPlainString()).isEqualTo("4295.700000000000");
    assertThat(back.getSize().toPlainString()).isEqualTo("17159268.000000000000");
  }

  @Test
  void after_a_round_trip_BigDecimal_equals_sees_a_different_scale_so_compare_amounts_with_compareTo() {
    Level original = SampleRecords.level("4295.7", "0.0001");

    Level back = roundTrip(original);

    assertThat(back.getPrice()).isNotEqualTo(original.getPrice());
    assertThat(back.getPrice().compareTo(original.getPrice())).isZero();
    assertThat(back).isNotEqualTo(original);
    assertThat(back).isEqualTo(Decimals.atSchemaScale(original));
  }

  @Test
  void trailing_zeros_beyond_twelve_places_are_not_rounding_and_are_accepted() {
    Level back = roundTrip(SampleRecords.level("0.0000000000010", "1.0000000000000000"));

    assertThat(back.getPrice()).isEqualTo(dec("0.000000000001"));
    assertThat(back.getSize()).isEqualTo(dec("1.000000000000"));
  }

  @Test
  void integers_given_with_a_negative_scale_come_back_at_scale_twelve() {
    Level back = roundTrip(SampleRecords.level("1E+3", "0"));

    assertThat(back.getPrice().toPlainString()).isEqualTo("1000.000000000000");
    assertThat(back.getSize().toPlainString()).isEqualTo("0.000000000000");
  }

  private byte[] serialize(String topic, Quote quote) {
    return MmSerdes.value(Quote.class, registry).serializer().serialize(topic, quote);
  }

  private byte[] serialize(String topic, BookUpdate book) {
    return MmSerdes.value(BookUpdate.class, registry).serializer().serialize(topic, book);
  }

  private byte[] serialize(String topic, OrderCommand order) {
    return MmSerdes.value(OrderCommand.class, registry).serializer().serialize(topic, order);
  }

  private byte[] serialize(String topic, Level level) {
    return MmSerdes.value(Level.class, registry).serializer().serialize(topic, level);
  }

  private Level roundTrip(Level level) {
    AvroSerde<Level> serde = MmSerdes.value(Level.class, registry);
    return serde.deserializer().deserialize("mm.test.level", serde.serializer().serialize("mm.test.level", level));
  }
}
