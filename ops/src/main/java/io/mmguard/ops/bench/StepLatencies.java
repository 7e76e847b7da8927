package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Book record timestamp to readable (read_committed) at each stage of the pipeline, over one window.
 *
 * @param liveOrder     NEW orders on {@code mm.orders.live}
 * @param anyOrder      NEW orders on {@code mm.orders.live} and {@code mm.orders.shadow}
 * @param quote         {@code mm.quotes}
 * @param decision      {@code mm.risk.decisions} (FEED_SILENT excluded)
 */
record StepLatencies(LatencyStats liveOrder, LatencyStats anyOrder, LatencyStats quote, LatencyStats decision) {

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("book_to_live_order", liveOrder.asMap());
        map.put("book_to_order", anyOrder.asMap());
        map.put("book_to_quote", quote.asMap());
        map.put("book_to_decision", decision.asMap());
        return map;
    }
}
