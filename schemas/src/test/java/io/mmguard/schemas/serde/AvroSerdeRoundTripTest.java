package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Level;
import io.mmguard.schemas.Quote;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {
  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();

  static Stream<Arguments> samples() {
    return SampleRecords.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} comes back equal, with every decimal exact at scale 12")
  @MethodSource("samples")
  void every_record_type_comes_back_equal_with_exact_decimals(String name, SpecificRecord record) {
    SpecificRecord back = roundTrip("mm.test.roundtrip", record);

    assertThat(back).isEqualTo(Decimals.atSchemaScale(record));
    Map<String, BigDecimal> before = Decimals.byPath(record);
    Map<String, BigDecimal> after = Decimals.byPath(back);
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    before.forEach((path, value) -> {
      assertThat(after.get(path)).as(path).isEqualByComparingTo(value);
      assertThat(after.get(path).scale()).as("scale of " + path).isEqualTo(12);
    });
  }

  @Test
  void the_samples_cover_every_record_type_generated_from_mm_avdl() {
    assertThat(SampleRecords.all().values().stream().map(Object::getClass).distinct())
        .containsExactlyInAnyOrderElementsOf(GeneratedSchemas.recordClasses());
  }

  @Test
  void prices_and_sizes_come_back_as_the_same_numbers_padded_to_twelve_places() {
    BookUpdate book = roundTrip("mm.md.book.sim", SampleRecords.bookUpdate());
    Level level = roundTrip("mm.test.level", SampleRecords.level("4295.7", "0.0001"));
    Instrument instrument = roundTrip("mm.ref.instruments", SampleRecords.instrument());

    assertThat(book.getBidPrice()).isEqualTo(new BigDecimal("17159268.000000000000"));
    assertThat(book.getBidSize()).isEqualTo(new BigDecimal("0.000100000000"));
    assertThat(book.getBids().get(2).getSize()).isEqualTo(new BigDecimal("12.345678901234"));
    assertThat(level.getPrice()).isEqualTo(new BigDecimal("4295.700000000000"));
    assertThat(instrument.getTickSize()).isEqualTo(new BigDecimal("0.010000000000"));
    assertThat(instrument.getMaxNotional()).isEqualTo(new BigDecimal("9000000.000000000000"));
  }

  @Test
  void a_quote_with_computed_basis_points_keeps_all_twelve_places() {
    Quote quote = SampleRecords.quote();

    Quote back = roundTrip("mm.quotes", quote);

    assertThat(back.getImpliedBp()).isEqualTo(quote.getImpliedBp());
    assertThat(back.getImpliedBp().toPlainString()).isEqualTo("3.002999507648");
    assertThat(back.getMid()).isEqualByComparingTo("4295.705");
  }

  @Test
  void null_is_written_as_null_and_read_back_as_null_so_tombstones_pass_through() {
    AvroSerde<Instrument> serde = MmSerdes.value(Instrument.class, registry);

    assertThat(serde.serializer().serialize("mm.ref.instruments", null)).isNull();
    assertThat(serde.deserializer().deserialize("mm.ref.instruments", null)).isNull();
  }

  @Test
  void a_serde_built_from_the_schema_behaves_like_one_built_from_the_class() {
    AvroSerde<Level> fromSchema = new AvroSerde<>(registry, Level.getClassSchema(), false);
    AvroSerde<Level> fromClass = MmSerdes.value(Level.class, registry);
    Level level = SampleRecords.level("4295.7", "0.5");

    byte[] bytes = fromSchema.serializer().serialize("mm.test.level", level);

    assertThat(bytes).isEqualTo(fromClass.serializer().serialize("mm.test.level", level));
    assertThat(fromSchema.deserializer().deserialize("mm.test.level", bytes))
        .isEqualTo(Decimals.atSchemaScale(level));
  }

  @Test
  void one_serde_can_be_shared_by_many_threads() {
    AvroSerde<Quote> serde = MmSerdes.value(Quote.class, registry);
    Quote expected = Decimals.atSchemaScale(SampleRecords.quote());

    List<Quote> read = IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> serde.serializer().serialize("mm.quotes.p" + (i % 7), SampleRecords.quote()))
        .map(bytes -> serde.deserializer().deserialize("mm.quotes", bytes))
        .collect(Collectors.toList());

    assertThat(read).hasSize(2_000).containsOnly(expected);
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> T roundTrip(String topic, T record) {
    AvroSerde<T> serde = MmSerdes.value((Class<T>) record.getClass(), registry);
    byte[] bytes = serde.serializer().serialize(topic, record);
    return serde.deserializer().deserialize(topic, bytes);
  }
}
