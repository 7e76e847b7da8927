package io.mmguard.sim.exchange;

import io.mmguard.core.quote.QuoteMath;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A Binance-spot-like paper exchange for post-only (LIMIT_MAKER) quotes. Pure and single-threaded:
 * orders, books and instruments go in, in the order they arrive; execution reports come out, stamped
 * with simulated exchange times (request + a latency drawn from a seeded model), so a run with the
 * same seed and inputs reports the same thing.
 *
 * <ul>
 *   <li>NEW: {@code -1022} / {@code -1016} / {@code -2010} inside an injected fault window;
 *       {@code -1121} for an unknown symbol; {@code -1013} for a failed filter (PRICE_FILTER, LOT_SIZE,
 *       NOTIONAL, PERCENT_PRICE_BY_SIDE); {@code -2010} when a post-only order would immediately match;
 *       otherwise ACK and the order rests.</li>
 *   <li>CANCEL: CANCELED, or CANCEL_REJECT {@code -2011} "Unknown order sent." when the order is gone.</li>
 *   <li>CANCEL_ALL: CANCELED for each resting order of the symbol.</li>
 *   <li>A book that trades through a resting price fills it (partially when the opposite size is
 *       smaller than what remains) at the resting price; slippage is reported against the quote price.</li>
 * </ul>
 */
public final class PaperExchange {

    static final int UNKNOWN_SYMBOL = -1121;
    static final int SERVICE_UNAVAILABLE = -1016;
    static final int BAD_SIGNATURE = -1022;
    static final int NEW_ORDER_REJECTED = -2010;
    static final int CANCEL_REJECTED = -2011;

    private final LatencyModel ackLatency;
    private final LatencyModel cancelLatency;
    private final ExchangeFaults faults;
    private final SplittableRandom random;
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    /** Recent books per symbol, oldest first: orders are matched against the book of their own time, not the newest. */
    private final Map<String, java.util.ArrayDeque<BookUpdate>> books = new LinkedHashMap<>();
    private static final int BOOK_HISTORY = 4096;
    private final Map<String, Resting> resting = new LinkedHashMap<>();
    private long reportSequence;
    private final List<Resting> pendingCatchUp = new ArrayList<>();

    public PaperExchange(LatencyModel ackLatency, LatencyModel cancelLatency, ExchangeFaults faults, long seed) {
        this.ackLatency = ackLatency;
        this.cancelLatency = cancelLatency;
        this.faults = faults;
        this.random = new SplittableRandom(seed);
    }

    /** Reference data for filters. */
    public void onInstrument(Instrument instrument) {
        instruments.put(instrument.getSymbol(), instrument);
    }

    /** A new top of book: fills every resting order the market trades through. */
    public List<ExecutionReport> onBook(BookUpdate book) {
        java.util.ArrayDeque<BookUpdate> history = books.computeIfAbsent(book.getSymbol(), s -> new java.util.ArrayDeque<>());
        history.addLast(book);
        if (history.size() > BOOK_HISTORY) {
            history.removeFirst();
        }
        return fills(book, null);
    }

    /**
     * Fills of resting orders by {@code book}: only orders requested at or before the book's time
     * (an order cannot be filled by a market that happened before it arrived); {@code only} limits it
     * to one order (catching up a new order on books the exchange has already seen).
     */
    private List<ExecutionReport> fills(BookUpdate book, Resting only) {
        List<ExecutionReport> reports = new ArrayList<>();
        Iterator<Resting> orders = resting.values().iterator();
        while (orders.hasNext()) {
            Resting order = orders.next();
            if (!order.symbol().equals(book.getSymbol()) || (only != null && order != only)
                    || order.command().getTs().isAfter(book.getExchangeTs())) {
                continue;
            }
            boolean tradesThrough = order.side() == Side.BUY
                    ? book.getAskPrice().compareTo(order.price()) <= 0
                    : book.getBidPrice().compareTo(order.price()) >= 0;
            if (!tradesThrough) {
                continue;
            }
            BigDecimal available = order.side() == Side.BUY ? book.getAskSize() : book.getBidSize();
            BigDecimal fill = available.min(order.remaining());
            if (fill.signum() <= 0) {
                continue;
            }
            order.fill(fill);
            boolean done = order.remaining().signum() == 0;
            if (done) {
                orders.remove();
            }
            reports.add(report(order.command(), done ? ExecType.FILL : ExecType.PARTIAL_FILL, order.command().getTs(),
                    book.getExchangeTs())
                    .setLastQty(fill)
                    .setLastPrice(order.price())
                    .setCumQty(order.filled())
                    .setAckTs(book.getExchangeTs())
                    .build());
        }
        return reports;
    }

    /** An order command from {@code mm.orders.live}. */
    public List<ExecutionReport> onOrder(OrderCommand command) {
        List<ExecutionReport> reports = new ArrayList<>(handle(command));
        // books the exchange already read that are later than a new order's time fill it now, in time order
        for (Resting order : pendingCatchUp) {
            java.util.ArrayDeque<BookUpdate> history = books.get(order.symbol());
            if (history != null) {
                for (BookUpdate later : history) {
                    if (later.getExchangeTs().isAfter(order.command().getTs()) && resting.containsValue(order)) {
                        reports.addAll(fills(later, order));
                    }
                }
            }
        }
        pendingCatchUp.clear();
        return reports;
    }

    /** The newest book of {@code symbol} at or before {@code at} (the oldest kept if all are later), or null. */
    private BookUpdate bookAt(String symbol, Instant at) {
        java.util.ArrayDeque<BookUpdate> history = books.get(symbol);
        if (history == null || history.isEmpty()) {
            return null;
        }
        Iterator<BookUpdate> newestFirst = history.descendingIterator();
        BookUpdate candidate = null;
        while (newestFirst.hasNext()) {
            candidate = newestFirst.next();
            if (!candidate.getExchangeTs().isAfter(at)) {
                return candidate;
            }
        }
        return candidate;
    }

    private List<ExecutionReport> handle(OrderCommand command) {
        Instant requested = command.getTs();
        if (ExchangeFaults.within(faults.badSignature(), requested)) {
            return List.of(reject(command, requested, command.getAction() == OrderAction.NEW ? ExecType.REJECT : ExecType.CANCEL_REJECT,
                    BAD_SIGNATURE, "Signature for this request is not valid."));
        }
        return switch (command.getAction()) {
            case NEW -> List.of(newOrder(command, requested));
            case CANCEL -> List.of(cancel(command, requested));
            case CANCEL_ALL -> cancelAll(command, requested);
        };
    }

    /** Orders resting now (for tests and the demo's status). */
    public int restingCount() {
        return resting.size();
    }

    private ExecutionReport newOrder(OrderCommand command, Instant requested) {
        if (ExchangeFaults.within(faults.unavailable(), requested)) {
            return reject(command, requested, ExecType.REJECT, SERVICE_UNAVAILABLE, "Service unavailable (maintenance window).");
        }
        if (ExchangeFaults.within(faults.rejectStorm(), requested)) {
            return reject(command, requested, ExecType.REJECT, NEW_ORDER_REJECTED, "Account has insufficient balance for requested action.");
        }
        Instrument instrument = instruments.get(command.getSymbol());
        if (instrument == null) {
            return reject(command, requested, ExecType.REJECT, UNKNOWN_SYMBOL, "Invalid symbol.");
        }
        BookUpdate book = bookAt(command.getSymbol(), requested);
        BigDecimal mid = book == null ? null : QuoteMath.mid(book.getBidPrice(), book.getAskPrice());
        Optional<String> failure = ExchangeRules.filterFailure(instrument, command.getSide(), command.getPrice(), command.getQuantity(), mid);
        if (failure.isPresent()) {
            return reject(command, requested, ExecType.REJECT, ExchangeRules.FILTER_FAILURE, failure.get());
        }
        if (book != null && (command.getSide() == Side.BUY
                ? command.getPrice().compareTo(book.getAskPrice()) >= 0
                : command.getPrice().compareTo(book.getBidPrice()) <= 0)) {
            return reject(command, requested, ExecType.REJECT, NEW_ORDER_REJECTED, "Order would immediately match and take.");
        }
        Resting order = new Resting(command);
        resting.put(clientId(command), order);
        Duration latency = ackLatency.draw(random, faults.slowFactor(requested));
        pendingCatchUp.add(order);
        return report(command, ExecType.ACK, requested, requested.plus(latency)).setAckTs(requested.plus(latency)).build();
    }

    private ExecutionReport cancel(OrderCommand command, Instant requested) {
        Resting order = resting.remove(clientId(command));
        if (order == null) {
            return reject(command, requested, ExecType.CANCEL_REJECT, CANCEL_REJECTED, "Unknown order sent.");
        }
        Duration latency = cancelLatency.draw(random, faults.slowFactor(requested));
        return report(order.command(), ExecType.CANCELED, requested, requested.plus(latency))
                .setCumQty(order.filled()).setAckTs(requested.plus(latency)).build();
    }

    private List<ExecutionReport> cancelAll(OrderCommand command, Instant requested) {
        List<ExecutionReport> reports = new ArrayList<>();
        Iterator<Resting> orders = resting.values().iterator();
        while (orders.hasNext()) {
            Resting order = orders.next();
            if (order.symbol().equals(command.getSymbol())) {
                orders.remove();
                Duration latency = cancelLatency.draw(random, faults.slowFactor(requested));
                reports.add(report(order.command(), ExecType.CANCELED, requested, requested.plus(latency))
                        .setCumQty(order.filled()).setAckTs(requested.plus(latency)).build());
            }
        }
        if (reports.isEmpty()) {
            Duration latency = cancelLatency.draw(random, faults.slowFactor(requested));
            reports.add(report(command, ExecType.CANCELED, requested, requested.plus(latency)).setAckTs(requested.plus(latency))
                    .setRejectReason("no open orders for " + command.getSymbol()).build());
        }
        return reports;
    }

    private ExecutionReport reject(OrderCommand command, Instant requested, ExecType type, int code, String reason) {
        Duration latency = ackLatency.draw(random, faults.slowFactor(requested));
        return report(command, type, requested, requested.plus(latency))
                .setRejectCode(code).setRejectReason(reason).setAckTs(requested.plus(latency)).build();
    }

    private ExecutionReport.Builder report(OrderCommand order, ExecType type, Instant requested, Instant at) {
        return ExecutionReport.newBuilder()
                .setReportId("x-" + order.getOrderId() + "-" + (++reportSequence))
                .setOrderId(order.getOrderId())
                .setSymbol(order.getSymbol())
                .setSide(order.getSide())
                .setExecType(type)
                .setOrderPrice(order.getPrice())
                .setQuoteRefPrice(order.getPrice())
                .setMidRef(order.getMidRef())
                .setRequestTs(requested)
                .setTs(at);
    }

    private static String clientId(OrderCommand command) {
        return command.getClientOrderId() != null ? command.getClientOrderId() : command.getOrderId();
    }

    /** A resting order and what has filled. */
    private static final class Resting {
        private final OrderCommand command;
        private BigDecimal filled = BigDecimal.ZERO;

        Resting(OrderCommand command) {
            this.command = command;
        }

        OrderCommand command() {
            return command;
        }

        String symbol() {
            return command.getSymbol();
        }

        Side side() {
            return command.getSide();
        }

        BigDecimal price() {
            return command.getPrice();
        }

        BigDecimal filled() {
            return filled;
        }

        BigDecimal remaining() {
            return command.getQuantity().subtract(filled);
        }

        void fill(BigDecimal quantity) {
            filled = filled.add(quantity);
        }
    }
}
