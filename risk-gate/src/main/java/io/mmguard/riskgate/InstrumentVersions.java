package io.mmguard.riskgate;

import io.mmguard.schemas.Instrument;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds mm.ref.instruments into the global {@value RiskStores#INSTRUMENTS} store: symbol →
 * instrument version (a tombstone removes the symbol). The risk-gate only needs to know that a
 * symbol has reference data; a change applies to the next decision, without a restart.
 */
final class InstrumentVersions extends ContextualProcessor<String, Instrument, Void, Void> {

    private KeyValueStore<String, Long> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(RiskStores.INSTRUMENTS);
    }

    @Override
    public void process(Record<String, Instrument> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value().getVersion());
        }
    }
}
