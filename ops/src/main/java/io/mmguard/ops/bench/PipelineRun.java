package io.mmguard.ops.bench;

import io.mmguard.core.config.CommonConfig;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.topics.Topics;
import io.mmguard.sim.MarketFeed;
import io.mmguard.sim.exchange.ExchangeFaults;
import io.mmguard.sim.exchange.LatencyModel;
import io.mmguard.sim.exchange.PaperExchange;
import io.mmguard.sim.exchange.PaperExchangeService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one processing mode on a fresh broker: the five services, the paper exchange and the
 * MarketFeed, live trading enabled by a signed operator at the plan's fraction after warm-up; then the flat-out
 * drain (while the pipeline is still idle), one window per offered rate (each after the pipeline caught up, bounded),
 * and the kill measurement (when asked).
 */
final class PipelineRun {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    /** Symbols that trade live: XRPJPY is left out by the quoter (its tick is too coarse for the quality goal). */
    static final Set<String> LIVE_SYMBOLS = Set.of("BTCJPY", "ETHJPY");
    static final String FLAT_OUT_STALE_MS = "3600000";
    static final String DEFAULT_STALE_MS = "500";
    private static final LatencyModel ACK_LATENCY = new LatencyModel(25, 0.4);
    private static final LatencyModel CANCEL_LATENCY = new LatencyModel(40, 0.5);
    private static final int WARMUP_RATE = 1_000;
    /** Admin calls behind a lag check: poll them gently. */
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(100);

    private final BenchPlan plan;
    private final Topics topics;
    private final String guarantee;
    private final Path stateDir;
    private final boolean measureKills;
    private long reenabledAfter;

    PipelineRun(BenchPlan plan, Topics topics, String guarantee, Path stateDir, boolean measureKills) {
        this.plan = plan;
        this.topics = topics;
        this.guarantee = guarantee;
        this.stateDir = stateDir;
        this.measureKills = measureKills;
    }

    PipelineResult run() throws InterruptedException {
        String key = oneOffKey();
        String tag = guarantee.equals(CommonConfig.AT_LEAST_ONCE) ? "alos" : "eos";
        try (BenchBroker broker = BenchBroker.start(List.of(), plan.partitions())) {
            String bootstrap = broker.bootstrap();
            PipelineObserver observer = new PipelineObserver(topics, BenchOperator.ACTOR);
            try (CommittedTail tail = new CommittedTail(bootstrap, PipelineObserver.TOPICS, false, "mm-bench-watch-" + tag, observer).start();
                 BenchOperator operator = new BenchOperator(bootstrap, topics, ControlSigner.withKey(key), tag);
                 PipelineServices services = PipelineServices.start(bootstrap, guarantee, stateDir.resolve(tag),
                         Map.of(ControlSigner.KEY_ENV, key), plan.settings());
                 PaperExchangeService exchange = new PaperExchangeService(bootstrap, topics, BenchMarket.VENUE,
                         new PaperExchange(ACK_LATENCY, CANCEL_LATENCY, ExchangeFaults.NONE, 42)).start()) {
                LOG.info("bench pipeline {}: services {} on {}", tag, services.states(), bootstrap);
                BenchMarket market = new BenchMarket(bootstrap, topics, 42);
                PipelineLag lags = new PipelineLag(broker.admin());
                FeedSwitch feeds = new FeedSwitch(market);
                try {
                    feeds.switchTo(WARMUP_RATE);
                    BenchMarket.hold(plan.warmup().multipliedBy(2));
                    // books read while a service still works off its start-up backlog are frozen PIPELINE_LAG: wait until
                    // they are current, or a slow machine would deny every decision the enable could route live
                    catchUp(feeds, lags, "the live enable");
                    feeds.switchTo(WARMUP_RATE);
                    operator.enableLive(plan.canaryFraction(), "bench: live trading at the canary fraction after warm-up");
                    long enabledAt = System.nanoTime();
                    Await.until(Duration.ofSeconds(30), "live orders after the operator's enable",
                            () -> "live symbols " + observer.liveSince(enabledAt) + ", " + observer.describeDecisions(),
                            () -> !observer.liveSince(enabledAt).isEmpty());
                    List<String> notes = new ArrayList<>();
                    feeds.stop();
                    FlatOutResult flatOut = part("flat-out run", notes, () -> flatOut(market, observer, operator, lags));
                    List<RateStep> steps = new ArrayList<>();
                    for (int rate : plan.rates()) {
                        steps.add(step(rate, feeds, observer, operator, lags));
                    }
                    KillResult kill = null;
                    if (measureKills) {
                        kill = part("kill measurement", notes, () -> {
                            catchUp(feeds, lags, "the kill measurement");
                            reenableIfKilled(observer, operator, "kill measurement");
                            feeds.switchTo(plan.latencyRate());
                            BenchMarket.hold(plan.warmup());
                            return new KillProbe(observer, operator, LIVE_SYMBOLS, plan.canaryFraction())
                                    .run(plan.kills(), plan.warmupKills(), plan.latencyRate());
                        });
                    }
                    return new PipelineResult(guarantee, steps, flatOut, kill, observer.carry(), services.failed(), notes);
                } finally {
                    feeds.stop();
                }
            }
        }
    }

    private RateStep step(int rate, FeedSwitch feeds, PipelineObserver observer, BenchOperator operator, PipelineLag lags) {
        catchUp(feeds, lags, "the " + rate + "/s step");
        long killsBefore = reenableIfKilled(observer, operator, rate + "/s step");
        MarketFeed feed = feeds.switchTo(rate);
        BenchMarket.hold(plan.warmup());
        long lagStart = lags.total();
        long publishedStart = feed.published();
        CpuSnapshot cpuStart = CpuSnapshot.take();
        long started = System.nanoTime();
        observer.startWindow();
        BenchMarket.hold(plan.window());
        long end = observer.closeWindow();
        CpuSnapshot cpuEnd = CpuSnapshot.take();
        double seconds = (System.nanoTime() - started) / 1e9;
        long books = feed.published() - publishedStart;
        long lagEnd = lags.total();
        boolean complete = Await.within(plan.grace(), () -> observer.caughtUpTo(end));
        long backlogMs = complete ? 0 : observer.behindMillis(end);
        if (!complete) {
            LOG.warn("bench pipeline {} {}/s: records of the window still unread after {} s ({}): latencies are of those read",
                    guarantee, rate, plan.grace().toSeconds(), observer.positions());
        }
        StepLatencies latencies = observer.windowLatencies();
        RateStep step = new RateStep(rate, seconds, books, lagStart, lagEnd, latencies, CpuUsage.between(cpuStart, cpuEnd),
                observer.foreignKills() - killsBefore, complete, backlogMs);
        LOG.info("bench pipeline {} {}/s: live p99 {} ms (n={}), all orders p99 {} ms, lag {} -> {}", guarantee, rate,
                latencies.liveOrder().p99Ms(), latencies.liveOrder().count(), latencies.anyOrder().p99Ms(), lagStart, lagEnd);
        return step;
    }

    /** Stops the feed and gives the pipeline up to {@link BenchPlan#catchUp()} to work off its backlog. */
    private void catchUp(FeedSwitch feeds, PipelineLag lags, String before) {
        feeds.stop();
        if (!Await.within(plan.catchUp(), CATCH_UP_POLL, lags::caughtUp)) {
            LOG.warn("bench pipeline {}: still behind after {} s before {} ({}); it starts with that backlog", guarantee,
                    plan.catchUp().toSeconds(), before, lags.describe());
        }
    }

    /** A kill the bench did not send (canary rollback, router limit) leaves live trading off: turn it back on. */
    private long reenableIfKilled(PipelineObserver observer, BenchOperator operator, String before) {
        long kills = observer.foreignKills();
        if (kills > reenabledAfter) {
            LOG.warn("bench pipeline {}: live trading was killed by {}; re-enabling before the {}", guarantee,
                    observer.lastForeignKill(), before);
            operator.enableLive(plan.canaryFraction(), "bench: re-enable after a kill the bench did not send");
            reenabledAfter = kills;
        }
        return kills;
    }

    private FlatOutResult flatOut(BenchMarket market, PipelineObserver observer, BenchOperator operator, PipelineLag lags) {
        operator.setParam("risk.stale.ms", FLAT_OUT_STALE_MS, "bench: flat-out run, queued books must not be frozen stale");
        if (!Await.within(plan.catchUp(), CATCH_UP_POLL, lags::caughtUp)) {
            LOG.warn("bench pipeline {}: not idle after {} s before the flat-out run ({})", guarantee, plan.catchUp().toSeconds(),
                    lags.describe());
        }
        long startMillis = System.currentTimeMillis();
        observer.markDecisions(startMillis);
        CpuSnapshot cpuStart = CpuSnapshot.take();
        long started = System.nanoTime();
        market.preload(plan.records());
        boolean drained = Await.within(plan.flatOutTimeout(), CATCH_UP_POLL,
                () -> observer.decisionsSinceMark() >= plan.records() && lags.router().caughtUp());
        double seconds = (System.nanoTime() - started) / 1e9;
        long decisions = Math.min(plan.records(), observer.decisionsSinceMark());
        CpuSnapshot cpuEnd = CpuSnapshot.take();
        operator.setParam("risk.stale.ms", DEFAULT_STALE_MS, "bench: flat-out run over");
        if (drained) {
            LOG.info("bench pipeline {} flat out: {} books in {} s", guarantee, plan.records(), seconds);
        } else {
            LOG.warn("bench pipeline {} flat out: not drained after {} s ({} decisions, {}); the rate is of what was done", guarantee,
                    plan.flatOutTimeout().toSeconds(), decisions, lags.describe());
        }
        return new FlatOutResult(decisions, seconds, FLAT_OUT_STALE_MS, CpuUsage.between(cpuStart, cpuEnd), drained);
    }

    /** Runs one part of the mode; a failure becomes a note and an empty result, and the mode goes on. */
    private <T> T part(String name, List<String> notes, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            LOG.error("bench pipeline {}: {} failed: {}", guarantee, name, e.getMessage(), e);
            notes.add(guarantee + " " + name + " failed: " + e.getMessage());
            return null;
        }
    }

    private static String oneOffKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
