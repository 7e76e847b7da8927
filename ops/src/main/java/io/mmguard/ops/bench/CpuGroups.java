package io.mmguard.ops.bench;

import java.util.List;
import java.util.Map;

/**
 * Which part of the bench a thread belongs to, by its name. Kafka Streams names its threads (and its
 * clients' network threads) after the client id, which starts with the application id
 * ({@code mmguard-quoter-<uuid>-StreamThread-1}, {@code kafka-producer-network-thread | mmguard-quoter-...});
 * the runner's HTTP thread is {@code <service>-ops-http}; the feed, exchange and bench threads carry their own names.
 * Everything else in the process is the broker (and the JVM's own Java threads).
 */
final class CpuGroups {

    static final String QUOTER = "quoter";
    static final String RISK_GATE = "risk-gate";
    static final String ORDER_ROUTER = "order-router";
    static final String CANARY = "canary";
    static final String NOTIFIER = "notifier";
    static final String FEED = "feed";
    static final String EXCHANGE = "paper-exchange";
    static final String HARNESS = "bench-harness";
    static final String BASELINE = "baseline";
    static final String BROKER = "broker+other";

    /** Groups in report order, each with the name fragments that identify its threads (first match wins). */
    private static final List<Map.Entry<String, List<String>>> RULES = List.of(
            Map.entry(QUOTER, List.of("mmguard-quoter", "quoter-ops-http")),
            Map.entry(RISK_GATE, List.of("mmguard-risk-gate", "risk-gate-ops-http")),
            Map.entry(ORDER_ROUTER, List.of("mmguard-order-router", "order-router-ops-http")),
            Map.entry(CANARY, List.of("mmguard-canary", "canary-controller-ops-http")),
            Map.entry(NOTIFIER, List.of("mmguard-notifier", "notifier-ops-http", "mm-notifier-")),
            Map.entry(FEED, List.of("mm-sim-", "mm-bench-preload")),
            Map.entry(EXCHANGE, List.of("mm-paper-exchange")),
            Map.entry(BASELINE, List.of("mm-bench-onehop", "mm-bench-passthrough")),
            Map.entry(HARNESS, List.of("mm-bench-")));

    /** Every group, in report order. */
    static final List<String> ALL = List.of(QUOTER, RISK_GATE, ORDER_ROUTER, CANARY, NOTIFIER, FEED, EXCHANGE, BASELINE, HARNESS,
            BROKER);

    private CpuGroups() {
    }

    /** The group of a thread called {@code threadName}. */
    static String of(String threadName) {
        if (threadName.equals("main")) {
            return HARNESS; // the bench's own thread (it also serializes the flat-out preload)
        }
        for (Map.Entry<String, List<String>> rule : RULES) {
            for (String fragment : rule.getValue()) {
                if (threadName.contains(fragment)) {
                    return rule.getKey();
                }
            }
        }
        return BROKER;
    }
}
