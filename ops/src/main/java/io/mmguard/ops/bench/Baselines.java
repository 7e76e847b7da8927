package io.mmguard.ops.bench;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.topics.Topics;
import io.mmguard.sim.MarketFeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw-Kafka baselines on a broker of their own: N real book records preloaded on {@code mm.md.book.sim}
 * (3 partitions), drained flat out by (a) a plain consumer-to-producer copy and (b) a one-hop Streams app in
 * exactly-once and in at-least-once; then each again with a fresh start at the end of the topic under a
 * MarketFeed at the latency rate, measuring record timestamp to readable at a read_committed consumer.
 */
final class Baselines {

    static final String PASSTHROUGH = "passthrough";
    static final String ONE_HOP_EOS = "one_hop_eos";
    static final String ONE_HOP_ALOS = "one_hop_alos";

    private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);
    private static final String PASSTHROUGH_OUT = "mm.bench.passthrough";
    private static final String EOS_OUT = "mm.bench.onehop.eos";
    private static final String ALOS_OUT = "mm.bench.onehop.alos";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final BenchPlan plan;
    private final Topics topics;
    private final Path stateDir;

    Baselines(BenchPlan plan, Topics topics, Path stateDir) {
        this.plan = plan;
        this.topics = topics;
        this.stateDir = stateDir;
    }

    /** Runs every baseline; the results in the order passthrough, one-hop EOS, one-hop ALOS. */
    List<BaselineResult> run() throws InterruptedException {
        try (BenchBroker broker = BenchBroker.start(List.of(PASSTHROUGH_OUT, EOS_OUT, ALOS_OUT), plan.partitions())) {
            BenchMarket market = new BenchMarket(broker.bootstrap(), topics, 7);
            market.preload(plan.records());
            LOG.info("bench baselines: {} book records preloaded on {}", plan.records(), BenchMarket.BOOK_TOPIC);
            double passthroughFlat = flatOutPassThrough(broker.bootstrap());
            double eosFlat = flatOutOneHop(broker.bootstrap(), CommonConfig.EXACTLY_ONCE_V2, EOS_OUT);
            double alosFlat = flatOutOneHop(broker.bootstrap(), CommonConfig.AT_LEAST_ONCE, ALOS_OUT);
            LatencyStats passthroughLatency = latencyPassThrough(broker.bootstrap(), market);
            LatencyStats eosLatency = latencyOneHop(broker.bootstrap(), market, CommonConfig.EXACTLY_ONCE_V2, EOS_OUT);
            LatencyStats alosLatency = latencyOneHop(broker.bootstrap(), market, CommonConfig.AT_LEAST_ONCE, ALOS_OUT);
            return List.of(
                    new BaselineResult(PASSTHROUGH, plan.records(), passthroughFlat, passthroughLatency, plan.latencyRate()),
                    new BaselineResult(ONE_HOP_EOS, plan.records(), eosFlat, eosLatency, plan.latencyRate()),
                    new BaselineResult(ONE_HOP_ALOS, plan.records(), alosFlat, alosLatency, plan.latencyRate()));
        }
    }

    private double flatOutPassThrough(String bootstrap) {
        TopicLatencySink sink = new TopicLatencySink(plan.partitions());
        try (CommittedTail tail = new CommittedTail(bootstrap, List.of(PASSTHROUGH_OUT), false, "mm-bench-tail-passthrough", sink).start()) {
            long started = System.nanoTime();
            try (PassThrough copy = new PassThrough(bootstrap, BenchMarket.BOOK_TOPIC, PASSTHROUGH_OUT, true).start()) {
                awaitCount(sink, "the pass-through copy");
                return seconds(started);
            }
        }
    }

    private double flatOutOneHop(String bootstrap, String guarantee, String output) {
        TopicLatencySink sink = new TopicLatencySink(plan.partitions());
        try (CommittedTail tail = new CommittedTail(bootstrap, List.of(output), false, "mm-bench-tail-" + guarantee, sink).start();
             OneHopStreams app = new OneHopStreams(bootstrap, BenchMarket.BOOK_TOPIC, output, guarantee, true,
                     stateDir.resolve("onehop-flat-" + guarantee))) {
            long running = app.startAndAwaitRunning(START_TIMEOUT);
            awaitCount(sink, "the one-hop " + guarantee + " app");
            return seconds(running);
        }
    }

    private LatencyStats latencyPassThrough(String bootstrap, BenchMarket market) throws InterruptedException {
        TopicLatencySink sink = new TopicLatencySink(plan.partitions());
        try (CommittedTail tail = new CommittedTail(bootstrap, List.of(PASSTHROUGH_OUT), true, "mm-bench-tail-passthrough", sink).start();
             PassThrough copy = new PassThrough(bootstrap, BenchMarket.BOOK_TOPIC, PASSTHROUGH_OUT, false).start()) {
            return measure(market, sink);
        }
    }

    private LatencyStats latencyOneHop(String bootstrap, BenchMarket market, String guarantee, String output)
            throws InterruptedException {
        TopicLatencySink sink = new TopicLatencySink(plan.partitions());
        try (CommittedTail tail = new CommittedTail(bootstrap, List.of(output), true, "mm-bench-tail-" + guarantee, sink).start();
             OneHopStreams app = new OneHopStreams(bootstrap, BenchMarket.BOOK_TOPIC, output, guarantee, false,
                     stateDir.resolve("onehop-latency-" + guarantee))) {
            app.startAndAwaitRunning(START_TIMEOUT);
            return measure(market, sink);
        }
    }

    private LatencyStats measure(BenchMarket market, TopicLatencySink sink) throws InterruptedException {
        try (MarketFeed feed = market.feed(plan.latencyRate())) {
            BenchMarket.hold(plan.warmup());
            sink.startWindow();
            BenchMarket.hold(plan.window());
            return sink.endWindow(plan.grace());
        }
    }

    private void awaitCount(TopicLatencySink sink, String what) {
        Await.until(Duration.ofMinutes(5), plan.records() + " records copied by " + what, () -> sink.count() + " readable",
                () -> sink.count() >= plan.records());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
