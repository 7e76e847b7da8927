package io.mmguard.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mmguard.core.metrics.ExactHistogram;
import io.mmguard.core.units.Bps;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.control.ControlLedger;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The order-router's Prometheus metrics (DESIGN.md section 7, the seed's names):
 * {@code mm_kill_switch_state} (1 = live trading off), {@code mm_canary_fraction},
 * {@code mm_order_new_total{result,code}} (2xx = acked, reject = refused with its code),
 * {@code mm_reject_total{code}}, {@code mm_cancel_latency_ms} (cancel sent to cancel acknowledged) and
 * {@code mm_exec_slippage_bp{side}} from execution reports, plus {@code mm_orders_routed_total{route,action}} and
 * {@code mm_order_denials_total{reason}}. The registry comes from the Streams app configs (core's runner
 * puts it there); without one (tests) nothing is recorded. Observation only: no decision reads a metric.
 */
final class RouterMetrics {

    /** The Streams config key under which core's runner passes its {@link MeterRegistry}. */
    static final String METER_REGISTRY_CONFIG = io.mmguard.core.runtime.ServiceRunner.METER_REGISTRY_CONFIG;

    static final double[] CANCEL_LATENCY_MS_BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
    static final double[] SLIPPAGE_BP_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25};

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new HashMap<>();
    /** The per-order counters by their enum tags: no tag strings built per order. */
    private final Map<Route, Map<OrderAction, Counter>> routedCounters = new EnumMap<>(Route.class);
    private final Map<OrderDenialReason, Counter> deniedCounters = new EnumMap<>(OrderDenialReason.class);
    private final ExactHistogram cancelLatency;
    private final ExactHistogram slippage;
    private final io.mmguard.core.metrics.PipelineLag pipelineLag;

    private RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cancelLatency = registry == null ? null : ExactHistogram.register(registry, "mm_cancel_latency_ms",
                "Cancel sent (request_ts) to cancel acknowledged (ack_ts), in ms, from mm.exec.reports", CANCEL_LATENCY_MS_BUCKETS);
        this.slippage = registry == null ? null : ExactHistogram.register(registry, "mm_exec_slippage_bp",
                "|exec price - quote reference| / mid reference of each fill, in bp", SLIPPAGE_BP_BUCKETS, "side");
        this.pipelineLag = io.mmguard.core.metrics.PipelineLag.in(registry);
    }

    /** mm_pipeline_lag_ms: wall time the router read a decision minus the book record's timestamp. */
    void lag(String symbol, long lagMs) {
        pipelineLag.observe(symbol, lagMs);
    }

    /** Metrics into the registry found in the Streams app configs, if any; the control gauges read {@code ledger}. */
    static RouterMetrics from(Map<String, Object> appConfigs, ControlLedger ledger) {
        RouterMetrics metrics = new RouterMetrics(appConfigs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry r ? r : null);
        if (metrics.registry != null) {
            // one gauge per registry (the first task registers it); the global store it reads is the instance's
            Gauge.builder("mm_kill_switch_state", ledger, l -> l.view(null).liveEnabled() ? 0 : 1)
                    .description("1 when live trading is off (killed, or no readable control state), 0 when on").strongReference(true)
                    .register(metrics.registry);
            Gauge.builder("mm_canary_fraction", ledger, l -> l.view(null).fraction().doubleValue())
                    .description("canary fraction in force (control state), a fraction of one").strongReference(true)
                    .register(metrics.registry);
        }
        return metrics;
    }

    void routed(OrderCommand order) {
        if (registry == null) {
            return;
        }
        routedCounters.computeIfAbsent(order.getRoute(), route -> new EnumMap<>(OrderAction.class))
                .computeIfAbsent(order.getAction(), action -> counter("mm_orders_routed",
                        "route", order.getRoute().name().toLowerCase(Locale.ROOT), "action", action.name()))
                .increment();
    }

    void denied(OrderDenial denial) {
        if (registry == null) {
            return;
        }
        deniedCounters.computeIfAbsent(denial.getReason(), reason -> counter("mm_order_denials", "reason", reason.name())).increment();
    }

    void report(ExecutionReport report) {
        if (registry == null) {
            return;
        }
        ExecType type = report.getExecType();
        String code = report.getRejectCode() == null ? "none" : Integer.toString(report.getRejectCode());
        switch (type) {
            case ACK -> count("mm_order_new", "result", "2xx", "code", "none");
            case REJECT -> {
                count("mm_order_new", "result", "reject", "code", code);
                count("mm_reject", "code", code);
            }
            case CANCEL_REJECT -> count("mm_reject", "code", code);
            case CANCELED -> {
                long acked = report.getAckTs() != null ? report.getAckTs().toEpochMilli() : report.getTs().toEpochMilli();
                long latency = acked - report.getRequestTs().toEpochMilli();
                if (latency >= 0) {
                    cancelLatency.observe(latency);
                }
            }
            case FILL, PARTIAL_FILL -> {
                BigDecimal reference = report.getQuoteRefPrice();
                BigDecimal mid = report.getMidRef();
                if (reference != null && mid != null && mid.signum() > 0 && report.getLastPrice() != null && report.getSide() != null) {
                    BigDecimal fraction = report.getLastPrice().subtract(reference).abs().divide(mid, Decimals.MEASUREMENT);
                    slippage.observe(Bps.fromFraction(fraction).doubleValue(), report.getSide() == Side.BUY ? "buy" : "sell");
                }
            }
            default -> {
                // nothing to count
            }
        }
    }

    private void count(String name, String... tags) {
        if (registry == null) {
            return;
        }
        counter(name, tags).increment();
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join("/", tags), key -> Counter.builder(name).tags(tags).register(registry));
    }
}
