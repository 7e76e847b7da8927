package io.mmguard.canary;

import static io.mmguard.core.testing.TestRecords.aSaneQuote;

import io.mmguard.canary.observe.Observation;
import io.mmguard.core.testing.TestRecords;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One long, mixed run of the controller through {@link CanaryDriver} at time scale 120 (window 2.5 s, slots of 83 ms):
 * promotions, k_inv steps and a step back, an incident, a human following, late samples, quiet stretches bridged by
 * recorded ticks, wall-clock ticks, a PnL day roll, and every rollback trigger, with inputs out of order by a few ms.
 * Its inputs come from a seeded generator and carry their own ids, so the run is the same in every JVM and test order.
 */
final class LongRun {

    /**
     * The open-notional limit is far above the run's random-walk position, so the inventory gate of the k_inv steps never
     * binds here (its own test: {@code CanaryPlanTest.aOneSidedFillStream...}) and the pinned transcript keeps exercising
     * the slippage step back.
     */
    static final Map<String, String> CONFIG = Map.of("canary.time.scale", "120", "canary.min.samples.err.bp", "50",
            "canary.min.samples.new.order", "50", "canary.min.samples.cancel", "20", "canary.min.samples.slippage", "10",
            "limits.max.open.notional.jpy", "100000000");
    private static final Instant T0 = CanaryDriver.T0;
    private static final Duration BEAT = Duration.ofMillis(20);
    private static final BigDecimal MID = new BigDecimal("17159268");
    private static final BigDecimal BID = new BigDecimal("17154978");
    private static final BigDecimal ASK = new BigDecimal("17163558");
    private static final BigDecimal QTY = new BigDecimal("0.001");

    private final CanaryDriver canary;
    private final SplittableRandom random = new SplittableRandom(20261125);
    private final List<String> statuses = new ArrayList<>();
    private long ids;
    private BigDecimal mid = MID;

    private LongRun(CanaryDriver canary) {
        this.canary = canary;
    }

    /** Runs the whole scenario on a fresh driver and returns what the controller wrote. */
    static Transcript run() {
        try (CanaryDriver canary = new CanaryDriver(CONFIG)) {
            LongRun run = new LongRun(canary);
            run.script();
            return new Transcript(canary.commands(), canary.alerts(), canary.ticksWritten(), run.statuses, canary.observations());
        }
    }

    private void script() {
        canary.humanEnables("0.01", at(0));
        // healthy: 5% at 7.5 s, 10% at 30 s, k_inv 0.05 at 45 s, 0.1 at 75 s
        healthy(0, 80_000);
        // slippage 1 bp on the buy side: k_inv steps back once
        beats(80_000, 83_000, t -> {
            healthyBeat(t);
            canary.report(fill(t, Side.BUY, QTY, BID.subtract(new BigDecimal("1716")), BID), t);
        });
        healthy(83_000, 86_000);
        canary.alert(incident(at(86_000)), at(86_000));
        healthy(86_000, 90_000);
        canary.humanSetsFraction("0.05", at(90_000));
        healthy(90_000, 95_000);
        for (int i = 0; i < 5; i++) {
            canary.quote(quote(at(95_000 - 10_000 + i), "0.5"), at(95_000 - 10_000 + i));
        }
        healthy(95_000, 98_000);
        // quiet: only recorded ticks move stream time; the window empties
        for (long t = 98_100; t < 102_000; t += 100) {
            canary.tick(at(t));
        }
        canary.advanceWallClock(Duration.ofSeconds(2));
        healthy(102_000, 110_000);
        // three rejects in a row: rollback
        beats(110_000, 110_060, t -> canary.report(reject(t, -2010), t));
        healthy(110_060, 114_000);

        // err_bp P99 above 0.1: rollback
        canary.humanEnables("0.01", at(114_000));
        healthy(114_000, 120_000);
        beats(120_000, 123_000, t -> {
            canary.quote(quote(t, "0.3"), t);
            healthyBeat(t);
        });
        healthy(123_000, 126_000);

        // cancel P99 at or above 250 ms: rollback
        canary.humanEnables("0.01", at(126_000));
        healthy(126_000, 135_000);
        beats(135_000, 140_000, t -> {
            canary.quote(quote(t, "0.01"), t);
            canary.report(ack(t), t);
            canary.report(canceled(t, Duration.ofMillis(400)), t);
        });
        healthy(140_000, 143_000);

        // the daily loss limit: a long position marked 60,000 JPY lower
        canary.humanEnables("0.01", at(143_000));
        healthy(143_000, 146_000);
        beats(146_000, 148_000, t -> canary.report(fill(t, Side.BUY, new BigDecimal("0.01"), MID, MID), t));
        mid = MID.subtract(new BigDecimal("60000"));
        healthy(148_000, 150_000);
        mid = MID;
        healthy(150_000, 153_000);

        // the next PnL day, reached by a recorded tick; then a run that a sanity failure ends
        canary.tick(at(Duration.ofDays(1).toMillis()));
        long day = Duration.ofDays(1).toMillis();
        canary.humanEnables("0.01", at(day + 1_000));
        healthy(day + 1_000, day + 9_000);
        canary.decision(sanityReject(at(day + 9_000)), at(day + 9_000));
        healthy(day + 9_000, day + 10_000);

        // a human's kill ends a healthy run
        canary.humanEnables("0.01", at(day + 12_000));
        healthy(day + 12_000, day + 20_000);
        canary.humanKills(at(day + 20_000));
        healthy(day + 20_000, day + 22_000);
    }

    private void healthy(long fromMs, long toMs) {
        beats(fromMs, toMs, this::healthyBeat);
    }

    private void beats(long fromMs, long toMs, java.util.function.Consumer<Instant> beat) {
        for (long t = fromMs; t < toMs; t += BEAT.toMillis()) {
            beat.accept(at(t));
            String status = canary.status();
            if (status != null && (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status))) {
                statuses.add(status);
            }
        }
    }

    /** A quote with a varied err_bp and mid, an ACK, a cancel and a fill, the reports a few ms behind the quote. */
    private void healthyBeat(Instant at) {
        String err = BigDecimal.valueOf(random.nextInt(random.nextInt(50) == 0 ? 900 : 600), 4).toPlainString();
        canary.quote(quote(at, err), at);
        Instant behind = at.minusMillis(random.nextInt(5));
        canary.report(ack(behind), behind);
        canary.report(canceled(behind, Duration.ofMillis(20 + random.nextInt(100))), behind);
        Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        BigDecimal price = side == Side.BUY ? BID : ASK;
        BigDecimal slip = BigDecimal.valueOf(random.nextInt(3) == 0 ? random.nextInt(400) : 0);
        canary.report(fill(behind, side, QTY, side == Side.BUY ? price.add(slip) : price.subtract(slip), price), behind);
    }

    private Quote quote(Instant at, String errBp) {
        BigDecimal m = mid.add(BigDecimal.valueOf(random.nextInt(201) - 100));
        return aSaneQuote().setQuoteId("lr-q-" + (++ids)).setBookTs(at).setMid(m).setErrBp(new BigDecimal(errBp)).build();
    }

    private ExecutionReport ack(Instant at) {
        return report(ExecType.ACK, at).setAckTs(at).build();
    }

    private ExecutionReport reject(Instant at, int code) {
        return report(ExecType.REJECT, at).setAckTs(at).setRejectCode(code).setRejectReason("rejected").build();
    }

    private ExecutionReport canceled(Instant at, Duration latency) {
        return report(ExecType.CANCELED, at.minus(latency)).setAckTs(at).setTs(at).build();
    }

    private ExecutionReport fill(Instant at, Side side, BigDecimal qty, BigDecimal price, BigDecimal ref) {
        return report(ExecType.FILL, at).setSide(side).setLastQty(qty).setLastPrice(price).setCumQty(qty).setQuoteRefPrice(ref)
                .setOrderPrice(ref).setMidRef(MID).setAckTs(at).build();
    }

    private ExecutionReport.Builder report(ExecType type, Instant requested) {
        long n = ++ids;
        return ExecutionReport.newBuilder().setReportId("lr-x-" + n).setOrderId("lr-o-" + n).setSymbol("BTCJPY").setSide(Side.BUY)
                .setExecType(type).setOrderPrice(BID).setQuoteRefPrice(BID).setMidRef(MID).setRequestTs(requested).setTs(requested);
    }

    private Alert incident(Instant at) {
        return Alert.newBuilder().setAlertId("lr-a-" + (++ids)).setSeverity(Severity.CRIT).setKind("STALE_BOOK").setSymbol("BTCJPY")
                .setMessage("book older than 500 ms").setDetails(Map.of()).setTs(at)
                .setProvenance(TestRecords.aProvenance("mm.md.book.sim").build()).build();
    }

    private io.mmguard.schemas.RiskDecision sanityReject(Instant at) {
        return TestRecords.aPassDecision().setDecisionId("lr-d-" + (++ids)).setVerdict(Verdict.REJECT)
                .setReason(DecisionReason.ASK_NOT_ABOVE_BID).setDetail("[QUOTE_SANITY_FAIL] ask<=bid").setTs(at).build();
    }

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    /**
     * What the controller wrote in a run, and the observations it processed, in order.
     *
     * @param statuses each distinct status JSON, in the order it appeared in the status store
     */
    record Transcript(List<ControlCommand> commands, List<Alert> alerts, List<Long> ticks, List<String> statuses,
                      List<TestRecord<String, Observation>> observations) {

        /** The outputs as text: one line per command, alert and tick, alert details in key order. */
        List<String> outputLines() {
            List<String> lines = new ArrayList<>();
            commands.forEach(command -> lines.add("command " + command));
            alerts.forEach(alert -> lines.add("alert " + Alert.newBuilder(alert).setDetails(new TreeMap<>(alert.getDetails())).build()));
            ticks.forEach(tick -> lines.add("tick " + tick));
            return lines;
        }
    }
}
