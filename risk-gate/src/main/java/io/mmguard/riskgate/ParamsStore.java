package io.mmguard.riskgate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The layout of the global {@value RiskStores#PARAMS} store that {@link ParamControl} folds
 * mm.control into, and the reads the decision processor makes from it:
 *
 * <ul>
 *   <li>{@code version} → 1 + mm.control offset of the last accepted risk SET_PARAM</li>
 *   <li>{@code param|<key>} → the accepted value (plain decimal)</li>
 *   <li>{@code refused|<offset, 19 digits>} → an encoded {@link ParamRefusal}</li>
 * </ul>
 *
 * <p>The thresholds are rebuilt only when {@code version} changes, so a decision costs one lookup.
 */
final class ParamsStore {

    static final String VERSION_KEY = "version";
    static final String PARAM_PREFIX = "param|";
    static final String REFUSED_PREFIX = "refused|";
    /** Key prefix of the ids of applied commands (a replayed id is never applied twice). */
    static final String APPLIED_PREFIX = "applied|";

    private final KeyValueStore<String, String> store;
    private final RiskParams fromConfig;
    private final long fileVersion;
    private RiskParams current;
    private long currentControlVersion = -1;

    ParamsStore(KeyValueStore<String, String> store, RiskParams fromConfig) {
        this.store = store;
        this.fromConfig = fromConfig;
        this.fileVersion = ParamsVersion.fileVersion(fromConfig.version());
        this.current = fromConfig;
    }

    /** The thresholds in force now: the config's, overlaid with every accepted SET_PARAM seen so far. */
    RiskParams current() {
        String version = store.get(VERSION_KEY);
        long controlVersion = version == null ? 0 : Long.parseLong(version);
        if (controlVersion != currentControlVersion) {
            Map<RiskParam, BigDecimal> values = new EnumMap<>(fromConfig.values());
            for (RiskParam param : RiskParam.values()) {
                String value = store.get(PARAM_PREFIX + param.key());
                if (value != null) {
                    values.put(param, new BigDecimal(value));
                }
            }
            current = RiskParams.of(values, ParamsVersion.of(fileVersion, controlVersion));
            currentControlVersion = controlVersion;
        }
        return current;
    }

    /** Refusals at mm.control offsets greater than {@code afterOffset}, in offset order. */
    List<ParamRefusal> refusalsAfter(long afterOffset) {
        List<ParamRefusal> refusals = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(refusedKey(afterOffset + 1), refusedKey(Long.MAX_VALUE))) {
            while (range.hasNext()) {
                KeyValue<String, String> entry = range.next();
                refusals.add(ParamRefusal.decode(entry.value));
            }
        }
        return refusals;
    }

    static String refusedKey(long offset) {
        return REFUSED_PREFIX + String.format("%019d", offset);
    }
}
