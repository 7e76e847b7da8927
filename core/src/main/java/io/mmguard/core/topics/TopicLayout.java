package io.mmguard.core.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The one place that says how every topic is provisioned: partitions, retention and compaction.
 *
 * <p>Market topics are keyed by symbol and share one partition count so that a symbol's book,
 * quotes, decisions and orders land on the same partition number (co-partitioned). The control
 * log has a single partition: commands are totally ordered and kept forever (it is the audit trail
 * of every kill and enable). Instruments are compacted reference data.
 */
public final class TopicLayout {

    /** Partitions for the market topics unless the operator chooses otherwise ({@code bin/mm topics}). */
    public static final int DEFAULT_PARTITIONS = 3;

    /**
     * Partitions for the market topics of the one-machine demo and of {@code bin/mm bench}: one instance of each service on
     * one machine gains nothing from more, and each partition is one more task per service (its own stores, record queues
     * and changelog partitions) and one more partition in every transaction and every commit marker. Measured in
     * {@code docs/PERFORMANCE.md}: about 40% more pipeline throughput than with 3. What it trades: a second instance of a
     * service has no partition to take over and is a standby only; a deployment that scales out provisions with
     * {@code bin/mm topics --partitions N}.
     */
    public static final int SINGLE_MACHINE_PARTITIONS = 1;

    private static final String RETENTION = "retention.ms";
    private static final String CLEANUP = "cleanup.policy";
    private static final String WEEK = Long.toString(Duration.ofDays(7).toMillis());
    private static final String MONTH = Long.toString(Duration.ofDays(30).toMillis());

    private TopicLayout() {
    }

    /** Every topic for the given venues, with {@code partitions} for the symbol-keyed market topics. */
    public static List<TopicSpec> all(List<String> venues, int partitions) {
        java.util.ArrayList<TopicSpec> specs = new java.util.ArrayList<>();
        for (String venue : venues) {
            specs.add(new TopicSpec(TopicNames.book(venue), partitions, Map.of(RETENTION, WEEK)));
        }
        specs.add(new TopicSpec(TopicNames.INSTRUMENTS, partitions, Map.of(CLEANUP, "compact")));
        specs.add(new TopicSpec(TopicNames.QUOTES, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.QUOTES_DENIED, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.DECISIONS, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.ORDERS_LIVE, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.ORDERS_SHADOW, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.ORDERS_DENIED, partitions, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.EXEC_REPORTS, partitions, Map.of(RETENTION, MONTH)));
        // compacted like the instruments (the newest position per symbol is what a reader needs), and kept a month
        // before compaction may drop a version, so an audit of the month finds the version each quote used
        specs.add(new TopicSpec(TopicNames.POSITIONS, partitions, Map.of(CLEANUP, "compact", "min.compaction.lag.ms", MONTH)));
        specs.add(new TopicSpec(TopicNames.CONTROL, 1, Map.of(RETENTION, "-1")));
        specs.add(new TopicSpec(TopicNames.CONTROL_STATE, 1, Map.of(RETENTION, "-1")));
        specs.add(new TopicSpec(TopicNames.ALERTS, 1, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.CANARY_TICKS, 1, Map.of(RETENTION, MONTH)));
        specs.add(new TopicSpec(TopicNames.DLQ, 1, Map.of(RETENTION, MONTH)));
        return List.copyOf(specs);
    }
}
