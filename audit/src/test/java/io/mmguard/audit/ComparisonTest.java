package io.mmguard.audit;

import static io.mmguard.core.testing.TestRecords.T0;
import static io.mmguard.core.testing.TestRecords.aPassDecision;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.Verdict;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final Topics TOPICS = Topics.create(SchemaRegistries.fromUrl(""));
    private static final long TS = T0.toEpochMilli();

    private final Comparison comparison = new Comparison(TOPICS, TS - 1_000, TS + 1_000, 10);

    private static Rec recordedAt(String topic, long offset, SpecificRecord value) {
        byte[] bytes = topic.equals(TopicNames.DECISIONS)
                ? TOPICS.decisions().valueSerde().serializer().serialize(topic, (RiskDecision) value)
                : TOPICS.ordersLive().valueSerde().serializer().serialize(topic, (OrderCommand) value);
        return new Rec(topic, 1, offset, TS, "BTCJPY", bytes);
    }

    private void record(String topic, long offset, SpecificRecord value) {
        comparison.recorded(recordedAt(topic, offset, value), value);
    }

    private void derive(String topic, SpecificRecord value) {
        comparison.expect("risk-gate", new Derived(topic, "BTCJPY", value, TS), "mm.quotes-1@7");
    }

    private static OrderCommand anOrder(Route route) {
        return OrderCommand.newBuilder().setOrderId("o-d-q-1-B").setAction(OrderAction.NEW).setSymbol("BTCJPY").setRoute(route)
                .setRouteReason("test").setKillSwitchOn(false).setFraction(new BigDecimal("0.05")).setTs(T0)
                .setProvenance(Provenance.newBuilder().setInputTopic("mm.risk.decisions").setInputPartition(1).setInputOffset(3).build())
                .build();
    }

    @Test
    void aRecordDerivedExactlyAsRecordedIsIdentical() {
        record(TopicNames.DECISIONS, 40, aPassDecision().build());

        derive(TopicNames.DECISIONS, aPassDecision().build());
        comparison.finish();

        assertThat(comparison.counts().get(TopicNames.DECISIONS)).isEqualTo(new AuditResult.TopicCounts(1, 1, 0, 0, 0));
        assertThat(comparison.findingsTotal()).isZero();
    }

    @Test
    void aTamperedSecondCopyWithTheSameIdIsTheOneDifferenceNamedByItsOffset() {
        record(TopicNames.DECISIONS, 40, aPassDecision().build());
        record(TopicNames.DECISIONS, 95, aPassDecision().setVerdict(Verdict.FREEZE).build());

        derive(TopicNames.DECISIONS, aPassDecision().build());
        comparison.finish();

        assertThat(comparison.findingsTotal()).isEqualTo(1);
        AuditResult.Finding finding = comparison.findings().get(0);
        assertThat(finding.kind()).isEqualTo(AuditResult.Kind.DIFFERENT);
        assertThat(finding.partition()).isEqualTo(1);
        assertThat(finding.offset()).isEqualTo(95L);
        assertThat(finding.fields()).containsExactly(new AuditResult.FieldDiff("verdict", "FREEZE", "PASS"));
    }

    @Test
    void aDerivedRecordNobodyRecordedIsMissingAndARecordNobodyDerivedIsUnexpected() {
        record(TopicNames.DECISIONS, 41, aPassDecision().setDecisionId("d-forged").build());

        derive(TopicNames.DECISIONS, aPassDecision().build());
        comparison.finish();

        assertThat(comparison.counts().get(TopicNames.DECISIONS)).isEqualTo(new AuditResult.TopicCounts(1, 0, 0, 1, 1));
        assertThat(comparison.findings()).extracting(AuditResult.Finding::kind)
                .containsExactly(AuditResult.Kind.MISSING, AuditResult.Kind.UNEXPECTED);
        assertThat(comparison.findings().get(1).offset()).isEqualTo(41L);
    }

    @Test
    void anOrderRoutedTheOtherWayThanRecordedIsOneDifferenceInItsTopic() {
        record(TopicNames.ORDERS_SHADOW, 12, anOrder(Route.SHADOW));

        derive(TopicNames.ORDERS_LIVE, anOrder(Route.LIVE));
        comparison.finish();

        assertThat(comparison.findingsTotal()).isEqualTo(1);
        assertThat(comparison.findings().get(0).fields()).contains(
                new AuditResult.FieldDiff("(topic)", TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_LIVE),
                new AuditResult.FieldDiff("route", "SHADOW", "LIVE"));
    }

    @Test
    void recordsOutsideTheRangeOnlyRebuildStateAndAreNotCompared() {
        comparison.expect("risk-gate", new Derived(TopicNames.DECISIONS, "BTCJPY", aPassDecision().build(), TS - 5_000), "mm.quotes-1@1");
        comparison.finish();

        assertThat(comparison.counts().get(TopicNames.DECISIONS).checked()).isZero();
        assertThat(comparison.findings()).isEqualTo(List.of());
    }
}
