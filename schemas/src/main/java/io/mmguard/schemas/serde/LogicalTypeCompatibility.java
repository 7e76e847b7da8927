package io.mmguard.schemas.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The check Avro's SchemaCompatibility leaves out: logical types. Avro resolves {@code decimal(38,12)}
 * written data against a {@code decimal(38,6)} reader without complaint (both are bytes) and the reader
 * then interprets the unscaled value with its own scale, misreading every amount by a factor of 10^6.
 * The same holds for timestamp-millis read as timestamp-micros. This walk pairs writer and reader
 * schemas the way Avro's resolution does and reports every place where both sides carry a logical type
 * and the reader's would misread the writer's: a different logical type, a different decimal scale, or a
 * narrower decimal precision.
 */
final class LogicalTypeCompatibility {
  private LogicalTypeCompatibility() {}

  /** Problems found reading data written with {@code writer} through {@code reader}; empty when none. */
  static List<String> problems(Schema reader, Schema writer) {
    List<String> problems = new ArrayList<>();
    Schema aliased = Schema.applyAliases(writer, reader);
    walk(reader, aliased, displayName(reader), problems, new HashSet<>());
    return problems;
  }

  private static void walk(Schema reader, Schema writer, String path, List<String> problems, Set<String> seen) {
    if (writer.getType() == Schema.Type.UNION) {
      for (Schema branch : writer.getTypes()) {
        walk(reader, branch, path, problems, seen);
      }
      return;
    }
    if (reader.getType() == Schema.Type.UNION) {
      for (Schema branch : reader.getTypes()) {
        if (sameKind(branch, writer)) {
          walk(branch, writer, path, problems, seen);
          return;
        }
      }
      return;
    }
    if (!sameKind(reader, writer)) {
      return; // a type change; Avro's own check decides whether it is a legal promotion
    }
    checkLogicalTypes(reader.getLogicalType(), writer.getLogicalType(), path, problems);
    switch (reader.getType()) {
      case RECORD:
        if (!seen.add(reader.getFullName() + "<-" + writer.getFullName())) {
          return;
        }
        for (Schema.Field readerField : reader.getFields()) {
          Schema.Field writerField = writer.getField(readerField.name());
          if (writerField != null) {
            walk(readerField.schema(), writerField.schema(), path + "." + readerField.name(), problems, seen);
          }
        }
        return;
      case ARRAY:
        walk(reader.getElementType(), writer.getElementType(), path + "[]", problems, seen);
        return;
      case MAP:
        walk(reader.getValueType(), writer.getValueType(), path + "{}", problems, seen);
        return;
      default:
        return;
    }
  }

  private static boolean sameKind(Schema a, Schema b) {
    if (a.getType() != b.getType()) {
      return false;
    }
    switch (a.getType()) {
      case RECORD:
      case ENUM:
      case FIXED:
        return a.getFullName().equals(b.getFullName());
      default:
        return true;
    }
  }

  private static void checkLogicalTypes(LogicalType reader, LogicalType writer, String path, List<String> problems) {
    if (reader == null || writer == null) {
      return;
    }
    if (reader instanceof LogicalTypes.Decimal && writer instanceof LogicalTypes.Decimal) {
      LogicalTypes.Decimal r = (LogicalTypes.Decimal) reader;
      LogicalTypes.Decimal w = (LogicalTypes.Decimal) writer;
      if (r.getScale() != w.getScale()) {
        problems.add(path + ": written as " + describe(w) + ", read as " + describe(r)
            + " (Avro does not rescale decimals on read, every value would be misread)");
      } else if (r.getPrecision() < w.getPrecision()) {
        problems.add(path + ": written as " + describe(w) + ", read as the narrower " + describe(r));
      }
      return;
    }
    if (!reader.getName().equals(writer.getName())) {
      problems.add(path + ": written as " + describe(writer) + ", read as " + describe(reader)
          + " (Avro would reinterpret the raw value)");
    }
  }

  static String describe(LogicalType logicalType) {
    if (logicalType instanceof LogicalTypes.Decimal) {
      LogicalTypes.Decimal d = (LogicalTypes.Decimal) logicalType;
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return logicalType.getName();
  }

  private static String displayName(Schema schema) {
    switch (schema.getType()) {
      case RECORD:
      case ENUM:
      case FIXED:
        return schema.getName();
      default:
        return schema.getType().getName();
    }
  }
}
