package io.mmguard.audit;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Matches what the replays derive against what was recorded, by record id (quote, denial, decision, order
 * or command id), and counts per topic. A derived record outside the audited time range only rebuilt state
 * and is not compared. Live and shadow orders are one id space: an order routed the other way than recorded
 * is a difference in its {@code (topic)}, not a missing and an unexpected record.
 */
final class Comparison {

    /** The topics an audit reports on, in report order. */
    static final List<String> AUDITED = List.of(TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS,
            TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_DENIED, TopicNames.CONTROL, TopicNames.POSITIONS);

    private static final String ORDERS = "orders";
    /** Findings kept to choose the first ones from (sorted at the end); the total counts them all. */
    private static final int KEPT_FINDINGS = 10_000;

    private final Topics topics;
    private final long from;
    private final long to;
    private final int maxFindings;
    private final Map<String, Map<String, Slot>> slots = new HashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final List<AuditResult.Finding> findings = new ArrayList<>();
    private long findingsTotal;

    Comparison(Topics topics, long from, long to, int maxFindings) {
        this.topics = topics;
        this.from = from;
        this.to = to;
        this.maxFindings = maxFindings;
        AUDITED.forEach(topic -> counts.put(topic, new long[5]));
    }

    /** True when record time {@code ts} is inside the audited range. */
    boolean inRange(long ts) {
        return ts >= from && ts <= to;
    }

    /** A recorded record that the replays must re-derive (if it is in the range). */
    void recorded(Rec rec, SpecificRecord value) {
        if (!inRange(rec.timestamp())) {
            return;
        }
        slot(rec.topic(), idOf(value)).recorded.add(new Recorded(rec));
    }

    /**
     * A record the service's code derived from {@code input} ({@code topic-partition@offset}). Replays of different
     * tasks call this from several threads: the record is written (the costly part) before the ledger is locked.
     */
    void expect(String service, Derived derived, String input) {
        if (!AUDITED.contains(derived.topic()) || !inRange(derived.timestamp())) {
            return;
        }
        String id = idOf(derived.value());
        byte[] bytes;
        try {
            bytes = serialize(derived.topic(), derived.value());
        } catch (RuntimeException e) {
            synchronized (this) {
                count(derived.topic(), 0);
                count(derived.topic(), 2);
                add(new AuditResult.Finding(AuditResult.Kind.DIFFERENT, derived.topic(), null, null, id, service, input, List.of(),
                        "the re-derived record cannot even be written to " + derived.topic() + ": " + e.getMessage()));
            }
            return;
        }
        match(service, derived, input, id, bytes);
    }

    private synchronized void match(String service, Derived derived, String input, String id, byte[] bytes) {
        count(derived.topic(), 0);
        Slot slot = slot(derived.topic(), id);
        // fast path: the same bytes under the same topic, key and time as an open recorded record
        for (Recorded recorded : slot.recorded) {
            if (!recorded.matched && sameRecord(recorded.rec, derived) && java.util.Arrays.equals(bytes, recorded.rec.value())) {
                recorded.matched = true;
                slot.keep(derived, bytes, service);
                count(derived.topic(), 1);
                return;
            }
        }
        SpecificRecord normalized = deserialize(derived.topic(), bytes);
        Derived made = new Derived(derived.topic(), derived.key(), normalized, derived.timestamp());
        slot.keep(derived, bytes, service);
        Recorded firstOpen = null;
        for (Recorded recorded : slot.recorded) {
            if (recorded.matched) {
                continue;
            }
            if (diff(recorded, made).isEmpty()) {
                recorded.matched = true;
                count(derived.topic(), 1);
                return;
            }
            if (firstOpen == null) {
                firstOpen = recorded;
            }
        }
        if (firstOpen != null) {
            firstOpen.matched = true;
            count(derived.topic(), 2);
            add(new AuditResult.Finding(AuditResult.Kind.DIFFERENT, firstOpen.rec.topic(), firstOpen.rec.partition(),
                    firstOpen.rec.offset(), id, service, input, diff(firstOpen, made),
                    "recorded " + firstOpen.rec.ref() + " differs from what the " + service + " code derives from " + input));
            return;
        }
        count(derived.topic(), 3);
        add(new AuditResult.Finding(AuditResult.Kind.MISSING, derived.topic(), null, null, id, service, input, List.of(),
                "the " + service + " code derives " + id + " from " + input + ", but " + derived.topic() + " has no such record"
                        + " in the range"));
    }

    /** An input the service could not have read either (undecodable): it went to mm.dlq, nothing derives from it. */
    synchronized void unreadable(Rec rec, String service, String why) {
        add(new AuditResult.Finding(AuditResult.Kind.UNREADABLE, rec.topic(), rec.partition(), rec.offset(), null, service, rec.ref(),
                List.of(), why));
    }

    /** A record the audit cannot re-derive because an input it names is gone (retention, compaction). */
    synchronized void cannotDerive(Rec rec, String service, String why) {
        add(new AuditResult.Finding(AuditResult.Kind.UNREADABLE, rec.topic(), rec.partition(), rec.offset(), null, service, rec.ref(),
                List.of(), why));
    }

    /** Every recorded record nobody re-derived becomes a finding. Call once, after every replay. */
    synchronized void finish() {
        for (Map<String, Slot> byId : slots.values()) {
            for (Map.Entry<String, Slot> entry : byId.entrySet()) {
                Slot slot = entry.getValue();
                for (Recorded recorded : slot.recorded) {
                    if (recorded.matched) {
                        continue;
                    }
                    Rec rec = recorded.rec;
                    if (slot.derivedBytes != null) {
                        List<AuditResult.FieldDiff> fields = diff(recorded, new Derived(slot.derivedTopic, slot.derivedKey,
                                deserialize(slot.derivedTopic, slot.derivedBytes), slot.derivedTimestamp));
                        if (!fields.isEmpty()) {
                            count(rec.topic(), 2);
                            add(new AuditResult.Finding(AuditResult.Kind.DIFFERENT, rec.topic(), rec.partition(), rec.offset(),
                                    entry.getKey(), slot.derivedService, provenanceInput(value(rec)), fields, "a second record with id "
                                    + entry.getKey() + " at " + rec.ref() + " differs from what the code derives"));
                            continue;
                        }
                    }
                    count(rec.topic(), 4);
                    add(new AuditResult.Finding(AuditResult.Kind.UNEXPECTED, rec.topic(), rec.partition(), rec.offset(), entry.getKey(),
                            slot.derivedService, provenanceInput(value(recorded.rec)), List.of(), slot.derivedBytes == null
                            ? "recorded at " + rec.ref() + " but not derived from any recorded input (its provenance names "
                            + provenanceInput(value(recorded.rec)) + ")"
                            : "an identical second copy of " + entry.getKey() + " at " + rec.ref() + ": derived once, recorded twice"));
                }
            }
        }
    }

    synchronized Map<String, AuditResult.TopicCounts> counts() {
        Map<String, AuditResult.TopicCounts> result = new LinkedHashMap<>();
        counts.forEach((topic, c) -> result.put(topic, new AuditResult.TopicCounts(c[0], c[1], c[2], c[3], c[4])));
        return result;
    }

    /** The first findings in topic, partition and offset order (replays run in parallel: found order is not stable). */
    synchronized List<AuditResult.Finding> findings() {
        List<AuditResult.Finding> sorted = new ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparingInt((AuditResult.Finding f) -> AUDITED.indexOf(f.topic()) < 0 ? AUDITED.size()
                        : AUDITED.indexOf(f.topic()))
                .thenComparing(f -> f.partition() == null ? -1 : f.partition())
                .thenComparing(f -> f.offset() == null ? -1 : f.offset())
                .thenComparing(f -> String.valueOf(f.id())));
        return List.copyOf(sorted.subList(0, Math.min(maxFindings, sorted.size())));
    }

    synchronized long findingsTotal() {
        return findingsTotal;
    }

    private void add(AuditResult.Finding finding) {
        findingsTotal++;
        if (findings.size() < Math.max(maxFindings, KEPT_FINDINGS)) {
            findings.add(finding);
        }
    }

    private void count(String topic, int which) {
        counts.computeIfAbsent(topic, t -> new long[5])[which]++;
    }

    private Slot slot(String topic, String id) {
        String group = topic.equals(TopicNames.ORDERS_LIVE) || topic.equals(TopicNames.ORDERS_SHADOW) ? ORDERS : topic;
        return slots.computeIfAbsent(group, g -> new HashMap<>()).computeIfAbsent(id, i -> new Slot());
    }

    private List<AuditResult.FieldDiff> diff(Recorded recorded, Derived derived) {
        List<AuditResult.FieldDiff> fields = new ArrayList<>();
        if (!recorded.rec.topic().equals(derived.topic())) {
            fields.add(new AuditResult.FieldDiff("(topic)", recorded.rec.topic(), derived.topic()));
        }
        if (!String.valueOf(recorded.rec.key()).equals(String.valueOf(derived.key()))) {
            fields.add(new AuditResult.FieldDiff("(key)", recorded.rec.key(), derived.key()));
        }
        if (recorded.rec.timestamp() != derived.timestamp()) {
            fields.add(new AuditResult.FieldDiff("(timestamp)", java.time.Instant.ofEpochMilli(recorded.rec.timestamp()).toString(),
                    java.time.Instant.ofEpochMilli(derived.timestamp()).toString()));
        }
        fields.addAll(RecordDiff.of(value(recorded.rec), derived.value()));
        return fields;
    }

    /** A recorded record's value, decoded again (records are kept as bytes: a long range would not fit in memory decoded). */
    private SpecificRecord value(Rec rec) {
        return deserialize(rec.topic(), rec.value());
    }

    private static boolean sameRecord(Rec rec, Derived derived) {
        return rec.topic().equals(derived.topic()) && rec.timestamp() == derived.timestamp()
                && String.valueOf(rec.key()).equals(String.valueOf(derived.key()));
    }

    @SuppressWarnings("unchecked")
    private byte[] serialize(String topic, SpecificRecord value) {
        return ((Serde<SpecificRecord>) serde(topic)).serializer().serialize(topic, value);
    }

    private SpecificRecord deserialize(String topic, byte[] bytes) {
        return serde(topic).deserializer().deserialize(topic, bytes);
    }

    private Serde<? extends SpecificRecord> serde(String topic) {
        return switch (topic) {
            case TopicNames.QUOTES -> topics.quotes().valueSerde();
            case TopicNames.QUOTES_DENIED -> topics.quotesDenied().valueSerde();
            case TopicNames.DECISIONS -> topics.decisions().valueSerde();
            case TopicNames.ORDERS_LIVE -> topics.ordersLive().valueSerde();
            case TopicNames.ORDERS_SHADOW -> topics.ordersShadow().valueSerde();
            case TopicNames.ORDERS_DENIED -> topics.ordersDenied().valueSerde();
            case TopicNames.CONTROL -> topics.control().valueSerde();
            case TopicNames.POSITIONS -> topics.positions().valueSerde();
            default -> throw new IllegalArgumentException("not an audited topic: " + topic);
        };
    }

    /** The id a derived record is matched by. */
    static String idOf(SpecificRecord value) {
        if (value instanceof Quote quote) {
            return quote.getQuoteId();
        } else if (value instanceof QuoteDenial denial) {
            return denial.getDenialId();
        } else if (value instanceof RiskDecision decision) {
            return decision.getDecisionId();
        } else if (value instanceof OrderCommand order) {
            return order.getOrderId();
        } else if (value instanceof OrderDenial denial) {
            return denial.getOrderId();
        } else if (value instanceof ControlCommand command) {
            return command.getId();
        } else if (value instanceof io.mmguard.schemas.Position position) {
            return position.getSymbol() + "@v" + position.getVersion(); // a version per fill applied, per symbol
        }
        throw new IllegalArgumentException("no id for a " + value.getClass().getSimpleName());
    }

    private static String provenanceInput(SpecificRecord value) {
        Object provenance = value.getSchema().getField("provenance") == null ? null
                : value.get(value.getSchema().getField("provenance").pos());
        if (provenance instanceof io.mmguard.schemas.Provenance p) {
            return Rec.ref(p.getInputTopic(), p.getInputPartition(), p.getInputOffset());
        }
        return "no input";
    }

    /** Every recorded record with one id, and the first record derived with it (as bytes). */
    private static final class Slot {
        private final List<Recorded> recorded = new ArrayList<>(1);
        private String derivedTopic;
        private String derivedKey;
        private long derivedTimestamp;
        private byte[] derivedBytes;
        private String derivedService;

        void keep(Derived derived, byte[] bytes, String service) {
            if (derivedBytes == null) {
                derivedService = service;
                derivedTopic = derived.topic();
                derivedKey = derived.key();
                derivedTimestamp = derived.timestamp();
                derivedBytes = bytes;
            }
        }
    }

    private static final class Recorded {
        private final Rec rec;
        private boolean matched;

        private Recorded(Rec rec) {
            this.rec = rec;
        }
    }
}
