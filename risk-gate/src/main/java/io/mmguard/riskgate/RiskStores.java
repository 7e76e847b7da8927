package io.mmguard.riskgate;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The risk-gate's state stores. The per-symbol stores are persistent and changelogged, so the
 * statistics, freezes and recent quote ids survive a restart and follow a partition to another
 * instance. The two global stores are rebuilt from their topics on start.
 */
final class RiskStores {

    /** Per symbol: {@link MidStats} (EMA and variance of mid, sample count). */
    static final String EMA_SIGMA = "risk-ema-sigma-store";
    /** Per symbol: {@link SymbolGuard} (freeze-until, alert episode, last kill, last input seen). */
    static final String FREEZE = "risk-freeze-store";
    /** {@code <symbol>|<quote_id>} → offset first seen, kept {@code risk.duplicate.retention.ms} of record time. */
    static final String RECENT_QUOTE_IDS = "risk-recent-quote-ids-store";
    /** Task-0 bookkeeping: the last mm.control offset whose refusal was alerted. */
    static final String PARAM_ALERTS = "risk-param-alerts-store";
    /** Global, from mm.control: accepted risk params, their version, refusals. */
    static final String PARAMS = "risk-params-store";
    /** Global, from mm.ref.instruments: symbol → instrument version. */
    static final String INSTRUMENTS = "risk-instruments-store";

    private RiskStores() {
    }

    static StoreBuilder<KeyValueStore<String, MidStats>> emaSigma() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMA_SIGMA), Serdes.String(), StateSerdes.midStats())
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<String, SymbolGuard>> freeze() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FREEZE), Serdes.String(), StateSerdes.symbolGuard())
                .withCachingEnabled();
    }

    static StoreBuilder<WindowStore<String, Long>> recentQuoteIds(long retentionMs) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(RECENT_QUOTE_IDS, Duration.ofMillis(retentionMs),
                Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
    }

    static StoreBuilder<KeyValueStore<String, Long>> paramAlerts() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARAM_ALERTS), Serdes.String(), Serdes.Long());
    }

    static StoreBuilder<KeyValueStore<String, String>> params() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PARAMS), Serdes.String(), Serdes.String())
                .withLoggingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, Long>> instruments() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(INSTRUMENTS), Serdes.String(), Serdes.Long())
                .withLoggingDisabled();
    }
}
