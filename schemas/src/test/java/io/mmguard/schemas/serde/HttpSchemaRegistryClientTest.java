package io.mmguard.schemas.serde;

import static io.mmguard.schemas.serde.SampleRecords.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.Level;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {
  private static final String SUBJECT = "mm.quotes-value";

  private FakeConfluentSchemaRegistry server;

  @BeforeEach
  void startRegistry() throws IOException {
    server = FakeConfluentSchemaRegistry.start();
  }

  @AfterEach
  void stopRegistry() {
    server.close();
  }

  @Test
  void registering_returns_the_id_the_registry_assigned_and_speaks_confluents_content_type() {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());

    int provenanceId = client.register("mm.test.provenance-value", Provenance.getClassSchema());
    int quoteId = client.register(SUBJECT, Quote.getClassSchema());

    assertThat(provenanceId).isEqualTo(1);
    assertThat(quoteId).isEqualTo(2);
    assertThat(server.subjects()).containsExactly("mm.test.provenance-value", SUBJECT);
    assertThat(server.contentTypesSeen()).containsOnly("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void registering_the_same_schema_again_is_answered_from_the_cache() {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());

    int first = client.register(SUBJECT, Quote.getClassSchema());
    int second = client.register(SUBJECT, Quote.getClassSchema());

    assertThat(second).isEqualTo(first);
    assertThat(server.requests("POST /subjects/" + SUBJECT + "/versions")).isEqualTo(1);
  }

  @Test
  void a_schema_is_fetched_by_id_once_and_then_served_from_the_cache() {
    int id = new HttpSchemaRegistryClient(server.url()).register(SUBJECT, Quote.getClassSchema());
    HttpSchemaRegistryClient reader = new HttpSchemaRegistryClient(server.url());

    Schema first = reader.schemaById(id);
    Schema second = reader.schemaById(id);

    assertThat(first).isEqualTo(Quote.getClassSchema());
    assertThat(second).isSameAs(first);
    assertThat(server.requests("GET /schemas/ids/" + id)).isEqualTo(1);
  }

  @Test
  void a_schema_this_client_registered_is_known_by_id_without_asking_the_registry() {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
    int id = client.register(SUBJECT, Quote.getClassSchema());

    assertThat(client.schemaById(id)).isEqualTo(Quote.getClassSchema());
    assertThat(server.requests("GET /schemas/ids/" + id)).isZero();
  }

  @Test
  void an_incompatible_schema_is_refused_with_the_registrys_409_error_code_and_message() {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
    client.register("mm.test.provenance-value", Provenance.getClassSchema());
    Schema withoutDefault = SchemaEvolutionTest.withFields(Provenance.getClassSchema(), fields ->
        SchemaEvolutionTest.with(fields, new Schema.Field("build_id", Schema.create(Schema.Type.STRING))));

    assertThatThrownBy(() -> client.register("mm.test.provenance-value", withoutDefault))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageStartingWith("cannot register io.mmguard.schemas.Provenance under subject"
            + " 'mm.test.provenance-value': schema registry " + server.url() + " answered HTTP 409 to POST "
            + server.url() + "/subjects/mm.test.provenance-value/versions: error_code 409: Schema being registered"
            + " is incompatible with an earlier schema for subject \"mm.test.provenance-value\"")
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .satisfies(e -> assertThat(((IncompatibleSchemaException) e).subject()).isEqualTo("mm.test.provenance-value"));
  }

  @Test
  void an_invalid_schema_answer_422_is_reported_with_its_error_code() {
    server.failNextRequest(422, "{\"error_code\":42201,\"message\":\"Invalid schema: bad default\"}");

    assertThatThrownBy(() -> new HttpSchemaRegistryClient(server.url()).register(SUBJECT, Quote.getClassSchema()))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageEndingWith("answered HTTP 422 to POST " + server.url() + "/subjects/" + SUBJECT
            + "/versions: error_code 42201: Invalid schema: bad default");
  }

  @Test
  void a_server_error_without_a_json_body_is_reported_with_the_body() {
    server.failNextRequest(503, "upstream Kafka store unavailable\n");

    assertThatThrownBy(() -> new HttpSchemaRegistryClient(server.url()).register(SUBJECT, Quote.getClassSchema()))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("subject '" + SUBJECT + "'")
        .hasMessageEndingWith("answered HTTP 503 to POST " + server.url() + "/subjects/" + SUBJECT
            + "/versions: body: upstream Kafka store unavailable");
  }

  @Test
  void an_unknown_id_is_reported_with_confluents_40403_error() {
    assertThatThrownBy(() -> new HttpSchemaRegistryClient(server.url()).schemaById(99))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessage("cannot fetch schema id 99: schema registry " + server.url() + " answered HTTP 404 to GET "
            + server.url() + "/schemas/ids/99: error_code 40403: Schema 99 not found");
  }

  @Test
  void a_refused_connection_is_reported_naming_the_url_and_the_subject() throws IOException {
    String deadUrl = "http://127.0.0.1:" + freePort();

    assertThatThrownBy(() -> new HttpSchemaRegistryClient(deadUrl).register(SUBJECT, Quote.getClassSchema()))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessage("cannot register io.mmguard.schemas.Quote under subject '" + SUBJECT + "': connection to"
            + " schema registry " + deadUrl + " refused (POST " + deadUrl + "/subjects/" + SUBJECT + "/versions);"
            + " check schema.registry.url and that the registry is running");
  }

  @Test
  void a_registry_that_does_not_answer_in_time_is_reported_with_the_configured_timeout() throws Exception {
    HttpSchemaRegistryClient impatient =
        new HttpSchemaRegistryClient(server.url(), Duration.ofSeconds(2), Duration.ofMillis(200));

    AutoCloseable held = server.holdAnswers();
    try {
      assertThatThrownBy(() -> impatient.schemaById(1))
          .isExactlyInstanceOf(SchemaRegistryException.class)
          .hasMessage("cannot fetch schema id 1: schema registry " + server.url() + " did not answer within 200 ms"
              + " (GET " + server.url() + "/schemas/ids/1)");
    } finally {
      held.close();
    }
  }

  @Test
  void records_round_trip_through_the_http_registry_between_separate_clients() {
    AvroSerde<Quote> producer = MmSerdes.value(Quote.class, new HttpSchemaRegistryClient(server.url()));
    AvroSerde<Quote> consumer = MmSerdes.value(Quote.class, new HttpSchemaRegistryClient(server.url()));

    byte[] first = producer.serializer().serialize("mm.quotes", SampleRecords.quote());
    byte[] second = producer.serializer().serialize("mm.quotes", SampleRecords.quote());
    Quote read = consumer.deserializer().deserialize("mm.quotes", first);
    consumer.deserializer().deserialize("mm.quotes", second);

    assertThat(read).isEqualTo(Decimals.atSchemaScale(SampleRecords.quote()));
    assertThat(server.requests("POST /subjects/mm.quotes-value/versions")).isEqualTo(1);
    assertThat(server.requests("GET /schemas/ids/1")).isEqualTo(1);
    assertThat(server.totalRequests()).isEqualTo(2);
  }

  @Test
  void a_key_serde_registers_under_the_key_subject() {
    MmSerdes.key(Quote.class, new HttpSchemaRegistryClient(server.url())).serializer()
        .serialize("mm.quotes", SampleRecords.quote());

    assertThat(server.subjects()).containsExactly("mm.quotes-key");
  }

  @Test
  void a_registry_failure_while_serializing_becomes_a_serialization_exception_naming_topic_and_subject() {
    server.failNextRequest(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
    AvroSerde<Quote> serde = MmSerdes.value(Quote.class, new HttpSchemaRegistryClient(server.url()));

    assertThatThrownBy(() -> serde.serializer().serialize("mm.quotes", SampleRecords.quote()))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("mm.quotes: cannot register the schema of io.mmguard.schemas.Quote under subject"
            + " 'mm.quotes-value': ")
        .hasMessageEndingWith("error_code 50001: Error in the backend data store");
  }

  @Test
  void data_with_a_changed_decimal_scale_that_a_confluent_registry_accepts_is_still_refused_by_the_reader() {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
    client.register("mm.test.level-value", Level.getClassSchema());
    Schema scale6 = SchemaEvolutionTest.withFields(Level.getClassSchema(), fields -> SchemaEvolutionTest.replaced(
        fields, new Schema.Field("price", LogicalTypes.decimal(38, 6).addToSchema(Schema.create(Schema.Type.BYTES)))));
    GenericRecord record = new GenericData.Record(scale6);
    record.put("price", dec("4295.700000"));
    record.put("size", dec("1"));
    byte[] written = new GenericWireFormat(client).write("mm.test.level-value", record);

    assertThatThrownBy(() -> MmSerdes.value(Level.class, client).deserializer().deserialize("mm.test.level", written))
        .isInstanceOf(SerializationException.class)
        .hasMessage("mm.test.level: record written with schema id 2 (io.mmguard.schemas.Level) cannot be read as"
            + " io.mmguard.schemas.Level: Level.price: written as decimal(38,6), read as decimal(38,12) (Avro does"
            + " not rescale decimals on read, every value would be misread)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
