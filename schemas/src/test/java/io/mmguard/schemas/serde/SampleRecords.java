package io.mmguard.schemas.serde;

import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.DenialReason;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.OrderDenialReason;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.TradingState;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.ExecType;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Level;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuotePath;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Realistic instances of every record in io.mmguard.schemas, with decimals at many different scales. */
final class SampleRecords {
  private static final Instant EXCHANGE_TS = Instant.ofEpochMilli(1_764_079_200_123L);
  private static final Instant RECEIVE_TS = Instant.ofEpochMilli(1_764_079_200_131L);

  private SampleRecords() {}

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  /** Named samples; every generated record class has at least one, some a second with the optionals unset. */
  static Map<String, SpecificRecord> all() {
    Map<String, SpecificRecord> samples = new LinkedHashMap<>();
    samples.put("Level", level("4295.7", "12.3456"));
    samples.put("BookUpdate with depth", bookUpdate());
    samples.put("BookUpdate without depth", BookUpdate.newBuilder(bookUpdate()).setBids(List.of()).setAsks(List.of())
        .build());
    samples.put("Instrument", instrument());
    samples.put("Instrument without max notional", Instrument.newBuilder(instrument()).setMaxNotional(null).build());
    samples.put("Provenance", provenance());
    samples.put("Provenance with defaults", Provenance.newBuilder().setInputTopic("mm.md.book.sim")
        .setInputPartition(0).setInputOffset(0L).build());
    samples.put("Quote", quote());
    samples.put("RiskDecision", riskDecision());
    samples.put("RiskDecision without statistics", RiskDecision.newBuilder(riskDecision()).setL2AgeMs(null)
        .setZScore(null).setEma(null).setSigma(null).build());
    samples.put("ControlCommand SET_PARAM", controlCommand());
    samples.put("ControlCommand DISABLE_LIVE", ControlCommand.newBuilder().setId("ctl-0002")
        .setType(ControlType.DISABLE_LIVE).setScope(Scope.GLOBAL).setReason("kill switch from ops")
        .setActor("ops-cli").setIssuedAt(EXCHANGE_TS).build());
    samples.put("OrderCommand NEW", orderCommand());
    samples.put("OrderCommand CANCEL_ALL", OrderCommand.newBuilder().setOrderId("ord-cxl-1")
        .setAction(OrderAction.CANCEL_ALL).setSymbol("BTCJPY").setRoute(Route.SHADOW)
        .setRouteReason("kill switch on").setKillSwitchOn(true).setFraction(BigDecimal.ZERO).setTs(RECEIVE_TS)
        .setProvenance(provenance()).build());
    samples.put("ExecutionReport PARTIAL_FILL", executionReport());
    samples.put("Position", Position.newBuilder().setSymbol("ETHUSDT").setVersion(3).setNetQty(dec("-0.2"))
        .setMark(dec("4295.705")).setNetNotionalJpy(dec("-859.141")).setCashJpy(dec("859.012"))
        .setDailyPnlJpy(dec("-0.129")).setReportId("exe-1").setTs(RECEIVE_TS).setProvenance(provenance()).build());
    samples.put("ExecutionReport REJECT", ExecutionReport.newBuilder().setReportId("exe-2").setOrderId("ord-7")
        .setSymbol("ETHUSDT").setExecType(ExecType.REJECT).setRejectCode(-2010)
        .setRejectReason("Filter failure: PERCENT_PRICE_BY_SIDE").setRequestTs(EXCHANGE_TS).setTs(RECEIVE_TS)
        .build());
    samples.put("Alert", alert());
    samples.put("QuoteDenial sanity failure", QuoteDenial.newBuilder().setDenialId("qd-mm.md.book.sim-0-7")
        .setSymbol("BTCJPY").setVenue("sim").setBookSequence(7L).setBookTs(EXCHANGE_TS)
        .setReason(DenialReason.IMPLIED_BP_TOO_WIDE).setDetail("[QUOTE_SANITY_FAIL] implied_bp=5004.04 > limit=100")
        .setSanityFailure(true).setMid(dec("17159268")).setBid(dec("17152327")).setAsk(dec("25738901"))
        .setCfgTotalBp(dec("5")).setImpliedBp(dec("5004.044461570272")).setPath(QuotePath.BOTH)
        .setProvenance(provenance()).build());
    samples.put("QuoteDenial bad input", QuoteDenial.newBuilder().setDenialId("qd-mm.md.book.sim-0-8")
        .setSymbol("BTCJPY").setVenue("sim").setBookSequence(8L).setBookTs(EXCHANGE_TS)
        .setReason(DenialReason.CROSSED_BOOK).setDetail("bid 17159270 above ask 17159260").setSanityFailure(false)
        .setPath(QuotePath.REFERENCE).setProvenance(provenance()).build());
    samples.put("ControlState", ControlState.newBuilder().setVersion(3L).setTradingState(TradingState.ACTIVE)
        .setLiveEnabled(true).setFraction(dec("0.05")).setParams(java.util.Map.of("k_inv", "0.05"))
        .setHaltedSymbols(java.util.Map.of("ETHJPY", "-1013 PRICE_FILTER until 2026-11-25T00:01:00Z"))
        .setLastCommandId("ctl-0003").setLastCommandType(ControlType.SET_FRACTION).setLastActor("ops-cli")
        .setLastReason("canary 5%").setAt(RECEIVE_TS).build());
    samples.put("OrderDenial", OrderDenial.newBuilder().setOrderId("o-d-q-1-B").setSymbol("BTCJPY").setSide(Side.BUY)
        .setPrice(dec("17154978.5")).setQuantity(dec("0.001")).setReason(OrderDenialReason.PRICE_FILTER)
        .setDetail("price 17154978.5 is not a multiple of tick 1").setDecisionId("d-q-1").setTs(RECEIVE_TS)
        .setProvenance(provenance()).build());
    return samples;
  }

  static Level level(String price, String size) {
    return Level.newBuilder().setPrice(dec(price)).setSize(dec(size)).build();
  }

  static BookUpdate bookUpdate() {
    return BookUpdate.newBuilder()
        .setSymbol("BTCJPY").setVenue("sim").setSequence(9_812_345_678L)
        .setBidPrice(dec("17159268")).setBidSize(dec("0.0001"))
        .setAskPrice(dec("17159271.5")).setAskSize(dec("0.25"))
        .setBids(List.of(level("17159268", "0.0001"), level("17159267", "1.5"), level("17159000", "12.345678901234")))
        .setAsks(List.of(level("17159271.5", "0.25"), level("17159300", "3")))
        .setExchangeTs(EXCHANGE_TS).setReceiveTs(RECEIVE_TS)
        .build();
  }

  static Instrument instrument() {
    return Instrument.newBuilder()
        .setSymbol("ETHUSDT").setVenue("sim")
        .setTickSize(dec("0.01")).setLotStep(dec("0.0001")).setMinQty(dec("0.0001"))
        .setMinNotional(dec("5")).setMaxNotional(dec("9000000"))
        .setBidMultiplierUp(dec("1.05")).setBidMultiplierDown(dec("0.2"))
        .setAskMultiplierUp(dec("5")).setAskMultiplierDown(dec("0.95"))
        .setQuoteSize(dec("0.5")).setVersion(42L).setUpdatedAt(EXCHANGE_TS)
        .build();
  }

  static Provenance provenance() {
    return Provenance.newBuilder()
        .setInputTopic("mm.quotes").setInputPartition(3).setInputOffset(1_234_567L).setInputId("q-000017")
        .setControlVersion(7L).setConfigVersion(42L).setCodePath("quoter/fast@0.1.0")
        .build();
  }

  static Quote quote() {
    BigDecimal bid = dec("4295.06");
    BigDecimal ask = dec("4296.35");
    BigDecimal mid = bid.add(ask).divide(BigDecimal.valueOf(2));
    BigDecimal impliedBp = ask.subtract(bid).multiply(BigDecimal.valueOf(10_000)).divide(mid, 12, RoundingMode.HALF_EVEN);
    BigDecimal tickBp = dec("0.01").multiply(BigDecimal.valueOf(10_000)).divide(mid, 12, RoundingMode.HALF_EVEN);
    return Quote.newBuilder()
        .setQuoteId("q-000017").setSymbol("ETHUSDT").setVenue("sim").setBookSequence(9_812_345_678L)
        .setBookTs(EXCHANGE_TS).setMid(mid).setTick(dec("0.01"))
        .setCfgMarketBp(dec("2.5")).setCfgExtraBp(dec("0.5")).setCfgTotalBp(dec("3"))
        .setBid(bid).setAsk(ask).setBidSize(dec("0.5")).setAskSize(dec("0.5"))
        .setImpliedBp(impliedBp).setErrBp(impliedBp.subtract(dec("3")).abs()).setTickBp(tickBp)
        .setPath(QuotePath.BOTH).setProvenance(provenance())
        .build();
  }

  static RiskDecision riskDecision() {
    return RiskDecision.newBuilder()
        .setDecisionId("d-000017").setQuoteId("q-000017").setSymbol("ETHUSDT")
        .setVerdict(Verdict.FREEZE).setReason(DecisionReason.PRICE_JUMP)
        .setDetail("z-score -4.87 beyond 4.5").setTs(RECEIVE_TS)
        .setMid(dec("4295.705")).setBid(dec("4295.06")).setAsk(dec("4296.35"))
        .setBidSize(dec("0.5")).setAskSize(dec("0.5")).setCfgBp(dec("3"))
        .setImpliedBp(dec("3.002999973229")).setErrBp(dec("0.002999973229"))
        .setL2AgeMs(37L).setZScore(dec("-4.870000000001")).setEma(dec("4301.2")).setSigma(dec("1.129"))
        .setProvenance(provenance())
        .build();
  }

  static ControlCommand controlCommand() {
    return ControlCommand.newBuilder()
        .setId("ctl-0001").setType(ControlType.SET_PARAM).setScope(Scope.SYMBOL).setSymbol("ETHUSDT")
        .setParam("extra_bps").setValue(dec("0.75")).setReason("widen during CPI release").setActor("alice")
        .setIssuedAt(EXCHANGE_TS).setSignature("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setProvenance(provenance())
        .build();
  }

  static OrderCommand orderCommand() {
    return OrderCommand.newBuilder()
        .setOrderId("ord-000017-b").setAction(OrderAction.NEW).setSymbol("ETHUSDT").setSide(Side.BUY)
        .setPrice(dec("4295.06")).setQuantity(dec("0.5")).setRoute(Route.LIVE)
        .setRouteReason("fraction 0.1, sample 0.073421 < 0.1").setKillSwitchOn(false)
        .setFraction(dec("0.1")).setSample(dec("0.073421")).setDecisionId("d-000017").setQuoteId("q-000017")
        .setMidRef(dec("4295.705")).setTs(RECEIVE_TS).setProvenance(provenance())
        .build();
  }

  static ExecutionReport executionReport() {
    return ExecutionReport.newBuilder()
        .setReportId("exe-1").setOrderId("ord-000017-b").setSymbol("ETHUSDT").setSide(Side.BUY)
        .setExecType(ExecType.PARTIAL_FILL).setOrderPrice(dec("4295.06")).setLastQty(dec("0.2"))
        .setLastPrice(dec("4295.06")).setCumQty(dec("0.2")).setQuoteRefPrice(dec("4295.06"))
        .setMidRef(dec("4295.705")).setRequestTs(EXCHANGE_TS).setAckTs(RECEIVE_TS).setTs(RECEIVE_TS)
        .build();
  }

  static Alert alert() {
    return Alert.newBuilder()
        .setAlertId("al-1").setSeverity(Severity.CRIT).setKind("QUOTE_SANITY_FAIL").setSymbol("ETHUSDT")
        .setMessage("implied spread 31.2 bp exceeds 3 bp + 5 bp tolerance")
        .setDetails(Map.of("implied_bp", "31.2", "cfg_bp", "3", "quote_id", "q-000017"))
        .setTs(RECEIVE_TS).setProvenance(provenance())
        .build();
  }
}
