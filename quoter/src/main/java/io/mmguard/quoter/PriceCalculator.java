package io.mmguard.quoter;

import io.mmguard.core.quote.QuoteCalculator;
import io.mmguard.core.quote.QuoteMath;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;

/** Bid and ask for a book: {@link QuoteCalculator#compute} in production; a seam for fault-injection tests. */
@FunctionalInterface
interface PriceCalculator {

    QuoteCalculator.Result compute(BigDecimal mid, BigDecimal totalBps, BigDecimal tick, QuoteMath.Skew skew, QuotePath path);
}
