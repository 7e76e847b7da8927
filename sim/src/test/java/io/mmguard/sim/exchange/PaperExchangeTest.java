package io.mmguard.sim.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Side;
import io.mmguard.sim.SimSymbol;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaperExchangeTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private PaperExchange exchange;

    @BeforeEach
    void exchangeWithBtcJpyAndABook() {
        exchange = new PaperExchange(new LatencyModel(20, 0), new LatencyModel(40, 0), ExchangeFaults.NONE, 7);
        exchange.onInstrument(SimSymbol.BTCJPY.instrument("sim", T0));
        exchange.onBook(book("17159267", "0.5", "17159269", "0.25", T0));
    }

    @Test
    void aValidPostOnlyOrderIsAcknowledgedAfterTheAckLatencyAndRests() {
        ExecutionReport ack = single(exchange.onOrder(buy("o-1", "17154978", "0.001", T0)));

        assertThat(ack.getExecType()).isEqualTo(ExecType.ACK);
        assertThat(ack.getRequestTs()).isEqualTo(T0);
        assertThat(ack.getAckTs()).isEqualTo(T0.plusMillis(20));
        assertThat(ack.getQuoteRefPrice()).isEqualByComparingTo("17154978");
        assertThat(exchange.restingCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "off-tick price,            BUY,  17154978.5, 0.001,  PRICE_FILTER",
        "below min quantity,        BUY,  17154978,   0.00001, LOT_SIZE",
        "off the lot step,          SELL, 17163558,   0.00015, LOT_SIZE",
        "below min notional,        BUY,  5000000,    0.0001, NOTIONAL",
        "buy far above mid,         BUY,  90000000,   0.001,  PERCENT_PRICE_BY_SIDE",
        "sell far below mid,        SELL, 3000000,    0.001,  PERCENT_PRICE_BY_SIDE",
    })
    void aFilterFailureIsRejectedWithMinus1013AndTheFiltersName(String name, Side side, String price, String qty, String filter) {
        OrderCommand order = side == Side.BUY ? buy("o-1", price, qty, T0) : sell("o-1", price, qty, T0);

        ExecutionReport reject = single(exchange.onOrder(order));

        assertThat(reject.getExecType()).isEqualTo(ExecType.REJECT);
        assertThat(reject.getRejectCode()).isEqualTo(-1013);
        assertThat(reject.getRejectReason()).startsWith("Filter failure: " + filter + " (");
        assertThat(exchange.restingCount()).isZero();
    }

    @Test
    void aPostOnlyOrderThatWouldTakeIsRejectedWithMinus2010() {
        ExecutionReport reject = single(exchange.onOrder(buy("o-1", "17159269", "0.001", T0)));

        assertThat(reject.getRejectCode()).isEqualTo(-2010);
        assertThat(reject.getRejectReason()).isEqualTo("Order would immediately match and take.");
    }

    @Test
    void anUnknownSymbolIsMinus1121() {
        OrderCommand order = OrderCommand.newBuilder(buy("o-1", "100", "1", T0)).setSymbol("NOPEJPY").build();

        assertThat(single(exchange.onOrder(order)).getRejectCode()).isEqualTo(-1121);
    }

    @Test
    void cancellingAnOrderThatIsGoneIsMinus2011AndALiveOneIsCanceledAfterTheCancelLatency() {
        exchange.onOrder(buy("o-1", "17154978", "0.001", T0));

        ExecutionReport canceled = single(exchange.onOrder(cancel("o-1", T0.plusSeconds(1))));
        ExecutionReport again = single(exchange.onOrder(cancel("o-1", T0.plusSeconds(2))));

        assertThat(canceled.getExecType()).isEqualTo(ExecType.CANCELED);
        assertThat(Duration.between(canceled.getRequestTs(), canceled.getAckTs())).isEqualTo(Duration.ofMillis(40));
        assertThat(again.getExecType()).isEqualTo(ExecType.CANCEL_REJECT);
        assertThat(again.getRejectCode()).isEqualTo(-2011);
        assertThat(again.getRejectReason()).isEqualTo("Unknown order sent.");
    }

    @Test
    void cancelAllCancelsEveryRestingOrderOfTheSymbol() {
        exchange.onOrder(buy("o-1", "17154978", "0.001", T0));
        exchange.onOrder(sell("o-2", "17163558", "0.001", T0));

        List<ExecutionReport> reports = exchange.onOrder(cancelAll(T0.plusSeconds(1)));

        assertThat(reports).extracting(ExecutionReport::getOrderId).containsExactly("o-1", "o-2");
        assertThat(reports).extracting(ExecutionReport::getExecType).containsOnly(ExecType.CANCELED);
        assertThat(exchange.restingCount()).isZero();
    }

    @Test
    void aMarketTradingThroughARestingBidFillsItPartlyThenFullyAtTheRestingPrice() {
        exchange.onOrder(buy("o-1", "17154978", "0.001", T0));

        List<ExecutionReport> none = exchange.onBook(book("17154000", "1", "17154979", "1", T0.plusSeconds(1)));
        List<ExecutionReport> partial = exchange.onBook(book("17154000", "1", "17154978", "0.0004", T0.plusSeconds(2)));
        List<ExecutionReport> full = exchange.onBook(book("17153000", "1", "17153500", "1", T0.plusSeconds(3)));

        assertThat(none).isEmpty();
        assertThat(single(partial).getExecType()).isEqualTo(ExecType.PARTIAL_FILL);
        assertThat(single(partial).getLastQty()).isEqualByComparingTo("0.0004");
        assertThat(single(partial).getLastPrice()).isEqualByComparingTo("17154978");
        assertThat(single(full).getExecType()).isEqualTo(ExecType.FILL);
        assertThat(single(full).getLastQty()).isEqualByComparingTo("0.0006");
        assertThat(single(full).getCumQty()).isEqualByComparingTo("0.001");
        assertThat(single(full).getLastPrice()).as("a maker fill is at the resting price, not the better market")
                .isEqualByComparingTo("17154978");
        assertThat(exchange.restingCount()).isZero();
    }

    @Test
    void anOrderIsMatchedAgainstTheBookOfItsOwnTimeAndCaughtUpOnLaterBooksAlreadySeen() {
        // the exchange has already read a later book in which the market traded down through 17154978
        exchange.onBook(book("17154000", "1", "17154978", "1", T0.plusSeconds(5)));

        List<ExecutionReport> reports = exchange.onOrder(buy("o-1", "17154978", "0.001", T0.plusSeconds(1)));

        assertThat(reports).extracting(ExecutionReport::getExecType).as("not rejected as 'would take' against the later book,"
                + " then filled by it").containsExactly(ExecType.ACK, ExecType.FILL);
        assertThat(exchange.restingCount()).isZero();
    }

    @Test
    void aMarketBeforeTheOrderArrivedCannotFillIt() {
        exchange.onOrder(buy("o-1", "17154978", "0.001", T0.plusSeconds(10)));

        assertThat(exchange.onBook(book("17154000", "1", "17154978", "1", T0.plusSeconds(9)))).isEmpty();
        assertThat(exchange.restingCount()).isEqualTo(1);
    }

    @Test
    void faultWindowsInjectTheirCodesAndSlowPeriodsStretchLatency() {
        ExchangeFaults faults = new ExchangeFaults(
                List.of(new ExchangeFaults.Window(T0.plusSeconds(10), T0.plusSeconds(20))),
                List.of(new ExchangeFaults.Window(T0.plusSeconds(20), T0.plusSeconds(30))),
                List.of(new ExchangeFaults.Window(T0.plusSeconds(30), T0.plusSeconds(40))),
                List.of(new ExchangeFaults.Window(T0.plusSeconds(40), T0.plusSeconds(50), 10)));
        exchange = new PaperExchange(new LatencyModel(20, 0), new LatencyModel(40, 0), faults, 7);
        exchange.onInstrument(SimSymbol.BTCJPY.instrument("sim", T0));
        exchange.onBook(book("17159267", "0.5", "17159269", "0.25", T0));

        assertThat(single(exchange.onOrder(buy("o-1", "17154978", "0.001", T0.plusSeconds(15)))).getRejectCode()).isEqualTo(-1016);
        assertThat(single(exchange.onOrder(buy("o-2", "17154978", "0.001", T0.plusSeconds(25)))).getRejectCode()).isEqualTo(-1022);
        assertThat(single(exchange.onOrder(buy("o-3", "17154978", "0.001", T0.plusSeconds(35)))).getRejectCode()).isEqualTo(-2010);
        ExecutionReport slow = single(exchange.onOrder(buy("o-4", "17154978", "0.001", T0.plusSeconds(45))));
        assertThat(Duration.between(slow.getRequestTs(), slow.getAckTs())).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theSameSeedDrawsTheSameLatencies() {
        LatencyModel model = new LatencyModel(30, 0.8);
        PaperExchange a = new PaperExchange(model, model, ExchangeFaults.NONE, 99);
        PaperExchange b = new PaperExchange(model, model, ExchangeFaults.NONE, 99);
        for (PaperExchange x : List.of(a, b)) {
            x.onInstrument(SimSymbol.BTCJPY.instrument("sim", T0));
        }

        for (int i = 0; i < 20; i++) {
            OrderCommand order = buy("o-" + i, "17154978", "0.001", T0.plusSeconds(i));
            assertThat(single(a.onOrder(order)).getAckTs()).isEqualTo(single(b.onOrder(order)).getAckTs());
        }
    }

    private static ExecutionReport single(List<ExecutionReport> reports) {
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    private static BookUpdate book(String bid, String bidSize, String ask, String askSize, Instant at) {
        return BookUpdate.newBuilder().setSymbol("BTCJPY").setVenue("sim").setSequence(1).setBidPrice(new BigDecimal(bid))
                .setBidSize(new BigDecimal(bidSize)).setAskPrice(new BigDecimal(ask)).setAskSize(new BigDecimal(askSize))
                .setExchangeTs(at).setReceiveTs(at).build();
    }

    private static OrderCommand.Builder order(String id, OrderAction action, Instant at) {
        return OrderCommand.newBuilder().setOrderId(id).setAction(action).setSymbol("BTCJPY").setRoute(Route.LIVE)
                .setRouteReason("test").setKillSwitchOn(false).setFraction(BigDecimal.ONE).setMidRef(new BigDecimal("17159268"))
                .setTs(at).setProvenance(Provenance.newBuilder().setInputTopic("t").setInputPartition(0).setInputOffset(0).build());
    }

    private static OrderCommand buy(String id, String price, String qty, Instant at) {
        return order(id, OrderAction.NEW, at).setSide(Side.BUY).setPrice(new BigDecimal(price)).setQuantity(new BigDecimal(qty)).build();
    }

    private static OrderCommand sell(String id, String price, String qty, Instant at) {
        return order(id, OrderAction.NEW, at).setSide(Side.SELL).setPrice(new BigDecimal(price)).setQuantity(new BigDecimal(qty)).build();
    }

    private static OrderCommand cancel(String id, Instant at) {
        return order("c-" + id, OrderAction.CANCEL, at).setClientOrderId(id).build();
    }

    private static OrderCommand cancelAll(Instant at) {
        return order("ca-1", OrderAction.CANCEL_ALL, at).build();
    }
}
