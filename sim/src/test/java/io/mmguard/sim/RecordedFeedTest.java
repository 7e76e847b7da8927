package io.mmguard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmguard.schemas.BookUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedFeedTest {

    @TempDir
    Path dir;

    @Test
    void jsonLinesAreReadWithExactDecimalsAndEitherTimestampForm() throws Exception {
        Path file = dir.resolve("book.jsonl");
        Files.writeString(file, """
                {"ts":"2026-11-25T00:00:00.123Z","symbol":"BTCJPY","venue":"bf","seq":1,"bid":"17159267","bid_size":"0.5","ask":"17159269","ask_size":"0.25"}

                {"ts":1764028800124,"symbol":"XRPJPY","seq":7,"bid":85.301,"bid_size":100,"ask":85.302,"ask_size":250.5}
                """);

        List<BookUpdate> updates = RecordedFeed.read(file, "sim");

        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).getVenue()).isEqualTo("bf");
        assertThat(updates.get(0).getExchangeTs()).isEqualTo(Instant.parse("2026-11-25T00:00:00.123Z"));
        assertThat(updates.get(1).getVenue()).isEqualTo("sim");
        assertThat(updates.get(1).getBidPrice()).isEqualByComparingTo("85.301");
        assertThat(updates.get(1).getBidPrice().toPlainString()).isEqualTo("85.301");
        assertThat(updates.get(1).getAskSize()).isEqualByComparingTo("250.5");
    }

    @Test
    void csvIsReadWithItsHeader() throws Exception {
        Path file = dir.resolve("book.csv");
        Files.writeString(file, "ts,symbol,venue,seq,bid,bid_size,ask,ask_size\n"
                + "2026-11-25T00:00:00Z,ETHJPY,,3,549999,1.5,550001,2\n");

        BookUpdate update = RecordedFeed.read(file, "sim").get(0);

        assertThat(update.getSymbol()).isEqualTo("ETHJPY");
        assertThat(update.getVenue()).isEqualTo("sim");
        assertThat(update.getSequence()).isEqualTo(3);
        assertThat(update.getAskPrice()).isEqualByComparingTo("550001");
    }

    @Test
    void aMalformedLineIsRefusedWithItsLineNumberAndWhatWasWrong() throws Exception {
        Path json = dir.resolve("bad.jsonl");
        Files.writeString(json, "{\"ts\":\"2026-11-25T00:00:00Z\",\"symbol\":\"BTCJPY\",\"seq\":1,\"bid\":\"1\",\"bid_size\":\"1\",\"ask\":\"2\",\"ask_size\":\"1\"}\n"
                + "{\"ts\":\"yesterday\",\"symbol\":\"BTCJPY\",\"seq\":2,\"bid\":\"1\",\"bid_size\":\"1\",\"ask\":\"2\",\"ask_size\":\"1\"}\n");
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "ts,symbol,venue,seq,bid,bid_size,ask,ask_size\n2026-11-25T00:00:00Z,BTCJPY,sim,1,abc,1,2,1\n");
        Path other = dir.resolve("book.txt");
        Files.writeString(other, "");

        assertThatThrownBy(() -> RecordedFeed.read(json, "sim")).hasMessage(json + " line 2: ts 'yesterday' is neither ISO-8601"
                + " (2026-11-25T00:00:00.123Z) nor epoch milliseconds");
        assertThatThrownBy(() -> RecordedFeed.read(csv, "sim")).hasMessage(csv + " line 2: bid 'abc' is not a decimal number");
        assertThatThrownBy(() -> RecordedFeed.read(other, "sim")).hasMessageContaining("unknown recording format; use .jsonl");
    }
}
