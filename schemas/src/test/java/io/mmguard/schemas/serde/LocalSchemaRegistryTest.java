package io.mmguard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Level;
import io.mmguard.schemas.Quote;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class LocalSchemaRegistryTest {

  @Test
  void two_independent_instances_give_the_same_schema_the_same_id() {
    LocalSchemaRegistry quoter = new LocalSchemaRegistry();
    LocalSchemaRegistry riskGate = new LocalSchemaRegistry();
    riskGate.register("mm.md.book.sim-value", BookUpdate.getClassSchema());

    int idInQuoter = quoter.register("mm.quotes-value", Quote.getClassSchema());
    int idInRiskGate = riskGate.register("mm.quotes-value", Quote.getClassSchema());

    assertThat(idInQuoter).isEqualTo(idInRiskGate).isPositive();
  }

  @Test
  void the_id_depends_on_the_schema_only_not_on_the_subject_or_the_order_of_registration() {
    LocalSchemaRegistry registry = new LocalSchemaRegistry();

    int asValue = registry.register("mm.quotes-value", Quote.getClassSchema());
    int asReplay = registry.register("mm.quotes.replay-value", Quote.getClassSchema());

    assertThat(asValue).isEqualTo(asReplay).isEqualTo(registry.idOf(Quote.getClassSchema()));
  }

  @Test
  void registering_the_same_schema_again_is_idempotent() {
    LocalSchemaRegistry registry = new LocalSchemaRegistry();

    int first = registry.register("mm.quotes-value", Quote.getClassSchema());
    int second = registry.register("mm.quotes-value", new Schema.Parser().parse(Quote.getClassSchema().toString()));

    assertThat(second).isEqualTo(first);
    assertThat(registry.versions("mm.quotes-value")).hasSize(1);
  }

  @Test
  void a_reader_only_instance_resolves_an_id_it_never_registered_from_the_catalogue() {
    int written = new LocalSchemaRegistry().register("mm.quotes-value", Quote.getClassSchema());

    Schema resolved = new LocalSchemaRegistry().schemaById(written);

    assertThat(resolved).isEqualTo(Quote.getClassSchema());
  }

  @Test
  void a_consumer_with_its_own_instance_reads_what_a_producer_with_another_instance_wrote() {
    AvroSerde<Quote> producer = MmSerdes.value(Quote.class, new LocalSchemaRegistry());
    AvroSerde<Quote> consumer = MmSerdes.value(Quote.class, new LocalSchemaRegistry());

    byte[] bytes = producer.serializer().serialize("mm.quotes", SampleRecords.quote());

    assertThat(consumer.deserializer().deserialize("mm.quotes", bytes))
        .isEqualTo(Decimals.atSchemaScale(SampleRecords.quote()));
  }

  @Test
  void the_catalogue_holds_every_generated_record_schema() {
    LocalSchemaRegistry registry = new LocalSchemaRegistry();

    for (Schema schema : GeneratedSchemas.records()) {
      assertThat(registry.schemaById(registry.idOf(schema))).as(schema.getFullName()).isEqualTo(schema);
    }
    assertThat(GeneratedSchemas.records()).extracting(Schema::getName).contains("BookUpdate", "Instrument",
        "Quote", "RiskDecision", "ControlCommand", "OrderCommand", "ExecutionReport", "Alert", "Level",
        "Provenance");
  }

  @Test
  void an_id_nobody_registered_is_refused_with_an_explanation() {
    assertThatThrownBy(() -> new LocalSchemaRegistry().schemaById(42))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessageStartingWith("schema id 42 is unknown to the local in-process schema registry: it was not"
            + " registered in this process and is not the schema of any generated record in io.mmguard.schemas")
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void decimals_of_different_scale_get_different_ids_although_avros_parsing_canonical_form_is_the_same() {
    Schema scale12 = priceRecord(12, "");
    Schema scale6 = priceRecord(6, "");
    LocalSchemaRegistry registry = new LocalSchemaRegistry();

    assertThat(SchemaNormalization.parsingFingerprint64(scale12))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(scale6));
    assertThat(registry.idOf(scale12)).isNotEqualTo(registry.idOf(scale6));
  }

  @Test
  void a_change_of_documentation_only_keeps_the_id() {
    LocalSchemaRegistry registry = new LocalSchemaRegistry();

    assertThat(registry.idOf(priceRecord(12, "The touch price."))).isEqualTo(registry.idOf(priceRecord(12, "")));
  }

  @Test
  void two_different_schemas_that_fold_to_the_same_id_are_refused_instead_of_confused() {
    LocalSchemaRegistry registry = new LocalSchemaRegistry(form -> 7, List.of());
    registry.register("mm.quotes-value", Quote.getClassSchema());

    assertThatThrownBy(() -> registry.register("mm.test.level-value", Level.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessage("local in-process schema registry: schema id collision for subject 'mm.test.level-value':"
            + " io.mmguard.schemas.Level and the different schema io.mmguard.schemas.Quote both map to id 7"
            + " (CRC-64-AVRO of the schema, folded to 31 bits); change either schema, or set schema.registry.url"
            + " to use a shared registry that hands out ids");
  }

  private static Schema priceRecord(int scale, String doc) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Px\",\"namespace\":\"io.mmguard.test\","
        + "\"fields\":[{\"name\":\"price\",\"doc\":\"" + doc + "\",\"type\":{\"type\":\"bytes\","
        + "\"logicalType\":\"decimal\",\"precision\":38,\"scale\":" + scale + "}}]}");
  }
}
