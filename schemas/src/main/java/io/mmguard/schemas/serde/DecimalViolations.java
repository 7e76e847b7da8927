package io.mmguard.schemas.serde;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Finds the first BigDecimal in a record that its {@code decimal(p,s)} field cannot hold exactly, and names
 * the field. Avro's DecimalConversion refuses such values too, but its message does not always name the
 * field; this walk is run only after Avro has refused, to explain the refusal.
 */
final class DecimalViolations {
  private DecimalViolations() {}

  /** A description such as "field Quote.bid = 0.0000000000001 has 13 decimal places, ...", if any. */
  static Optional<String> find(Schema schema, Object datum) {
    return walk(schema, datum, schema.getName());
  }

  private static Optional<String> walk(Schema schema, Object datum, String path) {
    if (datum == null) {
      return Optional.empty();
    }
    switch (schema.getType()) {
      case RECORD:
        if (!(datum instanceof IndexedRecord)
            || !((IndexedRecord) datum).getSchema().getFullName().equals(schema.getFullName())) {
          return Optional.empty();
        }
        IndexedRecord record = (IndexedRecord) datum;
        for (Schema.Field field : schema.getFields()) {
          Optional<String> found = walk(field.schema(), record.get(field.pos()), path + "." + field.name());
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      case ARRAY:
        if (!(datum instanceof Collection)) {
          return Optional.empty();
        }
        int index = 0;
        for (Object item : (Collection<?>) datum) {
          Optional<String> found = walk(schema.getElementType(), item, path + "[" + index++ + "]");
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      case MAP:
        if (!(datum instanceof Map)) {
          return Optional.empty();
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
          Optional<String> found = walk(schema.getValueType(), entry.getValue(), path + "['" + entry.getKey() + "']");
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      case UNION:
        for (Schema branch : schema.getTypes()) {
          Optional<String> found = walk(branch, datum, path);
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      default:
        return checkDecimal(schema.getLogicalType(), datum, path);
    }
  }

  private static Optional<String> checkDecimal(LogicalType logicalType, Object datum, String path) {
    if (!(logicalType instanceof LogicalTypes.Decimal) || !(datum instanceof BigDecimal)) {
      return Optional.empty();
    }
    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logicalType;
    BigDecimal value = (BigDecimal) datum;
    String declared = "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    BigDecimal rescaled;
    try {
      rescaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException needsRounding) {
      return Optional.of("field " + path + " = " + value.toPlainString() + " has " + value.scale()
          + " decimal places, " + declared + " allows at most " + decimal.getScale()
          + "; refusing to round it");
    }
    if (rescaled.precision() > decimal.getPrecision()) {
      return Optional.of("field " + path + " = " + value.toPlainString() + " needs " + rescaled.precision()
          + " digits at scale " + decimal.getScale() + ", " + declared + " allows at most "
          + decimal.getPrecision() + " (" + (decimal.getPrecision() - decimal.getScale())
          + " before the decimal point)");
    }
    return Optional.empty();
  }
}
