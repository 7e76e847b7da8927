package io.mmguard.canary.observe;

import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;

/**
 * What the controller needs from one input record, reduced to a few fields so that every input can travel to the single
 * controller task through one small internal topic. Its record timestamp is the input's.
 */
public sealed interface Observation {

    /** The recorded input this came from. */
    Source source();

    /** A quote's err_bp, and its mid (marks positions for PnL). */
    record QuoteSample(Source source, String symbol, BigDecimal errBp, BigDecimal mid) implements Observation {
    }

    /** A sanity failure: a REJECT with a sanity reason from the risk-gate, or a quote denial with sanity_failure=true. */
    record SanityFailure(Source source, String symbol, String what) implements Observation {
    }

    /** A live new order's outcome: ACK (2xx) or REJECT with its exchange code. */
    record NewOrderResult(Source source, String symbol, boolean accepted, Integer code, String reason) implements Observation {
    }

    /** A live cancel's ack latency ({@code ack_ts - request_ts}). */
    record CancelAck(Source source, String symbol, long latencyMs) implements Observation {
    }

    /** A live (partial) fill; quote reference price and mid may be null (no slippage sample then). */
    record Fill(Source source, String symbol, Side side, BigDecimal quantity, BigDecimal price, BigDecimal quoteRefPrice,
                BigDecimal midRef) implements Observation {
    }

    /** The control state the router enforces (kill, fraction, k_inv), with who changed it last. */
    record ControlChange(Source source, long version, boolean liveEnabled, TradingState tradingState, BigDecimal fraction,
                         BigDecimal kInv, String lastActor, String lastCommandId, String lastCommandType, String lastReason)
            implements Observation {
    }

    /** A CRIT alert from another service: an incident (the promotion hold starts again). */
    record Incident(Source source, String kind, String symbol, String message) implements Observation {
    }

    /** A recorded wall-clock tick: advances stream time while the inputs are quiet. */
    record Tick(Source source, long wallClockMs) implements Observation {
    }
}
