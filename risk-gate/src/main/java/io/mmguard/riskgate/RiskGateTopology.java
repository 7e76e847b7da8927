package io.mmguard.riskgate;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.Verdict;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk-gate: one decision per quote; no quote disappears without one.
 *
 * <ul>
 *   <li>in: {@code mm.quotes}, key symbol, value {@link Quote}</li>
 *   <li>out: {@code mm.risk.decisions}, key symbol, value {@link RiskDecision} (PASS, FREEZE or REJECT with reason)</li>
 * </ul>
 */
public final class RiskGateTopology {

    private static final Logger LOG = LoggerFactory.getLogger(RiskGateTopology.class);

    private RiskGateTopology() {
    }

    /** The risk-gate's topology; pure: no I/O, no clients. */
    public static Topology build(Topics topics, RiskGateConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        SanityCheck sanity = new SanityCheck(config.maxBps(), config.common().configVersion());
        builder.stream(topics.quotes().name(), topics.quotes().consumed().withName("quotes-source"))
                .processValues(() -> new DecideProcessor(sanity), Named.as("decide"))
                .to(topics.decisions().name(), topics.decisions().produced().withName("decisions-sink"));
        return builder.build();
    }

    private static final class DecideProcessor extends ContextualFixedKeyProcessor<String, Quote, RiskDecision> {

        private final SanityCheck sanity;

        DecideProcessor(SanityCheck sanity) {
            this.sanity = sanity;
        }

        @Override
        public void process(FixedKeyRecord<String, Quote> record) {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            RiskDecision decision = sanity.decide(record.value(), source.topic(), source.partition(), source.offset(),
                    record.timestamp());
            if (decision.getVerdict() == Verdict.REJECT) {
                LOG.error("{} symbol={} quote={}: decision REJECT {}; no order will be made from this quote",
                        decision.getDetail(), decision.getSymbol(), decision.getQuoteId(), decision.getReason());
            }
            context().forward(record.withValue(decision));
        }
    }
}
