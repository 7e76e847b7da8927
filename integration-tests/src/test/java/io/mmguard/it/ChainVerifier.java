package io.mmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.DecisionReason;
import io.mmguard.schemas.OrderAction;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An independent read_committed reader of the whole chain (books, quotes and denials, decisions, orders live and shadow,
 * order denials) that checks it is exactly-once: every book one quote or denial, every quote and denial one decision
 * (FEED_SILENT freezes excluded: a wall-clock punctuator writes them, not a quote), every PASS one routing outcome per
 * side, no order id twice. It also keeps the lag at the risk-gate and the age of the book behind each live order.
 */
final class ChainVerifier implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> books = new HashSet<>();
    private final Map<String, Integer> outcomesPerBook = new HashMap<>();
    private final Set<String> quoteIds = new HashSet<>();
    private final Map<String, Integer> decisionsPerQuote = new HashMap<>();
    private final Set<String> passes = new HashSet<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    /** Per decision: the risk-gate's read stamp minus the book record's timestamp (the pipeline's lag at the gate). */
    private final List<Long> gateLagMs = new ArrayList<>();
    private final Map<String, Integer> routingPerPassAndSide = new HashMap<>();
    private final Map<String, Integer> newOrderIds = new HashMap<>();
    /** Per live NEW order: the router's read stamp minus the book record's timestamp (how old its book was). */
    private final List<Long> liveBookAgeMs = new ArrayList<>();
    private final int expectedBooks;
    private final Deserializer<Quote> quotes;
    private final Deserializer<QuoteDenial> denials;
    private final Deserializer<RiskDecision> decisions;
    private final Deserializer<OrderCommand> orders;
    private final Deserializer<OrderDenial> orderDenials;

    /** Reads from the beginning of the chain's topics on {@code bootstrap}; {@code expectedBooks} were published. */
    ChainVerifier(String bootstrap, Topics topics, int expectedBooks) {
        this.expectedBooks = expectedBooks;
        this.quotes = topics.quotes().valueSerde().deserializer();
        this.denials = topics.quotesDenied().valueSerde().deserializer();
        this.decisions = topics.decisions().valueSerde().deserializer();
        this.orders = topics.ordersLive().valueSerde().deserializer();
        this.orderDenials = topics.ordersDenied().valueSerde().deserializer();
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(TopicNames.book("sim"), TopicNames.QUOTES, TopicNames.QUOTES_DENIED, TopicNames.DECISIONS,
                TopicNames.ORDERS_LIVE, TopicNames.ORDERS_SHADOW, TopicNames.ORDERS_DENIED)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what is there; true once every book, quote and PASS has its outcome. */
    boolean complete() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            accept(record);
        }
        return books.size() == expectedBooks && books.stream().allMatch(outcomesPerBook::containsKey)
                && quoteIds.stream().allMatch(decisionsPerQuote::containsKey)
                && passes.stream().allMatch(p -> routingPerPassAndSide.containsKey(p + "/BUY")
                        && routingPerPassAndSide.containsKey(p + "/SELL"));
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        if (topic.equals(TopicNames.book("sim"))) {
            books.add(topic + "-" + record.partition() + "@" + record.offset());
        } else if (topic.equals(TopicNames.QUOTES)) {
            Quote quote = quotes.deserialize(topic, record.headers(), record.value());
            outcomesPerBook.merge(source(quote.getProvenance()), 1, Integer::sum);
            quoteIds.add(quote.getQuoteId());
        } else if (topic.equals(TopicNames.QUOTES_DENIED)) {
            QuoteDenial denial = denials.deserialize(topic, record.headers(), record.value());
            outcomesPerBook.merge(source(denial.getProvenance()), 1, Integer::sum);
            quoteIds.add(denial.getDenialId());
        } else if (topic.equals(TopicNames.DECISIONS)) {
            RiskDecision decision = decisions.deserialize(topic, record.headers(), record.value());
            reasons.merge(decision.getVerdict() + " " + decision.getReason(), 1, Integer::sum);
            if (decision.getProvenance().getProcessedAt() != null) {
                gateLagMs.add(decision.getProvenance().getProcessedAt().toEpochMilli() - record.timestamp());
            }
            if (decision.getReason() != DecisionReason.FEED_SILENT) { // a wall-clock freeze, not derived from a quote
                decisionsPerQuote.merge(decision.getQuoteId(), 1, Integer::sum);
                if (decision.getVerdict() == Verdict.PASS) {
                    passes.add(decision.getDecisionId());
                }
            }
        } else if (topic.equals(TopicNames.ORDERS_DENIED)) {
            OrderDenial denial = orderDenials.deserialize(topic, record.headers(), record.value());
            if (denial.getDecisionId() != null && denial.getSide() != null) {
                routingPerPassAndSide.merge(denial.getDecisionId() + "/" + denial.getSide(), 1, Integer::sum);
            }
        } else {
            OrderCommand order = orders.deserialize(topic, record.headers(), record.value());
            if (order.getAction() == OrderAction.NEW) {
                newOrderIds.merge(order.getOrderId(), 1, Integer::sum);
                if (topic.equals(TopicNames.ORDERS_LIVE) && order.getProvenance().getProcessedAt() != null) {
                    liveBookAgeMs.add(order.getProvenance().getProcessedAt().toEpochMilli() - record.timestamp());
                }
                if (order.getDecisionId() != null) {
                    routingPerPassAndSide.merge(order.getDecisionId() + "/" + order.getSide(), 1, Integer::sum);
                }
            }
        }
    }

    void assertExactlyOnce() {
        assertThat(books).as("books published").hasSize(expectedBooks);
        assertThat(more(outcomesPerBook)).as("books with more than one quote or denial").isEmpty();
        assertThat(more(decisionsPerQuote)).as("quotes or denials with more than one decision").isEmpty();
        assertThat(decisionsPerQuote.keySet()).as("decisions of quotes that do not exist").isSubsetOf(quoteIds);
        assertThat(more(routingPerPassAndSide)).as("PASS decisions routed more than once on a side").isEmpty();
        assertThat(more(newOrderIds)).as("order ids written twice").isEmpty();
        assertThat(passes).as("PASS decisions (the risk-gate warmed up and routed); decisions by verdict and reason: "
                + reasons).isNotEmpty();
    }

    @Override
    public void close() {
        consumer.close();
    }

    String summary() {
        long booksDone = books.stream().filter(outcomesPerBook::containsKey).count();
        long quotesDone = quoteIds.stream().filter(decisionsPerQuote::containsKey).count();
        long passesDone = passes.stream().filter(p -> routingPerPassAndSide.containsKey(p + "/BUY")
                && routingPerPassAndSide.containsKey(p + "/SELL")).count();
        return "books " + books.size() + "/" + expectedBooks + ", quoted or denied " + booksDone + ", decided " + quotesDone + "/"
                + quoteIds.size() + ", routed " + passesDone + "/" + passes.size() + "; decisions " + reasons + "; " + lag();
    }

    /** Live NEW orders read so far. */
    int liveOrders() {
        return liveBookAgeMs.size();
    }

    /** The oldest book a live order was routed from (ms at the router's read), or -1 without live orders. */
    long oldestLiveBookMs() {
        return liveBookAgeMs.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** p50 / p99 / max of the lag at the risk-gate, in ms. */
    String lag() {
        List<Long> sorted = gateLagMs.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "no lag measured";
        }
        return "book -> risk-gate lag p50 " + sorted.get(sorted.size() / 2) + " ms, p99 "
                + sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99))) + " ms, max "
                + sorted.get(sorted.size() - 1) + " ms over " + sorted.size() + " decisions";
    }

    private String source(Provenance provenance) {
        return provenance.getInputTopic() + "-" + provenance.getInputPartition() + "@" + provenance.getInputOffset();
    }

    private Map<String, Integer> more(Map<String, Integer> counts) {
        Map<String, Integer> repeated = new TreeMap<>();
        counts.forEach((key, count) -> {
            if (count > 1) {
                repeated.put(key, count);
            }
        });
        return repeated.size() > 20 ? repeated.entrySet().stream().limit(20)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)) : repeated;
    }
}
