package io.mmguard.riskgate;

import io.mmguard.core.topics.Decoded;
import io.mmguard.core.topics.FailClosedTable;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The risk-gate: every quote and every denied book update gets exactly one decision; a sanity
 * failure also fires the kill switch. Decisions use record time only; the one wall-clock input
 * (feed silence) is first written as a decision record.
 *
 * <ul>
 *   <li>in: {@code mm.quotes}, key symbol, value {@link Quote}</li>
 *   <li>in: {@code mm.quotes.denied}, key symbol, value {@link QuoteDenial} (co-partitioned with mm.quotes)</li>
 *   <li>in: {@code mm.control} (global store {@value RiskStores#PARAMS}), value {@link ControlCommand}: signed
 *       {@code SET_PARAM risk.*} changes the thresholds without a restart</li>
 *   <li>in: {@code mm.ref.instruments} (global store {@value RiskStores#INSTRUMENTS}), key symbol, value
 *       {@link Instrument}: a symbol without (readable) reference data is frozen</li>
 *   <li>out: {@code mm.risk.decisions}, key symbol, value {@link RiskDecision}: PASS, FREEZE or REJECT with the
 *       reason and the measurements that decided it (implied_bp, err_bp, l2_age_ms, z, EMA, sigma, freeze_until)</li>
 *   <li>out: {@code mm.control}, key {@code "*"}, value {@link ControlCommand}: DISABLE_LIVE then CANCEL_ALL after a
 *       sanity REJECT</li>
 *   <li>out: {@code mm.alerts}, key symbol (or {@code "*"}), value {@link Alert}: always after the action it reports</li>
 * </ul>
 *
 * <p>State (changelogged, per symbol): {@value RiskStores#EMA_SIGMA}, {@value RiskStores#FREEZE},
 * {@value RiskStores#RECENT_QUOTE_IDS}; and {@value RiskStores#PARAM_ALERTS}.
 */
public final class RiskGateTopology {

    private RiskGateTopology() {
    }

    /** The risk-gate's topology, stamping each decision with the system clock (the book's age when decided). */
    public static Topology build(Topics topics, RiskGateConfig config) {
        return build(topics, config, io.mmguard.core.time.WallClock.SYSTEM);
    }

    /**
     * The risk-gate's topology; pure: no I/O, no clients. {@code clock} is read once per input record, and only to stamp
     * {@code provenance.processed_at}, from which the decision measures the book's age (tests pass a clock of their own).
     */
    public static Topology build(Topics topics, RiskGateConfig config, io.mmguard.core.time.WallClock clock) {
        Topology topology = new Topology();
        topology.addGlobalStore(RiskStores.params(), "control-source", new StringDeserializer(),
                new ByteArrayDeserializer(), topics.control().name(), "control-params",
                () -> new Decoded<>(topics.control(), new ParamControl(config.signer()),
                        "the risk-gate keeps its last good risk.* parameters"));
        topology.addGlobalStore(RiskStores.instruments(), "instruments-source", new StringDeserializer(),
                new ByteArrayDeserializer(), topics.instruments().name(), "instrument-versions",
                () -> new FailClosedTable<>(RiskStores.INSTRUMENTS, topics.instruments(), Instrument::getVersion,
                        "%s is decided FREEZE NO_INSTRUMENT (no order) until a readable instrument record replaces it"));

        topology.addSource("quotes-source", new StringDeserializer(), topics.quotes().valueSerde().deserializer(),
                topics.quotes().name());
        topology.addSource("denials-source", new StringDeserializer(), topics.quotesDenied().valueSerde().deserializer(),
                topics.quotesDenied().name());
        topology.addProcessor("risk-decide", () -> new RiskGateProcessor(config, clock), "quotes-source", "denials-source");
        topology.addStateStore(RiskStores.emaSigma(), "risk-decide");
        topology.addStateStore(RiskStores.freeze(), "risk-decide");
        topology.addStateStore(RiskStores.recentQuoteIds(config.duplicateRetentionMs()), "risk-decide");
        topology.addStateStore(RiskStores.paramAlerts(), "risk-decide");

        topology.addSink(RiskGateProcessor.DECISIONS_SINK, topics.decisions().name(), new StringSerializer(),
                topics.decisions().valueSerde().serializer(), "risk-decide");
        topology.addSink(RiskGateProcessor.CONTROL_SINK, topics.control().name(), new StringSerializer(),
                topics.control().valueSerde().serializer(), "risk-decide");
        topology.addSink(RiskGateProcessor.ALERTS_SINK, topics.alerts().name(), new StringSerializer(),
                topics.alerts().valueSerde().serializer(), "risk-decide");
        return topology;
    }
}
