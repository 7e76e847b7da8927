package io.mmguard.canary.slo;

/** The seed's Go/No-Go measurements, named as in reasons, alert details, status and the {@code slo} metric label. */
public enum SloKind {
    /** Quote quality: P99 of err_bp over the window, must be &le; 0.10 bp (rollback when above). */
    ERR_BP_P99("err_bp_p99", true),
    /** newOrder 2xx share over the window, must be &gt; 99.5% (rollback at or below). */
    NEW_ORDER_2XX("new_order_2xx", true),
    /** Cancel ack latency P99 over the window, must be &lt; 250 ms (rollback at or above). */
    CANCEL_P99("cancel_p99_ms", true),
    /** Slippage P95 over the window (worst side), must be &le; 0.50 bp: a Go/No-Go gate and the k_inv step-back trigger. */
    SLIPPAGE_P95("slippage_p95_bp", false),
    /** Today's PnL (realised from fills, marked to mid), must stay above -MAX_DAILY_LOSS_JPY (rollback at or below). */
    DAILY_PNL("daily_pnl_jpy", true);

    private final String label;
    private final boolean rollsBack;

    SloKind(String label, boolean rollsBack) {
        this.label = label;
        this.rollsBack = rollsBack;
    }

    /** The snake_case name used everywhere outside the code. */
    public String label() {
        return label;
    }

    /** True when a failure of this SLO is one of the seed's rollback triggers (slippage is not: it blocks promotion). */
    public boolean rollsBack() {
        return rollsBack;
    }
}
