package io.mmguard.riskgate;

import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.Quote;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Absurd quotes: values that no correct quoter produces and that the sanity guard cannot even be
 * computed on (a zero mid divides by zero). Such a quote is rejected {@code BAD_QUOTE} without the
 * kill switch: it is a broken record, not evidence that the quote math is wrong.
 *
 * <p>What cannot reach this point: NaN and +-infinity have no {@link BigDecimal} and no Avro decimal
 * encoding; a value with more than 12 places or 26 integer digits is refused by the serializer; a
 * required field cannot be null on the wire. The null checks below cover records built in-process.
 */
final class QuoteChecks {

    private QuoteChecks() {
    }

    /** Why {@code quote}, received under {@code key} at record time {@code ts}, is absurd; empty when it is not. */
    static Optional<String> problem(String key, Quote quote, long ts, RiskParams params) {
        if (quote.getQuoteId() == null || quote.getQuoteId().isBlank()) {
            return Optional.of("quote has no quote_id");
        }
        String missing = firstMissing(quote);
        if (missing != null) {
            return Optional.of("quote has no " + missing);
        }
        if (!key.equals(quote.getSymbol())) {
            return Optional.of("quote for " + quote.getSymbol() + " arrived under key " + key
                    + " (it would be judged with another symbol's state)");
        }
        Optional<String> sign = firstNonPositive(quote);
        if (sign.isPresent()) {
            return sign;
        }
        if (quote.getCfgTotalBp().signum() < 0) {
            return Optional.of("cfg_total_bp must be >= 0, got " + Decimals.plain(quote.getCfgTotalBp()));
        }
        if (quote.getAsk().compareTo(quote.getBid()) > 0
                && (quote.getMid().compareTo(quote.getBid()) < 0 || quote.getMid().compareTo(quote.getAsk()) > 0)) {
            return Optional.of("quote does not straddle its mid: bid " + Decimals.plain(quote.getBid()) + ", ask "
                    + Decimals.plain(quote.getAsk()) + ", mid " + Decimals.plain(quote.getMid()));
        }
        long lead = quote.getBookTs().toEpochMilli() - ts;
        if (lead > params.futureSkewMs()) {
            return Optional.of("book_ts " + quote.getBookTs() + " is " + lead + " ms after the record time (more than"
                    + " risk.future.skew.ms=" + params.futureSkewMs() + ")");
        }
        return Optional.empty();
    }

    private static String firstMissing(Quote quote) {
        if (quote.getSymbol() == null) {
            return "symbol";
        }
        if (quote.getMid() == null) {
            return "mid";
        }
        if (quote.getBid() == null) {
            return "bid";
        }
        if (quote.getAsk() == null) {
            return "ask";
        }
        if (quote.getBidSize() == null) {
            return "bid_size";
        }
        if (quote.getAskSize() == null) {
            return "ask_size";
        }
        if (quote.getCfgTotalBp() == null) {
            return "cfg_total_bp";
        }
        if (quote.getBookTs() == null) {
            return "book_ts";
        }
        if (quote.getVenue() == null) {
            return "venue";
        }
        return null;
    }

    private static Optional<String> firstNonPositive(Quote quote) {
        String[] names = {"mid", "bid", "ask", "bid_size", "ask_size"};
        BigDecimal[] values = {quote.getMid(), quote.getBid(), quote.getAsk(), quote.getBidSize(), quote.getAskSize()};
        for (int i = 0; i < names.length; i++) {
            if (values[i].signum() <= 0) {
                return Optional.of(names[i] + " must be > 0, got " + Decimals.plain(values[i]));
            }
        }
        return Optional.empty();
    }
}
