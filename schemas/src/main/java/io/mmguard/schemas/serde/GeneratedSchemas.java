package io.mmguard.schemas.serde;

import io.mmguard.schemas.MarketMaking;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The catalogue of every record schema generated from {@code mm.avdl} (the {@link MarketMaking} protocol),
 * taken from the generated classes themselves so the schemas are exactly those the serializers write.
 */
final class GeneratedSchemas {
  private GeneratedSchemas() {}

  /** The schemas of all generated record classes, in protocol order. */
  static List<Schema> records() {
    List<Schema> records = new ArrayList<>();
    for (Schema type : MarketMaking.PROTOCOL.getTypes()) {
      if (type.getType() == Schema.Type.RECORD) {
        records.add(classSchema(type));
      }
    }
    return List.copyOf(records);
  }

  /** The generated classes of those schemas. */
  static List<Class<?>> recordClasses() {
    List<Class<?>> classes = new ArrayList<>();
    for (Schema schema : records()) {
      classes.add(SpecificData.get().getClass(schema));
    }
    return List.copyOf(classes);
  }

  private static Schema classSchema(Schema protocolType) {
    Class<?> generated = SpecificData.get().getClass(protocolType);
    if (generated == null) {
      throw new IllegalStateException("no generated class for " + protocolType.getFullName()
          + " although it is declared in protocol " + MarketMaking.PROTOCOL.getName());
    }
    return SpecificData.get().getSchema(generated);
  }
}
