package io.mmguard.schemas.serde;

import static io.mmguard.schemas.serde.SampleRecords.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.Level;
import io.mmguard.schemas.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * BACKWARD evolution as the topics use it. v1 of Provenance is today's generated schema without
 * {@code code_path} (which v2, the generated class, adds with default ""); the "other build" side is written
 * and read with plain generic Avro through {@link GenericWireFormat}.
 */
class SchemaEvolutionTest {
  private static final String SUBJECT = "mm.test.provenance-value";
  private static final String TOPIC = "mm.test.provenance";
  private static final Schema PROVENANCE_V1 =
      withFields(Provenance.getClassSchema(),
          fields -> without(without(without(fields, "code_path"), "instrument_version"), "inputs_through"));
  private static final Schema PROVENANCE_V2 = Provenance.getClassSchema();

  private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
  private final GenericWireFormat otherBuild = new GenericWireFormat(registry);
  private final AvroSerde<Provenance> serde = MmSerdes.value(Provenance.class, registry);

  @Test
  void a_v2_that_adds_a_field_with_a_default_is_accepted_as_backward_compatible() {
    int v1 = registry.register(SUBJECT, PROVENANCE_V1);

    int v2 = registry.register(SUBJECT, PROVENANCE_V2);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.versions(SUBJECT)).containsExactly(PROVENANCE_V1, PROVENANCE_V2);
  }

  @Test
  void data_written_with_v1_is_read_by_v2_with_the_default_filled_in() {
    GenericRecord v1Record = new GenericData.Record(PROVENANCE_V1);
    v1Record.put("input_topic", "mm.quotes");
    v1Record.put("input_partition", 3);
    v1Record.put("input_offset", 99L);
    v1Record.put("input_id", "q-000099");
    v1Record.put("control_version", 7L);
    v1Record.put("config_version", 42L);
    byte[] written = otherBuild.write(SUBJECT, v1Record);

    Provenance read = serde.deserializer().deserialize(TOPIC, written);

    assertThat(read).isEqualTo(Provenance.newBuilder().setInputTopic("mm.quotes").setInputPartition(3)
        .setInputOffset(99L).setInputId("q-000099").setControlVersion(7L).setConfigVersion(42L).build());
    assertThat(read.getCodePath()).isEmpty();
    assertThat(read.getInstrumentVersion()).isNull();
    assertThat(read.getInputsThrough()).isEmpty();
  }

  @Test
  void data_written_with_v2_is_read_by_a_v1_reader_which_skips_the_new_field() {
    registry.register(SUBJECT, PROVENANCE_V1);
    byte[] written = serde.serializer().serialize(TOPIC, SampleRecords.provenance());

    GenericRecord read = otherBuild.read(written, PROVENANCE_V1);

    assertThat(read.getSchema().getField("code_path")).isNull();
    assertThat(read.get("input_topic")).hasToString("mm.quotes");
    assertThat(read.get("input_offset")).isEqualTo(1_234_567L);
    assertThat(read.get("config_version")).isEqualTo(42L);
    assertThat(registry.versions(SUBJECT)).containsExactly(PROVENANCE_V1, PROVENANCE_V2);
  }

  @Test
  void a_new_field_without_a_default_is_refused_naming_the_subject_and_the_field() {
    registry.register(SUBJECT, PROVENANCE_V2);
    Schema withoutDefault = withFields(PROVENANCE_V2,
        fields -> with(fields, new Schema.Field("build_id", Schema.create(Schema.Type.STRING))));

    assertThatThrownBy(() -> registry.register(SUBJECT, withoutDefault))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessage("local in-process schema registry refused schema io.mmguard.schemas.Provenance for subject '"
            + SUBJECT + "': it is not BACKWARD compatible with version 1 (id " + registry.idOf(PROVENANCE_V2)
            + "), it could not read data written with that version: Provenance.build_id: field 'build_id' has no"
            + " default, so records written without it cannot be read (READER_FIELD_MISSING_DEFAULT_VALUE)");
    assertThat(registry.versions(SUBJECT)).containsExactly(PROVENANCE_V2);
  }

  @Test
  void a_field_whose_type_changes_incompatibly_is_refused() {
    registry.register(SUBJECT, PROVENANCE_V2);
    Schema offsetAsString = withFields(PROVENANCE_V2,
        fields -> replaced(fields, new Schema.Field("input_offset", Schema.create(Schema.Type.STRING))));

    assertThatThrownBy(() -> registry.register(SUBJECT, offsetAsString))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject '" + SUBJECT + "'")
        .hasMessageEndingWith("Provenance.input_offset: reader type: STRING not compatible with writer type: LONG"
            + " (TYPE_MISMATCH)");
  }

  @Test
  void a_decimal_whose_scale_changes_is_refused_although_avro_alone_would_accept_it() {
    registry.register("mm.test.level-value", Level.getClassSchema());
    Schema scale6 = withFields(Level.getClassSchema(), fields -> replaced(fields,
        new Schema.Field("price", LogicalTypes.decimal(38, 6).addToSchema(Schema.create(Schema.Type.BYTES)))));

    assertThatThrownBy(() -> registry.register("mm.test.level-value", scale6))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageEndingWith("Level.price: written as decimal(38,12), read as decimal(38,6) (Avro does not"
            + " rescale decimals on read, every value would be misread)");
  }

  @Test
  void an_old_reader_skips_a_field_added_by_a_newer_writer() {
    String subject = "mm.test.level-value";
    registry.register(subject, Level.getClassSchema());
    Schema levelV2 = withFields(Level.getClassSchema(),
        fields -> with(fields, new Schema.Field("orders", Schema.create(Schema.Type.INT), "order count", 0)));
    GenericRecord newer = new GenericData.Record(levelV2);
    newer.put("price", dec("17159268"));
    newer.put("size", dec("0.0001"));
    newer.put("orders", 4);
    byte[] written = otherBuild.write(subject, newer);

    Level read = MmSerdes.value(Level.class, registry).deserializer().deserialize("mm.test.level", written);

    assertThat(read.getPrice()).isEqualTo(dec("17159268.000000000000"));
    assertThat(read.getSize()).isEqualTo(dec("0.000100000000"));
  }

  @Test
  void a_local_registry_in_another_process_cannot_resolve_a_schema_it_has_never_seen_and_says_so() {
    Schema levelV2 = withFields(Level.getClassSchema(),
        fields -> with(fields, new Schema.Field("orders", Schema.create(Schema.Type.INT), "order count", 0)));
    GenericRecord newer = new GenericData.Record(levelV2);
    newer.put("price", dec("1"));
    newer.put("size", dec("1"));
    newer.put("orders", 1);
    byte[] written = otherBuild.write("mm.test.level-value", newer);
    AvroSerde<Level> otherProcess = MmSerdes.value(Level.class, new LocalSchemaRegistry());

    assertThatThrownBy(() -> otherProcess.deserializer().deserialize("mm.test.level", written))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("record has schema id " + registry.idOf(levelV2))
        .hasMessageContaining("was the record written by a build with different schemas");
  }

  static Schema withFields(Schema base, UnaryOperator<List<Schema.Field>> change) {
    List<Schema.Field> copies = new ArrayList<>();
    for (Schema.Field field : base.getFields()) {
      copies.add(new Schema.Field(field, field.schema()));
    }
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, change.apply(copies));
  }

  static List<Schema.Field> without(List<Schema.Field> fields, String name) {
    fields.removeIf(f -> f.name().equals(name));
    return fields;
  }

  static List<Schema.Field> with(List<Schema.Field> fields, Schema.Field added) {
    fields.add(added);
    return fields;
  }

  static List<Schema.Field> replaced(List<Schema.Field> fields, Schema.Field replacement) {
    fields.replaceAll(f -> f.name().equals(replacement.name()) ? replacement : f);
    return fields;
  }
}
