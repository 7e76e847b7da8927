package io.mmguard.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records in the range the audit does not re-derive by design, counted by kind, each kind with its reason. */
final class Exclusions {

    private final Map<String, String> why = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Declares a kind up front, so the report lists it (with 0) even when the range has none. */
    synchronized void declare(String what, String reason) {
        why.putIfAbsent(what, reason);
        counts.putIfAbsent(what, 0L);
    }

    synchronized void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    synchronized List<AuditResult.Exclusion> summary() {
        List<AuditResult.Exclusion> list = new ArrayList<>();
        counts.forEach((what, count) -> list.add(new AuditResult.Exclusion(what, count, why.getOrDefault(what, ""))));
        return list;
    }
}
