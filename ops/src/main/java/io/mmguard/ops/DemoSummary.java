package io.mmguard.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the demo counted on the topics (committed records only). */
record DemoSummary(long bookUpdates, long quotes, long quotesDenied, long decisions, long decisionsPass, long ordersLive, long ordersShadow, long execReports, long kills, long liveOrdersAfterKill,
                   long alerts, long quarantined, double seconds, PipelineCounter.Latencies latency,
                   Map<String, Map<String, Object>> inventory) {

    /** The one-line running status. */
    String statusLine() {
        return String.format("t=%5.0fs book_updates=%d quotes=%d quotes_denied=%d decisions=%d (pass %d) orders_live=%d orders_shadow=%d exec_reports=%d kills=%d live_after_kill=%d alerts=%d quarantined=%d"
                        + " book->order_ms p50/p99/max=%s",
                seconds, bookUpdates, quotes, quotesDenied, decisions, decisionsPass, ordersLive, ordersShadow, execReports, kills, liveOrdersAfterKill, alerts, quarantined,
                latency.order().text());
    }

    /** The summary with the contract's snake_case keys (DESIGN.md section 9). */
    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("book_updates", bookUpdates);
        map.put("quotes", quotes);
        map.put("quotes_denied", quotesDenied);
        map.put("decisions", decisions);
        map.put("decisions_pass", decisionsPass);
        map.put("orders_live", ordersLive);
        map.put("orders_shadow", ordersShadow);
        map.put("exec_reports", execReports);
        map.put("kills", kills);
        map.put("orders_live_after_kill", liveOrdersAfterKill);
        map.put("alerts", alerts);
        map.put("quarantined", quarantined);
        Map<String, Object> latencies = new LinkedHashMap<>();
        latencies.put("book_to_quote", latency.quote().asMap());
        latencies.put("book_to_decision", latency.decision().asMap());
        latencies.put("book_to_order", latency.order().asMap());
        map.put("latency_ms", latencies);
        map.put("e2e_p99_ms", latency.order().p99OrNull());
        map.put("seconds", java.math.BigDecimal.valueOf(seconds).setScale(1, java.math.RoundingMode.HALF_UP));
        map.put("inventory", inventory);
        return map;
    }
}
