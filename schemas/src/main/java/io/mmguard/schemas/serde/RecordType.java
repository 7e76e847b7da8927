package io.mmguard.schemas.serde;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** A generated record class together with its schema and the SpecificData model that carries its conversions. */
final class RecordType<T extends SpecificRecord> {
  private final Class<T> recordClass;
  private final Schema schema;
  private final SpecificData model;

  private RecordType(Class<T> recordClass, Schema schema, SpecificData model) {
    this.recordClass = recordClass;
    this.schema = schema;
    this.model = model;
  }

  static <T extends SpecificRecord> RecordType<T> of(Class<T> recordClass) {
    Objects.requireNonNull(recordClass, "recordClass");
    SpecificData model = SpecificData.getForClass(recordClass);
    Schema schema = model.getSchema(recordClass);
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(recordClass.getName() + " is not an Avro record class (its schema is a "
          + schema.getType() + ")");
    }
    return new RecordType<>(recordClass, schema, model);
  }

  /** The generated class whose schema has {@code schema}'s full name; the caller chooses {@code T}. */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> RecordType<T> of(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    Class<?> found = SpecificData.get().getClass(schema);
    if (found == null || !SpecificRecord.class.isAssignableFrom(found)) {
      throw new IllegalArgumentException("no generated SpecificRecord class on the classpath for schema "
          + schema.getFullName() + "; pass the record class instead");
    }
    RecordType<T> type = of((Class<T>) found);
    if (!type.schema.equals(schema)) {
      throw new IllegalArgumentException("schema " + schema.getFullName()
          + " differs from the schema of the generated class " + found.getName()
          + "; the serde reads and writes with the class's own schema");
    }
    return type;
  }

  Class<T> recordClass() {
    return recordClass;
  }

  Schema schema() {
    return schema;
  }

  SpecificData model() {
    return model;
  }

  String name() {
    return schema.getFullName();
  }
}
