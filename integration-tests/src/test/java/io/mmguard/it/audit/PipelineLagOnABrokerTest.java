package io.mmguard.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Route;
import io.mmguard.schemas.ShadowReason;
import io.mmguard.schemas.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lag guard on a real broker: the risk-gate is slowed down (it commits its decisions only every 1.5 s, so each becomes
 * readable up to 1.5 s after its book), the router therefore gets books older than {@code risk.stale.ms} and routes them
 * shadow with {@code PIPELINE_LAG} and alerts, while no live order leaves from a book older than the budget; and since
 * the router's wall-clock stamp is recorded on every order, the audit of the run re-derives every one of them: clean.
 */
@Tag("integration")
@Timeout(240)
class PipelineLagOnABrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long STALE_MS = 500;
    /** The slowed service: decisions committed (readable) only every 1.5 s. */
    private static final Map<String, Map<String, String>> SLOW_RISK_GATE = Map.of("risk-gate", Map.of("commit.interval.ms", "1500"));

    @TempDir
    Path stateDir;

    @Test
    void aSlowedRiskGateMakesTheRouterRouteShadowForPipelineLagAndTheRunStillAuditsClean() throws Exception {
        try (PipelineOnABroker pipeline = new PipelineOnABroker(stateDir, SLOW_RISK_GATE)) {
            pipeline.startServices();
            pipeline.startExchange(7);
            pipeline.startFeed(200, 7);
            Instant from;
            Instant to;
            try (RecordedTopic<RiskDecision> decisions = new RecordedTopic<>(pipeline.bootstrap(), TopicNames.DECISIONS,
                    pipeline.topics.decisions().valueSerde().deserializer());
                 RecordedTopic<OrderCommand> shadow = new RecordedTopic<>(pipeline.bootstrap(), TopicNames.ORDERS_SHADOW,
                         pipeline.topics.ordersShadow().valueSerde().deserializer());
                 RecordedTopic<Alert> alerts = new RecordedTopic<>(pipeline.bootstrap(), TopicNames.ALERTS,
                         pipeline.topics.alerts().valueSerde().deserializer())) {
                PipelineOnABroker.await(WAIT, "a PASS decision", () -> decisions.poll().size() + " decisions",
                        () -> decisions.poll().stream().anyMatch(r -> r.value().getVerdict() == Verdict.PASS));
                pipeline.operatorEnablesLive("1");
                PipelineOnABroker.await(WAIT, "20 shadow NEW orders routed for PIPELINE_LAG",
                        () -> lagged(shadow.poll()).size() + " so far", () -> lagged(shadow.poll()).size() >= 20);
                PipelineOnABroker.await(WAIT, "a PIPELINE_LAG alert from the order-router",
                        () -> alerts.poll().stream().map(r -> r.value().getKind()).distinct().toList().toString(),
                        () -> alerts.poll().stream().anyMatch(r -> r.value().getKind().equals("PIPELINE_LAG")));
                pipeline.stopFeed();
                pipeline.awaitDrained(Duration.ofSeconds(90));
                List<ConsumerRecord<String, BookUpdate>> books = RecordedTopic.readAll(pipeline.bootstrap(),
                        TopicNames.book(PipelineOnABroker.VENUE), pipeline.topics.books().valueSerde().deserializer());
                from = Instant.ofEpochMilli(books.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow());
                to = Instant.ofEpochMilli(books.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow());
            }

            List<OrderCommand> liveNew = RecordedTopic.readAll(pipeline.bootstrap(), TopicNames.ORDERS_LIVE,
                            pipeline.topics.ordersLive().valueSerde().deserializer()).stream().map(ConsumerRecord::value)
                    .filter(order -> order.getAction() == OrderAction.NEW).toList();
            assertThat(liveNew).as("no live order from a book older than risk.stale.ms at routing time (stamp - book time)")
                    .allSatisfy(order -> assertThat(order.getProvenance().getProcessedAt().toEpochMilli() - order.getTs().toEpochMilli())
                            .isLessThanOrEqualTo(STALE_MS));
            List<OrderCommand> lagged = lagged(RecordedTopic.readAll(pipeline.bootstrap(), TopicNames.ORDERS_SHADOW,
                    pipeline.topics.ordersShadow().valueSerde().deserializer()));
            assertThat(lagged).allSatisfy(order -> {
                assertThat(order.getRoute()).isEqualTo(Route.SHADOW);
                assertThat(order.getRouteReason()).startsWith("shadow: PIPELINE_LAG: book age ");
                assertThat(order.getProvenance().getProcessedAt().toEpochMilli() - order.getTs().toEpochMilli()).isPositive();
            });

            List<String> args = new ArrayList<>(List.of("--bootstrap", pipeline.bootstrap(), "--from", from.toString(), "--to",
                    to.toString(), "--json"));
            args.addAll(pipeline.auditSettings());
            AuditRun run = AuditRun.audit(pipeline.environment(), args);
            assertThat(run.exit()).as(run.describe()).isZero();
            JsonNode result = run.json();
            assertThat(result.get("findings_total").asLong()).as("findings: " + result.get("findings")).isZero();
            assertThat(result.get("topics").get(TopicNames.ORDERS_SHADOW).get("checked").asLong())
                    .as("the lagged shadow orders were re-derived from their recorded stamps").isGreaterThanOrEqualTo(lagged.size());
        }
    }

    private static List<OrderCommand> lagged(List<ConsumerRecord<String, OrderCommand>> records) {
        return records.stream().map(ConsumerRecord::value)
                .filter(order -> order.getAction() == OrderAction.NEW && order.getShadowReason() == ShadowReason.PIPELINE_LAG).toList();
    }
}
