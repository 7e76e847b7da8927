package io.mmguard.ops.bench;

import io.mmguard.core.topics.TopicNames;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/** The lag of the three services on the main path: quoter on the book topic, risk-gate on quotes and denials, router on decisions. */
final class PipelineLag {

    private final GroupLag quoter;
    private final GroupLag riskGate;
    private final GroupLag router;

    PipelineLag(Admin admin) {
        quoter = new GroupLag(admin, "mmguard-quoter", List.of(BenchMarket.BOOK_TOPIC));
        riskGate = new GroupLag(admin, "mmguard-risk-gate", List.of(TopicNames.QUOTES, TopicNames.QUOTES_DENIED));
        router = new GroupLag(admin, "mmguard-order-router", List.of(TopicNames.DECISIONS));
    }

    GroupLag router() {
        return router;
    }

    long total() {
        return quoter.total() + riskGate.total() + router.total();
    }

    boolean caughtUp() {
        return quoter.caughtUp() && riskGate.caughtUp() && router.caughtUp();
    }

    String describe() {
        return "lag quoter " + quoter.total() + ", risk-gate " + riskGate.total() + ", router " + router.total();
    }
}
