package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One budget of DESIGN.md section 10 and whether this run met it.
 *
 * @param key         the JSON key of the figure
 * @param description what the figure is
 * @param value       the figure (NaN when it was not measured: never met)
 * @param atMost      true: the figure must be at most the limit; false: at least
 * @param limit       the budget
 * @param unit        unit for the table
 */
record Target(String key, String description, double value, boolean atMost, double limit, String unit) {

    boolean met() {
        if (Double.isNaN(value)) {
            return false;
        }
        return atMost ? value <= limit : value >= limit;
    }

    String comparison() {
        return (atMost ? "<= " : ">= ") + Figures.round(limit, 3) + (unit.isEmpty() ? "" : " " + unit);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("value", Figures.orNull(value));
        map.put(atMost ? "max" : "min", limit);
        map.put("met", met());
        map.put("what", description);
        return map;
    }
}
