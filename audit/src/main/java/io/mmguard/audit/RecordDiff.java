package io.mmguard.audit;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Field-by-field differences between a recorded and a re-derived Avro record, by field path. */
final class RecordDiff {

    private RecordDiff() {
    }

    /** Every field of {@code recorded} whose value differs in {@code derived}; empty when they are the same. */
    static List<AuditResult.FieldDiff> of(SpecificRecord recorded, SpecificRecord derived) {
        List<AuditResult.FieldDiff> diffs = new ArrayList<>();
        compare("", recorded, derived, diffs);
        return diffs;
    }

    private static void compare(String path, Object recorded, Object derived, List<AuditResult.FieldDiff> diffs) {
        if (recorded instanceof SpecificRecord r && derived instanceof SpecificRecord d && r.getSchema().equals(d.getSchema())) {
            String prefix = path.isEmpty() ? "" : path + ".";
            for (Schema.Field field : r.getSchema().getFields()) {
                compare(prefix + field.name(), r.get(field.pos()), d.get(field.pos()), diffs);
            }
            return;
        }
        if (recorded instanceof Map<?, ?> r && derived instanceof Map<?, ?> d) {
            TreeSet<String> keys = new TreeSet<>();
            r.keySet().forEach(k -> keys.add(String.valueOf(k)));
            d.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                compare(path + "[" + key + "]", byKey(r, key), byKey(d, key), diffs);
            }
            return;
        }
        if (recorded instanceof List<?> r && derived instanceof List<?> d && r.size() == d.size()) {
            for (int i = 0; i < r.size(); i++) {
                compare(path + "[" + i + "]", r.get(i), d.get(i), diffs);
            }
            return;
        }
        if (!same(recorded, derived)) {
            diffs.add(new AuditResult.FieldDiff(path, text(recorded), text(derived)));
        }
    }

    private static Object byKey(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (String.valueOf(entry.getKey()).equals(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean same(Object recorded, Object derived) {
        if (recorded instanceof BigDecimal r && derived instanceof BigDecimal d) {
            return r.compareTo(d) == 0;
        }
        if (recorded instanceof CharSequence r && derived instanceof CharSequence d) {
            return r.toString().equals(d.toString());
        }
        return Objects.equals(recorded, derived);
    }

    /** A value as an operator reads it: decimals plain, records as their JSON form, null as "null". */
    static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return Decimals.plain(decimal);
        }
        return String.valueOf(value);
    }
}
