package io.mmguard.canary.slo;

/**
 * How many samples a window needs before its SLO can pass or fail. Below it the verdict is {@link Verdict#INSUFFICIENT}:
 * no promotion on thin evidence, and no rollback on one unlucky sample (the count-based triggers, 3 consecutive rejects and
 * any sanity failure, cover rare severe failures without a minimum).
 *
 * @param errBp     quotes for err_bp P99 (100: below it a P99 is just the maximum)
 * @param newOrders new orders for the 2xx share (200: 99.5% is not resolvable with fewer; one reject in 199 is already below)
 * @param cancels   cancel acks for the cancel P99 (100)
 * @param slippage  fills for slippage P95 (20: below it a P95 is just the maximum)
 */
public record MinSamples(int errBp, int newOrders, int cancels, int slippage) {

    public static final MinSamples SEED_DEFAULTS = new MinSamples(100, 200, 100, 20);
}
