package io.mmguard.router;

import io.mmguard.core.units.Decimals;
import io.mmguard.router.control.ControlFoldProcessor;
import io.mmguard.router.control.ControlView;
import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.RestingOrder;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.router.support.Alerts;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one execution report does: fills move the position; acks, cancels and rejects keep the resting
 * orders true; reject codes act as the seed's table says, each with an alert, automatic action first:
 *
 * <ul>
 *   <li>a fill whose report id was already applied (a redelivered report) moves no position: a WARN {@code DUPLICATE_FILL}
 *       alert instead</li>
 *   <li>{@code -1022} (bad signature): fraction 0 and kill at once</li>
 *   <li>{@code -1016} (service shutting down): demote, fraction 0; raising it again is a signed decision</li>
 *   <li>{@code -1013} (filter failure): halt new orders for the symbol for {@code router.filter.halt.seconds} (record time)</li>
 *   <li>{@code -2011} (cancel rejected, unknown order): reconcile, the order is already gone</li>
 *   <li>{@code router.max.consecutive.rejects} rejects in a row for one symbol (an ack or fill resets the count;
 *       {@code -2011} is the cancel/fill race and does not count): fraction 0 and kill</li>
 * </ul>
 *
 * Automatic commands are unsigned (they only lower risk), with actor {@value ControlFoldProcessor#ACTOR} and ids derived from
 * the report id, so a replayed report has no second effect.
 */
final class ReportHandling {

    static final int INVALID_SIGNATURE = -1022;
    static final int SERVICE_SHUTTING_DOWN = -1016;
    static final int FILTER_FAILURE = -1013;
    static final int CANCEL_REJECTED = -2011;

    /**
     * @param outputs  records to emit, commands before alerts
     * @param orders   the symbol's live orders afterwards
     * @param position the symbol's position afterwards
     * @param guard    the symbol's guard afterwards
     * @param filled   true when a fill moved the position
     */
    record Result(List<RouterOutput> outputs, SymbolOrders orders, SymbolPosition position, SymbolGuard guard, boolean filled) {
    }

    private final Duration filterHalt;
    private final int maxConsecutiveRejects;
    private final long configVersion;

    ReportHandling(Duration filterHalt, int maxConsecutiveRejects, long configVersion) {
        this.filterHalt = filterHalt;
        this.maxConsecutiveRejects = maxConsecutiveRejects;
        this.configVersion = configVersion;
    }

    Result handle(ExecutionReport report, QuoteRouting.Source source, long ts, ControlView view, SymbolOrders orders,
                  SymbolPosition position, SymbolGuard guard) {
        List<RouterOutput> commands = new ArrayList<>(2);
        List<RouterOutput> alerts = new ArrayList<>(2);
        String orderId = report.getOrderId();
        Provenance provenance = OrderCommands.provenance(source.topic(), source.partition(), source.offset(), report.getReportId(), view,
                configVersion, "exec-report");
        ExecType type = report.getExecType();
        if (type == ExecType.CANCEL_REJECT && orderId != null && orderId.startsWith(OrderCommands.CANCEL_PREFIX)) {
            // a rejected cancel is reported under the cancel's id (x-<order id>): it concerns the order it tried to cancel
            orderId = orderId.substring(OrderCommands.CANCEL_PREFIX.length());
        }
        Optional<RestingOrder> known = find(orders, orderId);
        boolean filled = false;
        switch (type) {
            case FILL, PARTIAL_FILL -> {
                if (guard.alreadyFilled(report.getReportId())) {
                    // a redelivered report (the gateway or a replay sent it twice): the fill is in the position already
                    alerts.add(alert(report, "duplicate-fill", Severity.WARN, "DUPLICATE_FILL", "fill " + report.getReportId()
                            + " of order " + orderId + " (" + report.getSymbol() + ") was already applied: the repeated report"
                            + " moves no position", ts, provenance, Map.of()));
                    break;
                }
                Side side = report.getSide() != null ? report.getSide() : known.map(RestingOrder::side).orElse(null);
                if (side == null || report.getLastQty() == null || report.getLastPrice() == null) {
                    alerts.add(alert(report, "fill", Severity.CRIT, "FILL_UNREADABLE", "fill " + report.getReportId() + " of order " + orderId
                            + " has no side, last_qty or last_price: the position of " + report.getSymbol()
                            + " cannot be updated; check the gateway", ts, provenance, Map.of()));
                } else {
                    position = position.filled(side, report.getLastQty(), report.getLastPrice());
                    filled = true;
                    guard = guard.withFill(report.getReportId());
                }
                guard = guard.withSuccess();
                if (type == ExecType.FILL) {
                    orders = orders.without(orderId);
                }
            }
            case ACK -> guard = guard.withSuccess();
            case CANCELED -> orders = orders.without(orderId);
            case REJECT, CANCEL_REJECT -> {
                if (type == ExecType.REJECT) {
                    orders = orders.without(orderId);
                }
                int code = report.getRejectCode() == null ? 0 : report.getRejectCode();
                String action;
                Severity severity = Severity.WARN;
                switch (code) {
                    case INVALID_SIGNATURE -> {
                        action = "fraction 0 and kill at once (authentication is broken)";
                        severity = Severity.CRIT;
                        rollBack(commands, "1022-" + report.getReportId(), "reject -1022 INVALID_SIGNATURE on order " + orderId + " ("
                                + report.getSymbol() + "): kill at once", ts, provenance);
                    }
                    case SERVICE_SHUTTING_DOWN -> {
                        action = "demote: fraction 0, back off (raising it again is a signed decision)";
                        commands.add(command("auto-demote-1016-" + report.getReportId(), ControlType.SET_FRACTION, Scope.GLOBAL, null,
                                BigDecimal.ZERO, "reject -1016 SERVICE_SHUTTING_DOWN on order " + orderId + " (" + report.getSymbol()
                                        + "): demote to fraction 0 and back off", ts, provenance));
                    }
                    case FILTER_FAILURE -> {
                        long until = ts + filterHalt.toMillis();
                        String reason = "reject -1013 " + Optional.ofNullable(report.getRejectReason()).orElse("filter failure")
                                + " on order " + orderId;
                        action = "halt new orders " + filterHalt.toSeconds() + "s (until " + Instant.ofEpochMilli(until)
                                + ") / check filters / rounding";
                        guard = guard.haltedUntil(until, reason);
                        commands.add(command("auto-halt-1013-" + report.getReportId(), ControlType.DISABLE_LIVE, Scope.SYMBOL,
                                report.getSymbol(), BigDecimal.valueOf(filterHalt.toSeconds()), reason + ": halt new orders "
                                        + filterHalt.toSeconds() + "s", ts, provenance));
                    }
                    case CANCEL_REJECTED -> {
                        action = "reconcile: the order is already gone (filled or cancelled)";
                        severity = Severity.INFO;
                        orders = orders.without(orderId);
                    }
                    default -> action = "re-validate the order parameters";
                }
                alerts.add(alert(report, "reject", severity, "ORDER_REJECT", "ORDER REJECT pair=" + report.getSymbol() + " side="
                        + (report.getSide() != null ? report.getSide() : known.map(RestingOrder::side).orElse(null))
                        + " q=" + plain(known.map(RestingOrder::quantity).orElse(null)) + " px="
                        + plain(report.getOrderPrice() != null ? report.getOrderPrice() : known.map(RestingOrder::price).orElse(null))
                        + " code=" + code + " reason=" + report.getRejectReason() + " action=" + action, ts,
                        provenance, Map.of("code", Integer.toString(code), "order_id", String.valueOf(orderId), "action", action)));
                if (code != CANCEL_REJECTED) {
                    guard = guard.withReject();
                    if (guard.consecutiveRejects() >= maxConsecutiveRejects) {
                        String reason = guard.consecutiveRejects() + " consecutive rejects for " + report.getSymbol() + " (last: code "
                                + code + " on order " + orderId + "): kill";
                        rollBack(commands, "rejects-" + report.getReportId(), reason, ts, provenance);
                        alerts.add(alert(report, "rejects", Severity.CRIT, "CONSECUTIVE_REJECTS", "KILL SWITCH – " + reason, ts,
                                provenance, Map.of("consecutive_rejects", Integer.toString(guard.consecutiveRejects()))));
                        guard = guard.rejectsCounted();
                    }
                }
            }
            default -> {
                // a newer exec type this router does not know: nothing to update
            }
        }
        List<RouterOutput> outputs = new ArrayList<>(commands.size() + alerts.size());
        outputs.addAll(commands);
        outputs.addAll(alerts);
        return new Result(outputs, orders, position, guard, filled);
    }

    private static Optional<RestingOrder> find(SymbolOrders orders, String orderId) {
        List<RestingOrder> known = new ArrayList<>(orders.resting());
        known.addAll(orders.cancelling());
        return known.stream().filter(order -> order.isNamedBy(orderId)).findFirst();
    }

    /** The seed's rollback, automatic part: fraction 0, then the kill (whose reaction cancels every open order). */
    static void rollBack(List<RouterOutput> commands, String trigger, String reason, long ts, Provenance provenance) {
        commands.add(command("auto-demote-" + trigger, ControlType.SET_FRACTION, Scope.GLOBAL, null, BigDecimal.ZERO, reason, ts,
                provenance));
        commands.add(command("auto-kill-" + trigger, ControlType.DISABLE_LIVE, Scope.GLOBAL, null, null, reason, ts, provenance));
    }

    static RouterOutput command(String id, ControlType type, Scope scope, String symbol, BigDecimal value, String reason,
                                        long ts, Provenance provenance) {
        return new RouterOutput.Command(ControlCommand.newBuilder()
                .setId(id)
                .setType(type)
                .setScope(scope)
                .setSymbol(symbol)
                .setParam(null)
                .setValue(value)
                .setReason(reason)
                .setActor(ControlFoldProcessor.ACTOR)
                .setIssuedAt(Instant.ofEpochMilli(ts))
                .setSignature(null)
                .setProvenance(provenance)
                .build());
    }

    private static RouterOutput alert(ExecutionReport report, String what, Severity severity, String kind, String message, long ts,
                                      Provenance provenance, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("report_id", report.getReportId());
        details.put("order_id", String.valueOf(report.getOrderId()));
        details.put("exec_type", String.valueOf(report.getExecType()));
        details.put("reject_code", String.valueOf(report.getRejectCode()));
        details.put("reject_reason", String.valueOf(report.getRejectReason()));
        details.putAll(extra);
        return new RouterOutput.Notice(Alerts.of("a-" + what + "-" + report.getReportId(), severity, kind, report.getSymbol(), message,
                details, ts, provenance));
    }

    private static String plain(BigDecimal value) {
        return value == null ? "-" : Decimals.plain(value);
    }
}
