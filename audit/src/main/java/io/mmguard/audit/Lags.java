package io.mmguard.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts records derived without a global input recorded before them (DESIGN.md section 8), per input. */
final class Lags {

    private final Comparison range;
    private final Map<String, long[]> byInput = new LinkedHashMap<>();
    private final Map<String, String> examples = new LinkedHashMap<>();

    Lags(Comparison range) {
        this.range = range;
    }

    /** A record at {@code ts} ({@code ref}) did not see {@code input} recorded {@code lagMs} before it. */
    synchronized void add(String input, long ts, long lagMs, String ref) {
        if (!range.inRange(ts) || lagMs <= 0) {
            return;
        }
        long[] value = byInput.computeIfAbsent(input, k -> new long[2]);
        value[0]++;
        if (lagMs > value[1]) {
            value[1] = lagMs;
            examples.put(input, ref);
        }
    }

    synchronized List<AuditResult.Lag> summary() {
        List<AuditResult.Lag> lags = new ArrayList<>();
        byInput.forEach((input, value) -> lags.add(new AuditResult.Lag(input, value[0], value[1], examples.get(input))));
        return lags;
    }
}
