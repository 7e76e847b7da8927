package io.mmguard.riskgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The changelogged state round-trips exactly; a layout this build does not know is refused by name. */
class StateSerdesTest {

    @Test
    void midStatsRoundTripBitForBit() {
        var serde = StateSerdes.midStats();
        MidStats stats = new MidStats(42, 17159268.123456789, 1234.5678901234);

        MidStats back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", stats));

        assertThat(back).isEqualTo(stats);
    }

    @Test
    void symbolGuardRoundTrips() {
        var serde = StateSerdes.symbolGuard();
        SymbolGuard guard = new SymbolGuard(1_790_000_030_000L, 5, 1_790_000_000_000L, "mm.quotes.denied", 3, 987654321L, true);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", guard))).isEqualTo(guard);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", SymbolGuard.NONE)))
                .isEqualTo(SymbolGuard.NONE);
    }

    @Test
    void symbolGuardRoundTripsEachVenuesNewestBook() {
        var serde = StateSerdes.symbolGuard();
        SymbolGuard guard = SymbolGuard.NONE.seen("mm.quotes", 1, 77).withLastBook("sim", 41, 1_790_000_000_000L)
                .withLastBook("bitflyer", 9_000_000_001L, 1_790_000_000_500L);

        SymbolGuard back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", guard));

        assertThat(back).isEqualTo(guard);
        assertThat(back.lastBook("bitflyer")).isEqualTo(new SymbolGuard.LastBook(9_000_000_001L, 1_790_000_000_500L));
    }

    @Test
    void aSymbolGuardWrittenInFormatOneByTheBuildBeforeIsReadWithNoVenueBooks() {
        // format 1, as the build before the sequence check wrote it: freezeUntil, openAlerts, lastKillAt, topic, partition,
        // offset, silenceReported
        byte[] topic = "mm.quotes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] v1 = java.nio.ByteBuffer.allocate(1 + 8 + 4 + 8 + 4 + topic.length + 4 + 8 + 1).put((byte) 1)
                .putLong(1_790_000_030_000L).putInt(5).putLong(Long.MIN_VALUE).putInt(topic.length).put(topic).putInt(2)
                .putLong(12345L).put((byte) 0).array();

        SymbolGuard read = StateSerdes.symbolGuard().deserializer().deserialize("t", v1);

        assertThat(read).isEqualTo(new SymbolGuard(1_790_000_030_000L, 5, Long.MIN_VALUE, "mm.quotes", 2, 12345L, false));
        assertThat(read.lastBooks()).isEmpty();
    }

    @Test
    void anUnknownStateFormatIsRefusedWithAMessage() {
        byte[] bytes = StateSerdes.midStats().serializer().serialize("t", MidStats.EMPTY);
        bytes[0] = 9;

        assertThatThrownBy(() -> StateSerdes.midStats().deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("MidStats state written in format 9");
    }

    @Test
    void aParamRefusalSurvivesAnyTextInItsFields() {
        ParamRefusal refusal = new ParamRefusal(42, "cmd:1", "risk.jump.z", "0.5", "ops|desk 3:x", "out of range\n(1..1000)");

        assertThat(ParamRefusal.decode(refusal.encode())).isEqualTo(refusal);
    }
}
