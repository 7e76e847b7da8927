package io.mmguard.router.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.router.exec.SymbolGuard;
import io.mmguard.router.limits.DailyBook;
import io.mmguard.router.limits.PnlUpdate;
import io.mmguard.router.limits.SymbolPosition;
import io.mmguard.router.orders.RestingOrder;
import io.mmguard.router.orders.SymbolOrders;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The router's store values read back equal to what was written, decimals to the scale: what a task's
 * {@link CachedStore} hands out from memory is what a restarted task reads from the store.
 */
class JsonSerdeTest {

    /** Decimals as they come off the wire: Avro {@code decimal(38, 12)}. */
    private static BigDecimal wire(String value) {
        return new BigDecimal(value).setScale(12);
    }

    private static <T> T roundTrip(Class<T> type, T value) {
        JsonSerde<T> serde = new JsonSerde<>(type);
        return serde.deserializer().deserialize("store-changelog", serde.serializer().serialize("store-changelog", value));
    }

    @Test
    void aPositionAfterFillsAndMarksReadsBackToTheScale() {
        SymbolPosition position = SymbolPosition.flat(20_417)
                .filled(Side.BUY, wire("0.001"), wire("17154978"))
                .filled(Side.SELL, wire("0.0004"), wire("17163558.5"))
                .markedAt(wire("17159268.25"))
                .rolledTo(20_418)
                .markedAt(wire("16659268"));
        position = position.sent(position.dailyPnl());

        assertThat(position.cash().scale()).as("products of wire decimals").isEqualTo(24);
        assertThat(roundTrip(SymbolPosition.class, position)).isEqualTo(position);
        assertThat(roundTrip(SymbolPosition.class, SymbolPosition.flat(20_417))).as("no mark yet").isEqualTo(SymbolPosition.flat(20_417));
    }

    @Test
    void restingAndCancellingOrdersReadBackEqual() {
        RestingOrder bid = new RestingOrder("o-d-1-B", "mm-0123456789abcdef01234567", Side.BUY, wire("17154978"), wire("0.001"), "d-1");
        RestingOrder ask = new RestingOrder("o-d-1-S", null, Side.SELL, wire("17163558"), wire("0.001"), "d-1");
        SymbolOrders orders = SymbolOrders.NONE.withResting(bid).withResting(ask).cancelRequested().withResting(bid);

        assertThat(roundTrip(SymbolOrders.class, orders)).isEqualTo(orders);
        assertThat(roundTrip(SymbolOrders.class, SymbolOrders.NONE)).isEqualTo(SymbolOrders.NONE);
    }

    @Test
    void guardsReadBackEqual() {
        SymbolGuard halted = SymbolGuard.CLEAR.withReject().haltedUntil(1_764_028_860_000L, "reject -1013 on order o-d-1-B");

        assertThat(roundTrip(SymbolGuard.class, halted)).isEqualTo(halted);
        assertThat(roundTrip(SymbolGuard.class, SymbolGuard.CLEAR)).isEqualTo(SymbolGuard.CLEAR);
        SymbolGuard filled = SymbolGuard.CLEAR.withFill("r-1").withFill("r-2");
        assertThat(roundTrip(SymbolGuard.class, filled)).isEqualTo(filled);
    }

    @Test
    void aGuardWrittenBeforeFillsWereRememberedReadsBackWithNone() {
        byte[] old = "{\"consecutiveRejects\":2,\"haltedUntil\":0,\"haltReason\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        SymbolGuard guard = new JsonSerde<>(SymbolGuard.class).deserializer().deserialize("store-changelog", old);

        assertThat(guard).isEqualTo(new SymbolGuard(2, 0, null));
        assertThat(guard.recentFills()).isEmpty();
    }

    @Test
    void aGuardRemembersOnlyTheLastFills() {
        SymbolGuard guard = SymbolGuard.CLEAR;
        for (int i = 0; i <= SymbolGuard.RECENT_FILLS; i++) {
            guard = guard.withFill("r-" + i);
        }

        assertThat(guard.recentFills()).hasSize(SymbolGuard.RECENT_FILLS).doesNotContain("r-0").endsWith("r-" + SymbolGuard.RECENT_FILLS);
        assertThat(guard.alreadyFilled("r-0")).isFalse();
        assertThat(guard.alreadyFilled("r-1")).isTrue();
    }

    @Test
    void aDailyBookOfUpdatesThatCameThroughTheRepartitionTopicReadsBackEqual() {
        PnlUpdate btc = roundTrip(PnlUpdate.class, new PnlUpdate("BTCJPY", 20_417, new BigDecimal("-3000.000000000000000000000000"),
                wire("0.01"), wire("16859268"), "mark d-3"));
        PnlUpdate eth = roundTrip(PnlUpdate.class, new PnlUpdate("ETHJPY", 20_417, wire("-1800"), wire("0.01"), null, "fill r-2"));
        DailyBook book = DailyBook.of(20_417).with(btc).with(eth).markedKilled();

        assertThat(roundTrip(DailyBook.class, book)).isEqualTo(book);
    }
}
