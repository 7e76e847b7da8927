package io.mmguard.router;

import static io.mmguard.core.testing.TestRecords.T0;
import static io.mmguard.core.testing.TestRecords.aPassDecision;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.time.Instant;

/** Named builders of the router's test inputs (the seed's BTCJPY around 17,159,268 yen). */
final class Records {

    static final String KEY = "test-control-key";

    private Records() {
    }

    /** PASS decision number {@code n} for BTCJPY at T0 + n ms (bid 17154978, ask 17163558, 0.001 each side). */
    static RiskDecision.Builder pass(int n) {
        return aPassDecision().setDecisionId("d-" + n).setQuoteId("q-" + n).setTs(T0.plusMillis(n));
    }

    /** PASS decision number {@code n} for {@code symbol}. */
    static RiskDecision.Builder pass(String symbol, int n) {
        return pass(n).setSymbol(symbol).setDecisionId("d-" + symbol + "-" + n);
    }

    /** A FREEZE decision (price jump) for BTCJPY. */
    static RiskDecision.Builder freeze(int n) {
        return pass(n).setVerdict(Verdict.FREEZE).setReason(DecisionReason.PRICE_JUMP).setDetail("z 7.2 > 5");
    }

    static ControlCommand.Builder command(String id, ControlType type) {
        return ControlCommand.newBuilder()
                .setId(id)
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setSymbol(null)
                .setParam(null)
                .setValue(null)
                .setReason("test: " + type)
                .setActor("alice@desk")
                .setIssuedAt(T0)
                .setSignature(null);
    }

    static ControlCommand.Builder kill(String id) {
        return command(id, ControlType.DISABLE_LIVE).setReason("bp_deviation");
    }

    static ControlCommand.Builder enable(String id) {
        return command(id, ControlType.ENABLE_LIVE);
    }

    static ControlCommand.Builder fraction(String id, String value) {
        return command(id, ControlType.SET_FRACTION).setValue(new BigDecimal(value));
    }

    static ControlCommand.Builder param(String id, String name, String value) {
        return command(id, ControlType.SET_PARAM).setParam(name).setValue(new BigDecimal(value));
    }

    static ControlCommand.Builder cancelAll(String id) {
        return command(id, ControlType.CANCEL_ALL);
    }

    /** {@code command} signed with {@link #KEY}. */
    static ControlCommand signed(ControlCommand.Builder command) {
        ControlCommand unsigned = command.build();
        unsigned.setSignature(ControlSigner.withKey(KEY).sign(unsigned));
        return unsigned;
    }

    /** An execution report for {@code orderId} of BTCJPY at T0 + {@code n} ms. */
    static ExecutionReport.Builder report(String reportId, String orderId, ExecType type, int n) {
        return ExecutionReport.newBuilder()
                .setReportId(reportId)
                .setOrderId(orderId)
                .setSymbol("BTCJPY")
                .setExecType(type)
                .setRequestTs(T0.plusMillis(n))
                .setTs(T0.plusMillis(n));
    }

    static ExecutionReport.Builder fill(String reportId, String orderId, Side side, String qty, String price, int n) {
        return report(reportId, orderId, ExecType.FILL, n).setSide(side).setLastQty(new BigDecimal(qty))
                .setLastPrice(new BigDecimal(price));
    }

    static ExecutionReport.Builder reject(String reportId, String orderId, int code, int n) {
        return report(reportId, orderId, ExecType.REJECT, n).setRejectCode(code).setRejectReason("code " + code);
    }

    static Instant at(int n) {
        return T0.plusMillis(n);
    }
}
