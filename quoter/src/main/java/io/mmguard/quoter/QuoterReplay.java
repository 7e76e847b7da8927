package io.mmguard.quoter;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Position;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The quoter's code run offline over recorded inputs (bin/mm audit): mm.control is folded into the
 * parameter store by the service's own {@link ParamsFolder}, and each book update becomes a quote or
 * a denial through the service's own {@link QuoteBuilder}. Nothing here reads a clock or a broker.
 *
 * <p>Coarse-tick alerts and log lines are not re-derived: the service sends them once per instrument
 * version per process lifetime, which depends on restarts, not on the inputs.
 */
public final class QuoterReplay {

    private final Topics topics;
    private final QuoteBuilder builder;
    private final ParamsFolder folder;
    private final MockProcessorContext<Void, Void> foldContext = new MockProcessorContext<>();
    private final KeyValueStore<String, String> params;

    public QuoterReplay(QuoterConfig config, Topics topics) {
        this.topics = topics;
        this.builder = new QuoteBuilder(config, io.mmguard.core.quote.QuoteCalculator::compute);
        this.params = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(QuoteParams.STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        params.init(foldContext.getStateStoreContext(), params);
        foldContext.addStateStore(params);
        this.folder = new ParamsFolder(config.signer());
        folder.init(foldContext);
    }

    /** Folds the mm.control record at {@code offset} into the parameters, as the service's global store does. */
    public void foldControl(String key, ControlCommand command, long offset, long timestamp) {
        foldContext.setRecordMetadata(topics.control().name(), 0, offset);
        folder.process(new Record<>(key, command, timestamp));
    }

    /**
     * The quote (to mm.quotes) or denial (to mm.quotes.denied) the quoter makes of {@code book}, read at topic-partition@offset;
     * {@code processedAt} is the wall-clock stamp recorded on what the quoter derived from it (null: none recorded);
     * {@code position} the mm.positions version it used (null: none).
     */
    public Derived derive(String key, BookUpdate book, Instrument instrument, String topic, int partition, long offset, long timestamp,
                          Long processedAt, Position position) {
        QuoteBuilder.Outcome outcome = builder.build(book, instrument, new QuoteBuilder.Source(topic, partition, offset, processedAt),
                params::get, position);
        return outcome.quote() != null
                ? new Derived(topics.quotes().name(), key, outcome.quote(), timestamp)
                : new Derived(topics.quotesDenied().name(), key, outcome.denial(), timestamp);
    }
}
