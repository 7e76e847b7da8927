package io.mmguard.riskgate;

import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.util.EnumSet;
import java.util.Set;

/**
 * The decision on a book update the quoter denied ({@code mm.quotes.denied}): every denial gets one,
 * with quote id = denial id.
 *
 * <ul>
 *   <li>the quote math failed the guard ({@code sanity_failure=true}, or a reason of the guard's own:
 *       {@code ASK_NOT_ABOVE_BID}, {@code IMPLIED_BP_TOO_WIDE}, {@code PATH_DISAGREEMENT}) → REJECT with that
 *       reason and the kill sequence; an unknown reason with {@code sanity_failure=true} → REJECT {@code UNKNOWN}
 *       with the kill sequence (fail closed)</li>
 *   <li>bad market input, no kill, one alert per episode: {@code CROSSED_BOOK}, {@code LOCKED_BOOK},
 *       {@code NON_POSITIVE_PRICE}, {@code NON_POSITIVE_SIZE} → FREEZE {@code BAD_BOOK}; {@code NO_INSTRUMENT},
 *       {@code BAD_INSTRUMENT} → FREEZE {@code NO_INSTRUMENT}; {@code TICK_TOO_COARSE} → FREEZE
 *       {@code TICK_TOO_COARSE}; {@code UNKNOWN} → FREEZE {@code UNKNOWN}</li>
 * </ul>
 */
final class DenialGate {

    /** Reasons that mean the quote math itself is wrong, whatever the flag says (stop first). */
    private static final Set<DenialReason> GUARD_REASONS = EnumSet.of(DenialReason.ASK_NOT_ABOVE_BID,
            DenialReason.IMPLIED_BP_TOO_WIDE, DenialReason.PATH_DISAGREEMENT);

    private DenialGate() {
    }

    /**
     * What the gate knows when a denial arrives.
     *
     * @param symbol the record key
     * @param denial the denial
     * @param ts     record time
     * @param processedAt wall-clock ms the gate read the denial (recorded on the decision)
     * @param source where the denial was read
     * @param params thresholds in force
     * @param stats  the symbol's statistics (unchanged by a denial)
     * @param guard  the symbol's guard state
     */
    record Input(String symbol, QuoteDenial denial, long ts, long processedAt, InputRef source, RiskParams params, MidStats stats,
                 SymbolGuard guard) {
    }

    static Evaluation evaluate(Input in) {
        QuoteDenial denial = in.denial();
        SymbolGuard guard = in.guard().seen(in.source().topic(), in.source().partition(), in.source().offset());
        RiskDecision.Builder decision = Decisions.forDenial(in.symbol(), denial, in.ts(), in.processedAt(), in.source(), in.params());
        DenialReason reason = denial.getReason() == null ? DenialReason.UNKNOWN : denial.getReason();
        String said = reason + (denial.getDetail() == null || denial.getDetail().isBlank() ? "" : ": " + denial.getDetail());

        if (denial.getSanityFailure() || GUARD_REASONS.contains(reason)) {
            return QuoteGate.sanityReject(decision, sanityReason(reason), "[QUOTE_SANITY_FAIL] the quoter denied its own"
                    + " quote: " + said, in.ts(), in.params(), in.stats(), guard);
        }
        DecisionReason freeze = freezeReason(reason);
        Decisions.verdict(decision, Verdict.FREEZE, freeze, "the quoter made no quote from this book update: " + said);
        return QuoteGate.episodeAlert(decision.build(), alertKind(freeze), in.stats(), guard);
    }

    static DecisionReason sanityReason(DenialReason reason) {
        return switch (reason) {
            case ASK_NOT_ABOVE_BID -> DecisionReason.ASK_NOT_ABOVE_BID;
            case IMPLIED_BP_TOO_WIDE -> DecisionReason.IMPLIED_BP_TOO_WIDE;
            case PATH_DISAGREEMENT -> DecisionReason.PATH_DISAGREEMENT;
            default -> DecisionReason.UNKNOWN;
        };
    }

    static DecisionReason freezeReason(DenialReason reason) {
        return switch (reason) {
            case CROSSED_BOOK, LOCKED_BOOK, NON_POSITIVE_PRICE, NON_POSITIVE_SIZE -> DecisionReason.BAD_BOOK;
            case NO_INSTRUMENT, BAD_INSTRUMENT -> DecisionReason.NO_INSTRUMENT;
            case TICK_TOO_COARSE -> DecisionReason.TICK_TOO_COARSE;
            default -> DecisionReason.UNKNOWN;
        };
    }

    private static AlertKind alertKind(DecisionReason freeze) {
        return switch (freeze) {
            case BAD_BOOK -> AlertKind.BAD_BOOK;
            case NO_INSTRUMENT -> AlertKind.NO_INSTRUMENT;
            case TICK_TOO_COARSE -> AlertKind.TICK_TOO_COARSE;
            default -> AlertKind.UNKNOWN_DENIAL;
        };
    }
}
