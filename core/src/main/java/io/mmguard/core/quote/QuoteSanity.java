package io.mmguard.core.quote;

import io.mmguard.core.units.Decimals;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The seed's pre-order guard ({@code quote_sanity_check}): a quote whose ask is not above its bid,
 * or whose implied spread exceeds {@code max(2 * cfg_bp, max_bp)}, must never become an order.
 */
public final class QuoteSanity {

    /** The seed's default ceiling on any implied spread, in bp. */
    public static final BigDecimal DEFAULT_MAX_BP = new BigDecimal("100");

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private QuoteSanity() {
    }

    /** Why a quote failed the guard. */
    public enum Failure { ASK_NOT_ABOVE_BID, IMPLIED_BP_TOO_WIDE }

    /** A failed check: which rule and the operator's one-line explanation (tagged {@code [QUOTE_SANITY_FAIL]}). */
    public record Violation(Failure failure, String message) {
    }

    /** Empty when the quote passes; otherwise the first rule it broke, in the seed's order. */
    public static Optional<Violation> check(BigDecimal mid, BigDecimal bid, BigDecimal ask, BigDecimal cfgBps, BigDecimal maxBps) {
        if (ask.compareTo(bid) <= 0) {
            return Optional.of(new Violation(Failure.ASK_NOT_ABOVE_BID,
                    "[QUOTE_SANITY_FAIL] ask<=bid mid=" + Decimals.plain(mid) + " bid=" + Decimals.plain(bid)
                            + " ask=" + Decimals.plain(ask)));
        }
        BigDecimal implied = QuoteMath.impliedBps(bid, ask, mid);
        BigDecimal limit = limitBps(cfgBps, maxBps);
        if (implied.compareTo(limit) > 0) {
            return Optional.of(new Violation(Failure.IMPLIED_BP_TOO_WIDE,
                    "[QUOTE_SANITY_FAIL] implied_bp=" + Decimals.plain(implied) + " > limit=" + Decimals.plain(limit)
                            + " (cfg=" + Decimals.plain(cfgBps) + ", max=" + Decimals.plain(maxBps) + ") mid="
                            + Decimals.plain(mid) + " bid=" + Decimals.plain(bid) + " ask=" + Decimals.plain(ask)));
        }
        return Optional.empty();
    }

    /** {@code max(2 * cfg_bp, max_bp)}. */
    public static BigDecimal limitBps(BigDecimal cfgBps, BigDecimal maxBps) {
        return cfgBps.multiply(TWO).max(maxBps);
    }
}
