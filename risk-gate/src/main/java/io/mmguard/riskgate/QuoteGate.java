package io.mmguard.riskgate;

import io.mmguard.core.quote.QuoteSanity;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision on one quote, a pure function of the quote, its record time, the thresholds and the
 * symbol's state; no clock, no I/O. Checks run in this order and the first that fails decides:
 *
 * <ol>
 *   <li>duplicate quote id → REJECT {@code DUPLICATE_QUOTE} (a replay, not a math error: no kill)</li>
 *   <li>absurd values ({@link QuoteChecks}) → REJECT {@code BAD_QUOTE} (no kill)</li>
 *   <li>the seed's sanity guard → REJECT {@code ASK_NOT_ABOVE_BID} / {@code IMPLIED_BP_TOO_WIDE}, then the
 *       kill sequence</li>
 *   <li>no instrument for the symbol → FREEZE {@code NO_INSTRUMENT}</li>
 *   <li>a book whose venue sequence number repeats or is below the newest of that venue already judged → FREEZE
 *       {@code OUT_OF_SEQUENCE} (no kill), unless the venue restarted its numbering ({@link #outOfSequence}: newer in time,
 *       and below half the newest; the check then continues from it); a gap is not a fault (each book is a whole top of
 *       book)</li>
 *   <li>{@code record time - book_ts > risk.stale.ms} (the book was stale when it arrived) → FREEZE {@code STALE_BOOK}</li>
 *   <li>{@code l2_age_ms = processed_at - book_ts > risk.stale.ms} (fresh on arrival, stale by the time the gate got to
 *       it: the pipeline's own lag) → FREEZE {@code PIPELINE_LAG}; its mid still moves the statistics</li>
 *   <li>an active price-jump freeze → FREEZE {@code PRICE_JUMP} with the same {@code freeze_until}</li>
 *   <li>fewer than {@code risk.warmup.samples} mids in the statistics → FREEZE {@code WARMING_UP}</li>
 *   <li>{@code z > risk.jump.z} → FREEZE {@code PRICE_JUMP} until record time + {@code risk.jump.freeze.ms}</li>
 *   <li>otherwise PASS {@code OK}</li>
 * </ol>
 *
 * <p>The mid of every quote that reaches step 6 is folded into the statistics, the jump itself
 * included: a genuine level shift is absorbed while the symbol is frozen instead of freezing it
 * again forever. Stale, absurd, duplicate and sanity-failed quotes do not move the statistics.
 * Non-PASS alerts are sent once per symbol per freeze episode (until the symbol next passes),
 * except PRICE_JUMP (once per freeze it starts) and the kill sequence's own alert.
 */
final class QuoteGate {

    private QuoteGate() {
    }

    /**
     * What the gate knows when a quote arrives.
     *
     * @param symbol          the record key
     * @param quote           the quote
     * @param ts              record time (the book's receive time, propagated by the quoter)
     * @param processedAt     wall-clock ms the gate read the quote (recorded on the decision; a replay supplies the stamp)
     * @param source          where the quote was read
     * @param params          thresholds in force
     * @param firstSeenAt     where this quote id was first seen, or null if it is new
     * @param instrumentVersion the symbol's version on mm.ref.instruments, or null when it has none
     * @param stats           the symbol's mid statistics
     * @param guard           the symbol's guard state
     */
    record Input(String symbol, Quote quote, long ts, long processedAt, InputRef source, RiskParams params, Long firstSeenAt,
                 Long instrumentVersion, MidStats stats, SymbolGuard guard) {

        boolean instrumentKnown() {
            return instrumentVersion != null;
        }
    }

    static Evaluation evaluate(Input in) {
        Quote quote = in.quote();
        RiskParams params = in.params();
        long ts = in.ts();
        SymbolGuard guard = in.guard().seen(in.source().topic(), in.source().partition(), in.source().offset());
        RiskDecision.Builder decision = Decisions.forQuote(in.symbol(), quote, ts, in.processedAt(), in.source(), params);
        decision.getProvenance().setInstrumentVersion(in.instrumentVersion()); // this decision's own provenance: no builder copy

        if (in.firstSeenAt() != null) {
            decision.setDecisionId("d-" + quote.getQuoteId() + "-dup-" + in.source().partition() + "-" + in.source().offset());
            Decisions.verdict(decision, Verdict.REJECT, DecisionReason.DUPLICATE_QUOTE, "quote id " + quote.getQuoteId()
                    + " was already decided (first seen at offset " + in.firstSeenAt() + " of " + in.source().topic() + "-"
                    + in.source().partition() + "); a duplicate never makes a second order");
            return episodeAlert(decision.build(), AlertKind.DUPLICATE_QUOTE, in.stats(), guard);
        }

        Optional<String> problem = QuoteChecks.problem(in.symbol(), quote, ts, params);
        if (problem.isPresent()) {
            Decisions.verdict(decision, Verdict.REJECT, DecisionReason.BAD_QUOTE, problem.get());
            return episodeAlert(decision.build(), AlertKind.BAD_QUOTE, in.stats(), guard);
        }

        Optional<QuoteSanity.Violation> violation = QuoteSanity.check(quote.getMid(), quote.getBid(), quote.getAsk(),
                quote.getCfgTotalBp(), params.maxBp());
        if (violation.isPresent()) {
            DecisionReason reason = violation.get().failure() == QuoteSanity.Failure.ASK_NOT_ABOVE_BID
                    ? DecisionReason.ASK_NOT_ABOVE_BID
                    : DecisionReason.IMPLIED_BP_TOO_WIDE;
            return sanityReject(decision, reason, violation.get().message(), ts, params, in.stats(), guard);
        }

        if (!in.instrumentKnown()) {
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.NO_INSTRUMENT, "no instrument for " + in.symbol()
                    + " on mm.ref.instruments; no order until reference data exists");
            return episodeAlert(decision.build(), AlertKind.NO_INSTRUMENT, in.stats(), guard);
        }

        long bookTs = quote.getBookTs().toEpochMilli();
        SymbolGuard.LastBook last = guard.lastBook(quote.getVenue());
        if (last != null && outOfSequence(quote.getBookSequence(), bookTs, last)) {
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.OUT_OF_SEQUENCE, (quote.getBookSequence() == last.sequence()
                    ? "book sequence " + quote.getBookSequence() + " of " + quote.getVenue() + " was already judged"
                    : "book sequence " + quote.getBookSequence() + " of " + quote.getVenue() + " is older than "
                            + last.sequence() + ", already judged") + " (book time " + quote.getBookTs() + ", newest "
                    + Instant.ofEpochMilli(last.bookTs()) + "); no order from a repeated or older book");
            return episodeAlert(decision.build(), AlertKind.OUT_OF_SEQUENCE, in.stats(), guard);
        }
        guard = guard.withLastBook(quote.getVenue(), quote.getBookSequence(), bookTs);
        long arrivalAgeMs = ts - bookTs;
        if (arrivalAgeMs > params.staleMs()) {
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.STALE_BOOK, "l2_age_ms=" + arrivalAgeMs
                    + " > risk.stale.ms=" + params.staleMs() + " (record time - book exchange time)");
            return episodeAlert(decision.build(), AlertKind.STALE_BOOK, in.stats(), guard);
        }
        return statistics(in, decision, guard, arrivalAgeMs);
    }

    private static Evaluation statistics(Input in, RiskDecision.Builder decision, SymbolGuard guard, long arrivalAgeMs) {
        RiskParams params = in.params();
        long ts = in.ts();
        double mid = in.quote().getMid().doubleValue();
        MidStats before = in.stats();
        MidStats after = before.fold(mid, params.alpha());
        double z = before.samples() == 0 ? 0 : before.z(mid, params.sigmaFloorFraction());
        if (before.samples() > 0) {
            decision.setEma(Measurements.of(before.ema()))
                    .setSigma(Measurements.of(before.sigma()))
                    .setZScore(Measurements.of(z));
        }

        // a late book is still the market: its mid moves the statistics, but no order is made from it
        long l2AgeMs = in.processedAt() - in.quote().getBookTs().toEpochMilli();
        if (l2AgeMs > params.staleMs()) {
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.PIPELINE_LAG, "l2_age_ms=" + l2AgeMs + " > risk.stale.ms="
                    + params.staleMs() + " when the risk-gate decided: the book was " + arrivalAgeMs + " ms old on arrival and the"
                    + " pipeline added " + (in.processedAt() - ts) + " ms; no order until the pipeline catches up");
            return episodeAlert(decision.build(), AlertKind.PIPELINE_LAG, after, guard);
        }
        if (guard.frozenAt(ts)) {
            decision.setFreezeUntil(Instant.ofEpochMilli(guard.freezeUntil()));
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.PRICE_JUMP, "frozen after a price jump until " + Instant.ofEpochMilli(guard.freezeUntil()) + " (risk.jump.freeze.ms="
                    + params.jumpFreezeMs() + ")");
            return new Evaluation(decision.build(), null, null, after, guard);
        }
        if (before.samples() < params.warmupSamples()) {
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.WARMING_UP, "warming up: " + before.samples() + " of "
                    + params.warmupSamples() + " mids in the statistics (risk.warmup.samples); no order until sigma means"
                    + " something");
            return new Evaluation(decision.build(), null, null, after, guard);
        }
        if (z > params.jumpZ()) {
            long until = ts + params.jumpFreezeMs();
            decision.setFreezeUntil(Instant.ofEpochMilli(until));
            Decisions.verdict(decision, Verdict.FREEZE, DecisionReason.PRICE_JUMP, "z=" + format(z) + " > "
                    + "risk.jump.z=" + Decimals.plain(params.value(RiskParam.JUMP_Z)) + ": |mid "
                    + Decimals.plain(in.quote().getMid()) + " - ema " + format(before.ema()) + "| / max(sigma "
                    + format(before.sigma()) + ", floor " + format(params.sigmaFloorFraction() * mid) + "); frozen until "
                    + Instant.ofEpochMilli(until));
            RiskDecision built = decision.build();
            return new Evaluation(built, null, Alerts.about(built, AlertKind.PRICE_JUMP, built.getDetail()), after,
                    guard.frozenUntil(until).withAlerted(AlertKind.PRICE_JUMP));
        }
        Decisions.verdict(decision, Verdict.PASS, DecisionReason.OK, "");
        return new Evaluation(decision.build(), null, null, after, guard.passed());
    }

    /**
     * A repeat of the newest sequence number, or a lower one, unless the venue restarted its numbering: a book newer in
     * time whose sequence number fell below half the newest (a late copy of an older book is close to the newest, and no
     * newer in time).
     */
    static boolean outOfSequence(long sequence, long bookTs, SymbolGuard.LastBook last) {
        if (sequence > last.sequence()) {
            return false;
        }
        boolean restarted = sequence < last.sequence() && bookTs > last.bookTs() && sequence < last.sequence() / 2;
        return !restarted;
    }

    /** REJECT for a sanity failure, with the kill sequence unless one was sent within {@code risk.kill.repeat.ms}. */
    static Evaluation sanityReject(RiskDecision.Builder decision, DecisionReason reason, String failure, long ts,
                                   RiskParams params, MidStats stats, SymbolGuard guard) {
        boolean killDue = params.killRepeatMs() == 0 || guard.lastKillAt() == Long.MIN_VALUE
                || ts - guard.lastKillAt() >= params.killRepeatMs();
        if (!killDue) {
            Decisions.verdict(decision, Verdict.REJECT, reason, failure + " (kill sequence already sent for this symbol at "
                    + Instant.ofEpochMilli(guard.lastKillAt()) + "; risk.kill.repeat.ms=" + params.killRepeatMs() + ")");
            return new Evaluation(decision.build(), null, null, stats, guard);
        }
        Decisions.verdict(decision, Verdict.REJECT, reason, failure);
        RiskDecision built = decision.build();
        return new Evaluation(built, KillSequence.after(built, failure), null, stats, guard.killedAt(ts));
    }

    /** A non-PASS decision with its alert, unless that kind was already alerted in this episode. */
    static Evaluation episodeAlert(RiskDecision decision, AlertKind kind, MidStats stats, SymbolGuard guard) {
        if (guard.alerted(kind)) {
            return new Evaluation(decision, null, null, stats, guard);
        }
        return new Evaluation(decision, null, Alerts.about(decision, kind, decision.getDetail()), stats,
                guard.withAlerted(kind));
    }

    private static String format(double value) {
        return Measurements.of(value).stripTrailingZeros().toPlainString();
    }
}
