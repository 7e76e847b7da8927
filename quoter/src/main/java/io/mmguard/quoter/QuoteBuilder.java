package io.mmguard.quoter;

import io.mmguard.core.quote.QuoteCalculator;
import io.mmguard.core.quote.QuoteMath;
import io.mmguard.core.quote.QuoteSanity;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Function;

/**
 * One book update in, a quote or a typed denial out. Bad input is denied before any arithmetic; the
 * seed's sanity guard runs on every computed quote, and with the BOTH path a disagreement between the
 * fast and reference paths is a sanity failure. Pure: no I/O, no clock.
 */
final class QuoteBuilder {

    /** Market component of the spread; the book-derived component arrives with a later issue. */
    static final BigDecimal MARKET_BPS = BigDecimal.ZERO;

    private final QuoterConfig config;
    private final PriceCalculator calculator;

    QuoteBuilder(QuoterConfig config, PriceCalculator calculator) {
        this.config = config;
        this.calculator = calculator;
    }

    /**
     * The quote for {@code book} under the parameters folded from mm.control into {@code params} (the quoter's
     * global store, read by key): {@code extra_bps} (else the config's) and {@code k_inv} (else 0), for the symbol
     * or else for all symbols. The control version recorded is the newest of the two settings that applied.
     */
    Outcome build(BookUpdate book, Instrument instrument, Source source, Function<String, String> params, Position position) {
        QuoteParams extra = QuoteParams.inForce(params, QuoteParams.EXTRA_BPS, book.getSymbol());
        QuoteParams kInv = QuoteParams.inForce(params, QuoteParams.K_INV, book.getSymbol());
        BigDecimal extraBps = extra == null ? config.extraBps() : extra.value();
        BigDecimal k = kInv == null ? BigDecimal.ZERO : kInv.value();
        long controlVersion = Math.max(extra == null ? 0 : extra.version(), kInv == null ? 0 : kInv.version());
        return build(book, instrument, source, extraBps, k, controlVersion, position);
    }

    /**
     * The quote for {@code book}, or why there is none.
     *
     * @param source       where the book update was read (provenance)
     * @param extraBps     the extra spread in force (config or a signed SET_PARAM)
     * @param kInv         the skew coefficient in force (0 = off)
     * @param controlVersion control version of the params in force
     * @param position     the symbol's newest position from mm.positions, or null (none yet: no skew)
     */
    Outcome build(BookUpdate book, Instrument instrument, Source source, BigDecimal extraBps, BigDecimal kInv, long controlVersion,
                  Position position) {
        BigDecimal totalBps = MARKET_BPS.add(extraBps);
        Provenance provenance = provenance(source, book, instrument, controlVersion);
        provenance.setPositionVersion(position == null ? null : position.getVersion());
        Optional<QuoteDenial> badInput = badInput(book, instrument, source, totalBps, provenance);
        if (badInput.isPresent()) {
            return Outcome.denied(badInput.get());
        }
        BigDecimal mid = QuoteMath.mid(book.getBidPrice(), book.getAskPrice());
        BigDecimal tick = instrument.getTickSize();
        BigDecimal tickBps = QuoteMath.tickBps(tick, mid);
        if (tickBps.compareTo(config.maxTickBps()) > 0) {
            return Outcome.denied(denial(book, source, DenialReason.TICK_TOO_COARSE, false, provenance, config.path())
                    .setMid(mid).setCfgTotalBp(totalBps)
                    .setDetail(book.getSymbol() + " tick " + Decimals.plain(tick) + " is " + Decimals.plain(tickBps.stripTrailingZeros())
                            + " bp of mid " + Decimals.plain(mid) + ", above quote.max.tick.bp=" + Decimals.plain(config.maxTickBps())
                            + " by " + Decimals.plain(tickBps.subtract(config.maxTickBps()).stripTrailingZeros())
                            + " bp; not quoting it (rounding alone would break the spread)")
                    .build());
        }
        // inventory skew per side from the symbol's position (none yet: inv 0, no skew whatever k_inv is)
        BigDecimal inventory = position == null ? null : QuoteMath.inventory(position.getNetQty(), mid, config.inventoryCapJpy());
        QuoteMath.Skew skew = QuoteMath.skew(kInv, inventory == null ? BigDecimal.ZERO : inventory);
        QuoteCalculator.Result result = calculator.compute(mid, totalBps, tick, skew, config.path());
        BigDecimal bid = result.prices().bid();
        BigDecimal ask = result.prices().ask();
        provenance.setCodePath(result.path().name()); // built for this book only: no copy needed
        Provenance quoteProvenance = provenance;
        if (result.disagreement() != null) {
            return Outcome.denied(denial(book, source, DenialReason.PATH_DISAGREEMENT, true, quoteProvenance, result.path())
                    .setMid(mid).setBid(bid).setAsk(ask).setCfgTotalBp(totalBps)
                    .setDetail("[QUOTE_SANITY_FAIL] " + book.getSymbol() + " quote paths disagree: " + result.disagreement())
                    .build());
        }
        Optional<QuoteSanity.Violation> violation = QuoteSanity.check(mid, bid, ask, totalBps, config.maxBps());
        if (violation.isPresent()) {
            DenialReason reason = violation.get().failure() == QuoteSanity.Failure.ASK_NOT_ABOVE_BID
                    ? DenialReason.ASK_NOT_ABOVE_BID : DenialReason.IMPLIED_BP_TOO_WIDE;
            return Outcome.denied(denial(book, source, reason, true, quoteProvenance, result.path())
                    .setMid(mid).setBid(bid).setAsk(ask).setCfgTotalBp(totalBps)
                    .setImpliedBp(QuoteMath.impliedBps(bid, ask, mid))
                    .setDetail(violation.get().message() + " symbol=" + book.getSymbol())
                    .build());
        }
        BigDecimal implied = QuoteMath.impliedBps(bid, ask, mid);
        return Outcome.quoted(Quote.newBuilder()
                .setQuoteId("q-" + source.id())
                .setSymbol(book.getSymbol())
                .setVenue(book.getVenue())
                .setBookSequence(book.getSequence())
                .setBookTs(book.getExchangeTs())
                .setMid(mid)
                .setTick(tick)
                .setCfgMarketBp(MARKET_BPS)
                .setCfgExtraBp(extraBps)
                .setCfgTotalBp(totalBps)
                .setBid(bid)
                .setAsk(ask)
                .setBidSize(instrument.getQuoteSize())
                .setAskSize(instrument.getQuoteSize())
                .setImpliedBp(implied)
                .setErrBp(implied.subtract(totalBps).abs())
                .setTickBp(tickBps)
                .setPath(result.path())
                .setProvenance(quoteProvenance)
                .setKInv(kInv)
                .setInventory(inventory)
                .build());
    }

    private Optional<QuoteDenial> badInput(BookUpdate book, Instrument instrument, Source source, BigDecimal totalBps,
                                           Provenance provenance) {
        String symbol = book.getSymbol();
        if (instrument == null) {
            return Optional.of(denial(book, source, DenialReason.NO_INSTRUMENT, false, provenance, config.path())
                    .setDetail("no instrument reference data for " + symbol + " on mm.ref.instruments: book update "
                            + source.describe() + " produced no quote").build());
        }
        if (instrument.getTickSize() == null || instrument.getTickSize().signum() <= 0) {
            return Optional.of(denial(book, source, DenialReason.BAD_INSTRUMENT, false, provenance, config.path())
                    .setDetail(symbol + " instrument version " + instrument.getVersion() + " has tick size "
                            + Decimals.plain(instrument.getTickSize()) + "; a tick must be > 0").build());
        }
        if (book.getBidPrice().signum() <= 0 || book.getAskPrice().signum() <= 0) {
            return Optional.of(denial(book, source, DenialReason.NON_POSITIVE_PRICE, false, provenance, config.path())
                    .setDetail(symbol + " book #" + book.getSequence() + " has a non-positive price (bid "
                            + Decimals.plain(book.getBidPrice()) + ", ask " + Decimals.plain(book.getAskPrice()) + ")").build());
        }
        if (book.getBidSize().signum() <= 0 || book.getAskSize().signum() <= 0) {
            return Optional.of(denial(book, source, DenialReason.NON_POSITIVE_SIZE, false, provenance, config.path())
                    .setDetail(symbol + " book #" + book.getSequence() + " has a non-positive size (bid size "
                            + Decimals.plain(book.getBidSize()) + ", ask size " + Decimals.plain(book.getAskSize()) + ")").build());
        }
        int cross = book.getBidPrice().compareTo(book.getAskPrice());
        if (cross >= 0) {
            DenialReason reason = cross > 0 ? DenialReason.CROSSED_BOOK : DenialReason.LOCKED_BOOK;
            return Optional.of(denial(book, source, reason, false, provenance, config.path())
                    .setCfgTotalBp(totalBps)
                    .setDetail(symbol + " book #" + book.getSequence() + " is " + (cross > 0 ? "crossed" : "locked") + ": bid "
                            + Decimals.plain(book.getBidPrice()) + (cross > 0 ? " above" : " equal to") + " ask "
                            + Decimals.plain(book.getAskPrice())).build());
        }
        return Optional.empty();
    }

    private static QuoteDenial.Builder denial(BookUpdate book, Source source, DenialReason reason, boolean sanityFailure,
                                              Provenance provenance, QuotePath path) {
        return QuoteDenial.newBuilder()
                .setDenialId("qd-" + source.id())
                .setSymbol(book.getSymbol())
                .setVenue(book.getVenue())
                .setBookSequence(book.getSequence())
                .setBookTs(book.getExchangeTs())
                .setReason(reason)
                .setSanityFailure(sanityFailure)
                .setPath(path)
                .setProvenance(provenance);
    }

    private Provenance provenance(Source source, BookUpdate book, Instrument instrument, long controlVersion) {
        return Provenance.newBuilder()
                .setInputTopic(source.topic())
                .setInputPartition(source.partition())
                .setInputOffset(source.offset())
                .setInputId(Long.toString(book.getSequence()))
                .setControlVersion(controlVersion)
                .setConfigVersion(config.common().configVersion())
                .setCodePath(config.path().name())
                .setInstrumentVersion(instrument == null ? null : instrument.getVersion())
                .setProcessedAt(source.processedAt() == null ? null : java.time.Instant.ofEpochMilli(source.processedAt()))
                .build();
    }

    /**
     * Where and when a book update was read.
     *
     * @param processedAt wall-clock ms at which the quoter read it (recorded as {@code provenance.processed_at}); null: not stamped
     */
    record Source(String topic, int partition, long offset, Long processedAt) {

        String id() {
            return topic + "-" + partition + "-" + offset;
        }

        String describe() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** Exactly one of quote and denial is set. */
    record Outcome(Quote quote, QuoteDenial denial) {

        static Outcome quoted(Quote quote) {
            return new Outcome(quote, null);
        }

        static Outcome denied(QuoteDenial denial) {
            return new Outcome(null, denial);
        }
    }
}
