package io.mmguard.router;

import io.mmguard.core.units.Decimals;
import io.mmguard.router.control.ControlView;
import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.CanarySampler;
import io.mmguard.router.orders.ClientOrderIds;
import io.mmguard.router.orders.ExchangeFilters;
import io.mmguard.router.orders.RestingOrder;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.ShadowReason;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one risk decision does to a symbol's orders. Pure: the inputs are the decision, the control view
 * it is routed under, and the symbol's state; the outputs are records and the symbol's next orders.
 *
 * <ol>
 *   <li>The decision supersedes the symbol's resting live bid and ask: a cancel for each, first.</li>
 *   <li>A FREEZE or REJECT stops there (no order rests on a quote the risk-gate did not pass).</li>
 *   <li>A PASS makes a buy at the bid and a sell at the ask. Exchange filters apply to both routes (an order
 *       the venue would refuse is a denial, never a shadow order that pretends otherwise).</li>
 *   <li>Route: live trading off -> shadow ({@code KILL_SWITCH}); a book older than {@code risk.stale.ms} at routing time
 *       (the router's recorded wall-clock stamp minus the decision's {@code book_ts}) -> shadow ({@code PIPELINE_LAG}): no
 *       live order leaves from a stale book, however it got stale; else the canary sample of the decision id against the
 *       fraction ({@code NOT_SAMPLED} when it is at or above it).</li>
 *   <li>A side sampled live must also pass the live checks, else it is a typed denial: symbol not halted,
 *       reduces the position in REDUCING, and keeps the symbol's worst-case open notional within the limit.</li>
 * </ol>
 */
final class QuoteRouting {

    /**
     * Where the input record was read.
     *
     * @param topic     input topic
     * @param partition input partition
     * @param offset    input offset
     */
    record Source(String topic, int partition, long offset) {
    }

    /**
     * @param outputs   records to emit, in order
     * @param orders    the symbol's live orders afterwards
     * @param bookAgeMs for a PASS decision: the book's age at routing time (processed_at - book_ts); else null
     * @param lagged    a PASS decision routed shadow only because its book was older than {@code risk.stale.ms}
     */
    record Result(List<RouterOutput> outputs, SymbolOrders orders, Long bookAgeMs, boolean lagged) {

        Result(List<RouterOutput> outputs, SymbolOrders orders) {
            this(outputs, orders, null, false);
        }
    }

    private final BigDecimal maxOpenNotional;
    private final long configVersion;
    private final long staleMs;

    QuoteRouting(BigDecimal maxOpenNotional, long configVersion, long staleMs) {
        this.maxOpenNotional = maxOpenNotional;
        this.configVersion = configVersion;
        this.staleMs = staleMs;
    }

    /** The stale-book budget this routing enforces ({@code risk.stale.ms}). */
    long staleMs() {
        return staleMs;
    }

    /**
     * Routes {@code decision} read from {@code source} at record time {@code ts}; {@code processedAt} is the router's
     * wall-clock stamp for it (recorded on every output as {@code provenance.processed_at}).
     */
    Result route(RiskDecision decision, Source source, long ts, long processedAt, ControlView view, SymbolGuard guard,
                 Instrument instrument, SymbolPosition position, SymbolOrders resting, BigDecimal sample, ClientOrderIds clientIds) {
        List<RouterOutput> outputs = new ArrayList<>(4);
        String symbol = decision.getSymbol();
        String decisionId = decision.getDecisionId();
        SymbolOrders orders = resting;
        if (!resting.resting().isEmpty()) {
            String why = decision.getVerdict() == Verdict.PASS
                    ? "replaced: decision " + decisionId + " supersedes this quote"
                    : decision.getVerdict() + " " + decision.getReason() + " (decision " + decisionId + "): cancel the symbol's resting orders";
            Provenance provenance = provenance(source, decisionId, view, decision.getVerdict() == Verdict.PASS ? "replace" : "freeze");
            for (RestingOrder order : resting.resting()) {
                outputs.add(new RouterOutput.Order(OrderCommands.cancel(order, symbol, why, decisionId, provenance, ts, view)));
            }
            orders = resting.cancelRequested();
        }
        if (decision.getVerdict() != Verdict.PASS) {
            return new Result(outputs, orders);
        }
        long bookTs = decision.getBookTs() == null ? ts : decision.getBookTs().toEpochMilli();
        long bookAgeMs = processedAt - bookTs;
        boolean stale = bookAgeMs > staleMs;
        boolean sampled = CanarySampler.isLive(sample, view.fraction());
        boolean live = view.liveEnabled() && !stale && sampled;
        ShadowReason shadowReason = live ? null : !view.liveEnabled() ? ShadowReason.KILL_SWITCH
                : stale ? ShadowReason.PIPELINE_LAG : ShadowReason.NOT_SAMPLED;
        String routeWhy = shadowReason == ShadowReason.PIPELINE_LAG
                ? "shadow: PIPELINE_LAG: book age " + bookAgeMs + " ms at routing > risk.stale.ms=" + staleMs + " (book_ts "
                + java.time.Instant.ofEpochMilli(bookTs) + ", routed " + java.time.Instant.ofEpochMilli(processedAt) + "); "
                + "canary sample " + Decimals.plain(sample) + (sampled ? " < " : " >= ") + "fraction " + view.fractionText()
                + " (control v" + view.version() + " " + view.tradingState() + ")"
                : routeReason(view, sample, live);
        Provenance provenance = provenance(source, decisionId, view, "route");
        for (Side side : List.of(Side.BUY, Side.SELL)) {
            BigDecimal price = side == Side.BUY ? decision.getBid() : decision.getAsk();
            BigDecimal quantity = side == Side.BUY ? decision.getBidSize() : decision.getAskSize();
            String orderId = OrderCommands.orderId(decisionId, side);
            Optional<Denied> denied = instrument == null
                    ? Optional.of(new Denied(OrderDenialReason.NO_INSTRUMENT, "NO_INSTRUMENT: no reference data for " + symbol
                    + " on mm.ref.instruments; the exchange filters cannot be checked"))
                    : ExchangeFilters.check(instrument, side, price, quantity, decision.getMid())
                    .map(violation -> new Denied(violation.reason(), violation.detail()));
            BigDecimal open = openQuantity(resting, side);
            if (denied.isEmpty() && live) {
                denied = liveCheck(symbol, side, price, quantity, open, ts, view, guard, position);
            }
            if (denied.isPresent()) {
                outputs.add(new RouterOutput.Denial(OrderCommands.denial(orderId, symbol, side, price, quantity, denied.get().reason(),
                        denied.get().detail() + " (" + routeWhy + ")", decisionId, ts, provenance)));
                continue;
            }
            OrderCommand order = OrderCommands.base(view, provenance, ts)
                    .setOrderId(orderId)
                    .setAction(OrderAction.NEW)
                    .setSymbol(symbol)
                    .setSide(side)
                    .setPrice(price)
                    .setQuantity(quantity)
                    .setRoute(live ? Route.LIVE : Route.SHADOW)
                    .setShadowReason(shadowReason)
                    .setRouteReason(live ? routeWhy + "; " + liveChecksPassed(side, quantity, open, price, position, view) : routeWhy)
                    .setSample(sample)
                    .setDecisionId(decisionId)
                    .setQuoteId(decision.getQuoteId())
                    .setMidRef(decision.getMid())
                    .setClientOrderId(clientIds.of(orderId))
                    .build();
            outputs.add(new RouterOutput.Order(order));
            if (live) {
                orders = orders.withResting(RestingOrder.of(order));
            }
        }
        return new Result(outputs, orders, bookAgeMs, view.liveEnabled() && stale);
    }

    private record Denied(OrderDenialReason reason, String detail) {
    }

    /**
     * The quantity of {@code side} this decision replaces: the resting order of that side, whose cancel goes out now and
     * which can still fill before it lands. Orders replaced earlier and still unconfirmed are not counted: without
     * confirmations (no gateway, a lost report) they would pile up and stop the side for good; reconciliation with the
     * venue (issue 17) is what settles them. Counted at full size: a partial fill is not subtracted.
     */
    static BigDecimal openQuantity(SymbolOrders resting, Side side) {
        BigDecimal open = BigDecimal.ZERO;
        for (RestingOrder order : resting.resting()) {
            if (order.side() == side) {
                open = open.add(order.quantity());
            }
        }
        return open;
    }

    private Optional<Denied> liveCheck(String symbol, Side side, BigDecimal price, BigDecimal quantity, BigDecimal open, long ts,
                                       ControlView view, SymbolGuard guard, SymbolPosition position) {
        Optional<String> halt = view.haltOf(symbol, ts);
        if (halt.isPresent()) {
            return Optional.of(new Denied(OrderDenialReason.SYMBOL_HALTED, "SYMBOL_HALTED: " + symbol + " is halted by the control state: "
                    + halt.get()));
        }
        if (guard.haltedAt(ts)) {
            return Optional.of(new Denied(OrderDenialReason.SYMBOL_HALTED, "SYMBOL_HALTED: " + symbol + " new orders halted until "
                    + java.time.Instant.ofEpochMilli(guard.haltedUntil()) + ": " + guard.haltReason()));
        }
        BigDecimal before = position.position();
        BigDecimal after = before.add(side == Side.BUY ? quantity : quantity.negate());
        boolean reduces = before.signum() != 0 && after.signum() * before.signum() >= 0 && after.abs().compareTo(before.abs()) < 0;
        if (view.reduceOnly() && !reduces) {
            return Optional.of(new Denied(OrderDenialReason.REDUCING_ONLY, "REDUCING_ONLY: trading state REDUCING allows only orders that"
                    + " reduce the position; " + side + " " + Decimals.plain(quantity) + " would take position " + Decimals.plain(before)
                    + " to " + Decimals.plain(after)));
        }
        // worst case: this order and every same-side order still open at the venue fill (position plus open same-side quantity)
        BigDecimal worstAfter = after.add(side == Side.BUY ? open : open.negate());
        BigDecimal worst = worstAfter.abs().multiply(price);
        if (worstAfter.abs().compareTo(before.abs()) > 0 && worst.compareTo(maxOpenNotional) > 0) {
            return Optional.of(new Denied(OrderDenialReason.MAX_OPEN_NOTIONAL, "MAX_OPEN_NOTIONAL: filled, " + side + " "
                    + Decimals.plain(quantity) + (open.signum() == 0 ? "" : " (with " + Decimals.plain(open) + " " + side
                    + " still open)") + " would take " + symbol
                    + " to position " + Decimals.plain(worstAfter) + " x " + Decimals.plain(price) + " = " + Decimals.plain(worst)
                    + " JPY open notional > limit " + Decimals.plain(maxOpenNotional) + "; only the reducing side goes live"));
        }
        return Optional.empty();
    }

    private String liveChecksPassed(Side side, BigDecimal quantity, BigDecimal open, BigDecimal price, SymbolPosition position,
                                    ControlView view) {
        BigDecimal signed = side == Side.BUY ? quantity.add(open) : quantity.add(open).negate();
        BigDecimal after = position.position().add(signed);
        return "checks ok: filters, not halted, " + (view.reduceOnly() ? "reduces the position, " : "")
                + "worst-case open notional " + Decimals.plain(after.abs().multiply(price)) + " <= " + Decimals.plain(maxOpenNotional);
    }

    private static String routeReason(ControlView view, BigDecimal sample, boolean live) {
        String canary = "canary sample " + Decimals.plain(sample) + (live ? " < " : " >= ") + "fraction " + view.fractionText();
        if (!view.liveEnabled()) {
            return view.killReason() + "; " + "canary sample " + Decimals.plain(sample) + ", fraction " + view.fractionText();
        }
        return (live ? "live: " : "shadow: ") + canary + " (control v" + view.version() + " " + view.tradingState() + ")";
    }

    private Provenance provenance(Source source, String decisionId, ControlView view, String codePath) {
        return OrderCommands.provenance(source.topic(), source.partition(), source.offset(), decisionId, view, configVersion, codePath);
    }
}
