package io.mmguard.schemas.serde;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Test helper: every decimal in a record by field path, and a copy of a record with decimals at their schema scale. */
final class Decimals {
  private Decimals() {}

  /** Path (e.g. "BookUpdate.bids[1].price") to value, for every non-null decimal in the record. */
  static Map<String, BigDecimal> byPath(SpecificRecord record) {
    Map<String, BigDecimal> found = new LinkedHashMap<>();
    collect(record.getSchema(), record, record.getSchema().getName(), found);
    return found;
  }

  /** A deep copy of {@code record} whose decimals carry the scale their schema declares (what a round trip yields). */
  static <T extends SpecificRecord> T atSchemaScale(T record) {
    T copy = SpecificData.getForClass(record.getClass()).deepCopy(record.getSchema(), record);
    rescale(copy.getSchema(), copy);
    return copy;
  }

  private static void collect(Schema schema, Object datum, String path, Map<String, BigDecimal> found) {
    if (datum == null) {
      return;
    }
    switch (schema.getType()) {
      case RECORD:
        IndexedRecord record = (IndexedRecord) datum;
        for (Schema.Field f : schema.getFields()) {
          collect(f.schema(), record.get(f.pos()), path + "." + f.name(), found);
        }
        return;
      case ARRAY:
        int i = 0;
        for (Object item : (Collection<?>) datum) {
          collect(schema.getElementType(), item, path + "[" + i++ + "]", found);
        }
        return;
      case MAP:
        for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) datum).entrySet()) {
          collect(schema.getValueType(), e.getValue(), path + "['" + e.getKey() + "']", found);
        }
        return;
      case UNION:
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL && matches(branch, datum)) {
            collect(branch, datum, path, found);
          }
        }
        return;
      default:
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
          found.put(path, (BigDecimal) datum);
        }
    }
  }

  private static boolean matches(Schema branch, Object datum) {
    if (datum instanceof BigDecimal) {
      return branch.getLogicalType() instanceof LogicalTypes.Decimal;
    }
    if (datum instanceof IndexedRecord) {
      return branch.getType() == Schema.Type.RECORD
          && branch.getFullName().equals(((IndexedRecord) datum).getSchema().getFullName());
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Object rescale(Schema schema, Object datum) {
    if (datum == null) {
      return null;
    }
    switch (schema.getType()) {
      case RECORD:
        IndexedRecord record = (IndexedRecord) datum;
        for (Schema.Field f : schema.getFields()) {
          record.put(f.pos(), rescale(f.schema(), record.get(f.pos())));
        }
        return record;
      case ARRAY:
        java.util.List<Object> list = (java.util.List<Object>) datum;
        for (int i = 0; i < list.size(); i++) {
          list.set(i, rescale(schema.getElementType(), list.get(i)));
        }
        return list;
      case UNION:
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL && matches(branch, datum)) {
            return rescale(branch, datum);
          }
        }
        return datum;
      default:
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
          return ((BigDecimal) datum).setScale(((LogicalTypes.Decimal) schema.getLogicalType()).getScale());
        }
        return datum;
    }
  }
}
