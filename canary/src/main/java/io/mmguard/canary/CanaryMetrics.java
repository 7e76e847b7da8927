package io.mmguard.canary;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.canary.control.Status;
import io.mmguard.canary.slo.SloKind;
import io.mmguard.canary.slo.SloReading;
import io.mmguard.canary.slo.SloThresholds;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's metrics: the seed's {@code mm_canary_fraction}, and {@code mm_canary_stage}, {@code mm_canary_k_inv},
 * {@code mm_canary_run_state}, {@code mm_canary_time_in_stage_seconds}, and per SLO ({@code slo} label)
 * {@code mm_canary_slo_value}, {@code mm_canary_slo_threshold}, {@code mm_canary_slo_samples},
 * {@code mm_canary_slo_verdict} (1 pass, 0 insufficient samples, -1 fail); counters {@code mm_canary_rollbacks_total{trigger}}
 * and {@code mm_canary_stage_changes_total}. Created once per topology, shared by the (one) controller task.
 */
final class CanaryMetrics {

    private final MeterRegistry meters;
    private final double[] fraction = {0};
    private final double[] stage = {0};
    private final double[] kInv = {0};
    private final double[] runState = {0};
    private final double[] timeInStage = {0};
    private final Map<SloKind, double[]> values = new EnumMap<>(SloKind.class);
    private final Map<SloKind, double[]> thresholds = new EnumMap<>(SloKind.class);
    private final Map<SloKind, double[]> samples = new EnumMap<>(SloKind.class);
    private final Map<SloKind, double[]> verdicts = new EnumMap<>(SloKind.class);
    private final Map<String, Counter> rollbacks = new ConcurrentHashMap<>();
    private final Counter stageChanges;

    CanaryMetrics(MeterRegistry meters, SloThresholds slo) {
        this.meters = meters;
        gauge("mm_canary_fraction", "canary fraction in force (control state), a fraction of one", fraction);
        gauge("mm_canary_stage", "canary stage number while running (1 = first stage), 0 idle, -1 rolled back", stage);
        gauge("mm_canary_k_inv", "inventory skew k_inv in force (control state)", kInv);
        gauge("mm_canary_run_state", "0 idle, 1 running, 2 rolled back", runState);
        gauge("mm_canary_time_in_stage_seconds", "event time spent in the current stage", timeInStage);
        for (SloKind kind : SloKind.values()) {
            values.put(kind, sloGauge("mm_canary_slo_value", "SLO value over the rolling window (NaN without samples)", kind));
            thresholds.put(kind, sloGauge("mm_canary_slo_threshold", "SLO threshold", kind));
            samples.put(kind, sloGauge("mm_canary_slo_samples", "samples in the rolling window", kind));
            verdicts.put(kind, sloGauge("mm_canary_slo_verdict", "1 pass, 0 not enough samples, -1 fail", kind));
        }
        thresholds.get(SloKind.ERR_BP_P99)[0] = slo.errBpP99Max().doubleValue();
        thresholds.get(SloKind.NEW_ORDER_2XX)[0] = slo.newOrder2xxMin().doubleValue();
        thresholds.get(SloKind.CANCEL_P99)[0] = slo.cancelP99MaxMs().doubleValue();
        thresholds.get(SloKind.SLIPPAGE_P95)[0] = slo.slippageP95MaxBp().doubleValue();
        thresholds.get(SloKind.DAILY_PNL)[0] = slo.maxDailyLossJpy().negate().doubleValue();
        stageChanges = Counter.builder("mm_canary_stage_changes_total").description("stage changes published as CANARY_STAGE alerts")
                .register(meters);
    }

    void update(Status status) {
        fraction[0] = status.fraction().doubleValue();
        stage[0] = status.position();
        kInv[0] = status.kInv().doubleValue();
        runState[0] = status.run().ordinal();
        timeInStage[0] = status.timeInStage().toMillis() / 1_000.0;
        for (SloReading reading : status.slos()) {
            values.get(reading.kind())[0] = reading.value();
            thresholds.get(reading.kind())[0] = reading.threshold().doubleValue();
            samples.get(reading.kind())[0] = reading.samples();
            verdicts.get(reading.kind())[0] = switch (reading.verdict()) {
                case PASS -> 1;
                case INSUFFICIENT -> 0;
                case FAIL -> -1;
            };
        }
    }

    void rollback(String trigger) {
        rollbacks.computeIfAbsent(String.valueOf(trigger), t -> Counter.builder("mm_canary_rollbacks_total")
                .description("rollbacks by the canary controller, by trigger").tag("trigger", t).register(meters)).increment();
    }

    void stageChange() {
        stageChanges.increment();
    }

    private void gauge(String name, String description, double[] holder) {
        Gauge.builder(name, holder, h -> h[0]).description(description).register(meters);
    }

    private double[] sloGauge(String name, String description, SloKind kind) {
        double[] holder = {Double.NaN};
        Gauge.builder(name, holder, h -> h[0]).description(description).tag("slo", kind.label()).register(meters);
        return holder;
    }
}
