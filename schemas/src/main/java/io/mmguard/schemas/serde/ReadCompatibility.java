package io.mmguard.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Can data written with one schema be read with another? Avro's
 * {@link SchemaCompatibility#checkReaderWriterCompatibility} plus {@link LogicalTypeCompatibility}, with the
 * findings rendered on one line using field paths instead of JSON pointers.
 */
final class ReadCompatibility {
  private ReadCompatibility() {}

  private static final int MAX_LISTED = 5;

  /** Why {@code reader} cannot read data written with {@code writer}, or empty if it can. */
  static Optional<String> problems(Schema reader, Schema writer) {
    if (isOtherRecord(reader, writer)) {
      return Optional.of("it is a different record type (NAME_MISMATCH: " + writer.getFullName() + " is not "
          + reader.getFullName() + " and the reader declares no alias for it)");
    }
    List<String> problems = new ArrayList<>();
    SchemaPairCompatibility avro = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (avro.getType() != SchemaCompatibilityType.COMPATIBLE) {
      for (Incompatibility incompatibility : avro.getResult().getIncompatibilities()) {
        problems.add(describe(reader, incompatibility));
      }
    }
    problems.addAll(LogicalTypeCompatibility.problems(reader, writer));
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    String listed = String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size())));
    return Optional.of(problems.size() <= MAX_LISTED ? listed
        : listed + "; and " + (problems.size() - MAX_LISTED) + " more");
  }

  private static boolean isOtherRecord(Schema reader, Schema writer) {
    return reader.getType() == Schema.Type.RECORD && writer.getType() == Schema.Type.RECORD
        && !SchemaCompatibility.schemaNameEquals(reader, writer);
  }

  private static String describe(Schema reader, Incompatibility incompatibility) {
    String where = SchemaPaths.fromPointer(reader, incompatibility.getLocation());
    String message = OneLine.of(incompatibility.getMessage());
    switch (incompatibility.getType()) {
      case READER_FIELD_MISSING_DEFAULT_VALUE:
        return where + ": field '" + message + "' has no default, so records written without it cannot be read"
            + " (READER_FIELD_MISSING_DEFAULT_VALUE)";
      case TYPE_MISMATCH:
        return where + ": " + message + " (TYPE_MISMATCH)";
      default:
        return where + ": " + incompatibility.getType() + " (" + message + ")";
    }
  }
}
