package io.mmguard.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.schemas.BookUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Book updates captured elsewhere, replayed in file order. Two formats, chosen by extension:
 *
 * <pre>
 * .jsonl  one object per line:
 *         {"ts":"2026-11-25T00:00:00.123Z","symbol":"BTCJPY","venue":"sim","seq":1,
 *          "bid":"17159267","bid_size":"0.5","ask":"17159269","ask_size":"0.25"}
 *         (prices may be JSON strings or numbers; numbers are read as exact decimals; venue is optional)
 * .csv    a header line, then: ts,symbol,venue,seq,bid,bid_size,ask,ask_size
 * </pre>
 *
 * {@code ts} is ISO-8601 UTC or epoch milliseconds. A malformed line is refused with its line number
 * and what was wrong; nothing is skipped silently.
 */
public final class RecordedFeed {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String CSV_HEADER = "ts,symbol,venue,seq,bid,bid_size,ask,ask_size";

    private RecordedFeed() {
    }

    /** Every update in {@code file}, in file order; {@code defaultVenue} where a line names none. */
    public static List<BookUpdate> read(Path file, String defaultVenue) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLines(file, lines, defaultVenue);
        }
        if (name.endsWith(".csv")) {
            return csv(file, lines, defaultVenue);
        }
        throw new IllegalArgumentException(file + ": unknown recording format; use .jsonl (JSON Lines) or .csv ("
                + CSV_HEADER + ")");
    }

    private static List<BookUpdate> jsonLines(Path file, List<String> lines, String defaultVenue) {
        List<BookUpdate> updates = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                updates.add(update(text(node, "ts"), text(node, "symbol"),
                        node.hasNonNull("venue") ? node.get("venue").asText() : defaultVenue, text(node, "seq"),
                        text(node, "bid"), text(node, "bid_size"), text(node, "ask"), text(node, "ask_size")));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return updates;
    }

    private static List<BookUpdate> csv(Path file, List<String> lines, String defaultVenue) {
        if (lines.isEmpty() || !lines.get(0).strip().equals(CSV_HEADER)) {
            throw new IllegalArgumentException(file + " line 1: expected the header '" + CSV_HEADER + "'");
        }
        List<BookUpdate> updates = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 8) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": expected 8 comma-separated fields ("
                        + CSV_HEADER + "), got " + cells.length);
            }
            try {
                updates.add(update(cells[0], cells[1], cells[2].isBlank() ? defaultVenue : cells[2], cells[3], cells[4],
                        cells[5], cells[6], cells[7]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return updates;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static BookUpdate update(String ts, String symbol, String venue, String seq, String bid, String bidSize,
                                     String ask, String askSize) {
        Instant at = instant(ts);
        return BookUpdate.newBuilder()
                .setSymbol(symbol.strip())
                .setVenue(venue.strip())
                .setSequence(whole("seq", seq))
                .setBidPrice(decimal("bid", bid))
                .setBidSize(decimal("bid_size", bidSize))
                .setAskPrice(decimal("ask", ask))
                .setAskSize(decimal("ask_size", askSize))
                .setExchangeTs(at)
                .setReceiveTs(at)
                .build();
    }

    private static Instant instant(String text) {
        String value = text.strip();
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("ts '" + text + "' is neither ISO-8601 (2026-11-25T00:00:00.123Z) nor epoch milliseconds", e);
        }
    }

    private static long whole(String field, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a whole number", e);
        }
    }

    private static BigDecimal decimal(String field, String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a decimal number", e);
        }
    }
}
