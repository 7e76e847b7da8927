package io.mmguard.canary;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.observe.ObservationSerde;
import io.mmguard.canary.observe.Observations;
import io.mmguard.canary.observe.Source;
import io.mmguard.canary.observe.ToObservation;
import io.mmguard.core.topics.Topic;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The canary controller: reads outcomes, writes signed control commands.
 *
 * <ul>
 *   <li>in: {@code mm.quotes}, key symbol, value {@link Quote}: err_bp samples, mids (PnL marks)</li>
 *   <li>in: {@code mm.risk.decisions}, key symbol, value {@link RiskDecision}: REJECT ASK_NOT_ABOVE_BID / IMPLIED_BP_TOO_WIDE /
 *       PATH_DISAGREEMENT is a sanity failure</li>
 *   <li>in: {@code mm.quotes.denied}, key symbol, value {@link QuoteDenial}: {@code sanity_failure=true} is a sanity failure</li>
 *   <li>in: {@code mm.exec.reports}, key symbol, value {@link ExecutionReport} (live orders only): newOrder 2xx share and reject
 *       streaks, cancel ack latency, slippage by side, fills for the daily PnL</li>
 *   <li>in: {@code mm.control.state}, key {@code "*"}, value {@link ControlState}: live/killed, fraction, k_inv, who changed them</li>
 *   <li>in: {@code mm.alerts}, key symbol or {@code "*"}, value {@link Alert}: CRIT alerts of other components are incidents</li>
 *   <li>in/out: {@value #TICKS_TOPIC}, key {@code "*"}, value wall-clock ms (long): ticks recorded after quiet, read back so that
 *       stage timing advances from records</li>
 *   <li>out: {@code mm.control}, key {@code "*"}, value {@link ControlCommand}: signed SET_FRACTION / SET_PARAM k_inv promotions;
 *       rollback SET_FRACTION 0, DISABLE_LIVE, CANCEL_ALL; actor {@code canary-controller}; never ENABLE_LIVE</li>
 *   <li>out: {@code mm.alerts}, key {@code "*"}, value {@link Alert}: CRIT {@code CANARY_ROLLBACK}, INFO {@code CANARY_STAGE}</li>
 * </ul>
 *
 * <p>Every input is reduced to an {@link Observation} and repartitioned onto the one partition of
 * {@value #OBSERVATIONS}: the controller is a single task with a single order of events and its state in the
 * changelogged stores {@value #STATE_STORE} (plan position, windows, PnL, reject streaks) and {@value #STATUS_STORE}
 * (the status, key {@value #STATUS_KEY}, JSON).
 */
public final class CanaryTopology {

    /** Where the controller records its wall-clock ticks (one partition, key "*", value and timestamp = wall-clock ms). */
    public static final String TICKS_TOPIC = io.mmguard.core.topics.TopicNames.CANARY_TICKS;
    /** Name of the repartition onto one partition: topic {@code <application.id>-canary-observations-repartition}. */
    public static final String OBSERVATIONS = "canary-observations";
    public static final String STATE_STORE = "canary-state-store";
    public static final String STATUS_STORE = "canary-status-store";
    public static final String STATUS_KEY = "status";

    private CanaryTopology() {
    }

    /** The ticks topic's handle. */
    public static Topic<String, Long> ticks() {
        return new Topic<>(TICKS_TOPIC, Serdes.String(), Serdes.Long());
    }

    /** The controller's topology without metrics (tests); pure: no I/O, no clients. */
    public static Topology build(Topics topics, CanaryConfig config) {
        return build(topics, config, new CompositeMeterRegistry());
    }

    /** The controller's topology, recording its metrics into {@code meters}. */
    public static Topology build(Topics topics, CanaryConfig config, MeterRegistry meters) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_STORE), Serdes.String(),
                Serdes.String()).withCachingEnabled());
        CanaryMetrics metrics = new CanaryMetrics(meters, config.slo());

        KStream<String, Observation> observations = observe(builder, topics.quotes(), "quotes", Observations::ofQuote)
                .merge(observe(builder, topics.decisions(), "decisions", Observations::ofDecision), Named.as("merge-decisions"))
                .merge(observe(builder, topics.quotesDenied(), "denials", Observations::ofDenial), Named.as("merge-denials"))
                .merge(observe(builder, topics.execReports(), "exec-reports", Observations::ofReport), Named.as("merge-exec-reports"))
                .merge(observe(builder, topics.controlState(), "control-state", Observations::ofControlState),
                        Named.as("merge-control-state"))
                .merge(observe(builder, topics.alerts(), "alerts", Observations::ofAlert), Named.as("merge-alerts"))
                .merge(observe(builder, ticks(), "ticks", Observations::ofTick), Named.as("merge-ticks"));

        observations
                .repartition(Repartitioned.<String, Observation>as(OBSERVATIONS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new ObservationSerde())
                        .withNumberOfPartitions(1))
                .process(() -> new CanaryProcessor(config, metrics), Named.as("canary-controller"), STATE_STORE, STATUS_STORE)
                .split(Named.as("canary-"))
                .branch((key, out) -> out instanceof CanaryOutput.Command, Branched.withConsumer(commands -> commands
                        .mapValues(out -> ((CanaryOutput.Command) out).command(), Named.as("command-value"))
                        .to(topics.control().name(), topics.control().produced().withName("control-sink")), "command"))
                .branch((key, out) -> out instanceof CanaryOutput.Notice, Branched.withConsumer(alerts -> alerts
                        .mapValues(out -> ((CanaryOutput.Notice) out).alert(), Named.as("alert-value"))
                        .to(topics.alerts().name(), topics.alerts().produced().withName("alerts-sink")), "alert"))
                .defaultBranch(Branched.withConsumer(ticks -> ticks
                        .mapValues(out -> ((CanaryOutput.Tick) out).wallClockMs(), Named.as("tick-value"))
                        .to(TICKS_TOPIC, ticks().produced().withName("ticks-sink")), "tick"));
        return builder.build();
    }

    private static <V> KStream<String, Observation> observe(StreamsBuilder builder, Topic<String, V> topic, String name,
                                                            BiFunction<V, Source, Observation> observe) {
        return builder.stream(topic.name(), topic.consumed().withName(name + "-source"))
                .processValues(() -> new ToObservation<>(observe), Named.as(name + "-observations"));
    }
}
