package io.mmguard.router.control;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The folded control log, in the global store {@value #STORE}: the version in force, the recent
 * states and the commands that made them (so a stream task that was busy can still see a cancel-all it
 * missed between two looks), refusals waiting to be published as alerts, the ids already applied, and
 * the symbol halts.
 *
 * <p>Only the global fold writes it ({@link ControlFoldProcessor}); stream tasks read it. Writes put the
 * version key last, so a reader that sees version {@code v} finds everything up to {@code v}.
 *
 * <p>The store is in memory and rebuilt from {@code mm.control} (offset 0, through the fold) at every
 * start: the state is a pure function of the log, the config's initial state and the signing key.
 */
public final class ControlLedger {

    /** Name of the global store. */
    public static final String STORE = "control-ledger";
    /** How many recent versions (state + command) and refusals are kept. */
    public static final int RETAINED = 1024;

    private static final String VERSION = "version";
    private static final String STATE = "state/";
    private static final String COMMAND = "command/";
    private static final String REFUSALS = "refusals";
    private static final String REFUSAL = "refusal/";
    private static final String SEEN = "id/";
    private static final String HALT = "halt/";
    private static final byte[] PRESENT = {1};

    private final KeyValueStore<String, byte[]> store;
    private final Topics topics;
    private final Serializer<ControlState> stateSerializer;
    private final Deserializer<ControlState> stateDeserializer;
    private final Serializer<ControlCommand> commandSerializer;
    private final Deserializer<ControlCommand> commandDeserializer;
    private final Serializer<Alert> alertSerializer;
    private final Deserializer<Alert> alertDeserializer;

    public ControlLedger(KeyValueStore<String, byte[]> store, Topics topics) {
        this.store = store;
        this.topics = topics;
        this.stateSerializer = topics.controlState().valueSerde().serializer();
        this.stateDeserializer = topics.controlState().valueSerde().deserializer();
        this.commandSerializer = topics.control().valueSerde().serializer();
        this.commandDeserializer = topics.control().valueSerde().deserializer();
        this.alertSerializer = topics.alerts().valueSerde().serializer();
        this.alertDeserializer = topics.alerts().valueSerde().deserializer();
    }

    /** The in-memory global store (global stores keep no changelog: {@code mm.control} is their log). */
    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /** The version in force, or -1 when the ledger holds no state (fail closed). */
    public long version() {
        byte[] bytes = store.get(VERSION);
        return bytes == null ? -1 : ByteBuffer.wrap(bytes).getLong();
    }

    /** The oldest version whose state and command are still kept. */
    public long oldestRetained() {
        return Math.max(0, version() - RETAINED + 1);
    }

    /** The state of version {@code version}, if kept. */
    public Optional<ControlState> state(long version) {
        byte[] bytes = store.get(STATE + padded(version));
        return bytes == null ? Optional.empty() : Optional.of(stateDeserializer.deserialize(topics.controlState().name(), bytes));
    }

    /** The command that made version {@code version}, if kept (none for version 0). */
    public Optional<ControlCommand> command(long version) {
        byte[] bytes = store.get(COMMAND + padded(version));
        return bytes == null ? Optional.empty() : Optional.of(commandDeserializer.deserialize(topics.control().name(), bytes));
    }

    /** The state in force, or empty when none can be read. */
    public Optional<ControlState> current() {
        long version = version();
        return version < 0 ? Optional.empty() : state(version);
    }

    /**
     * The view of the version in force; {@code cached} itself when the version did not change, and
     * {@link ControlView#failClosed()} when no state can be read.
     */
    public ControlView view(ControlView cached) {
        long version = version();
        if (cached != null && cached.version() == version && version >= 0) {
            return cached;
        }
        Optional<ControlState> state = version < 0 ? Optional.empty() : state(version);
        return state.map(s -> new ControlView(version, s, halts())).orElse(ControlView.failClosed());
    }

    /** Symbol halts in force: symbol -> until (epoch ms). */
    public Map<String, Long> halts() {
        Map<String, Long> halts = new HashMap<>();
        try (KeyValueIterator<String, byte[]> entries = store.prefixScan(HALT, new StringSerializer())) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                halts.put(entry.key.substring(HALT.length()), ByteBuffer.wrap(entry.value).getLong());
            }
        }
        return halts;
    }

    /** True when a command with {@code id} was already accepted. */
    public boolean seen(String id) {
        return store.get(SEEN + id) != null;
    }

    /** How many refusals were ever recorded (the next refusal's sequence number). */
    public long refusalCount() {
        byte[] bytes = store.get(REFUSALS);
        return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    /** The oldest refusal sequence number still kept. */
    public long oldestRetainedRefusal() {
        return Math.max(0, refusalCount() - RETAINED);
    }

    /** The alert of refusal {@code sequence}, if kept. */
    public Optional<Alert> refusal(long sequence) {
        byte[] bytes = store.get(REFUSAL + padded(sequence));
        return bytes == null ? Optional.empty() : Optional.of(alertDeserializer.deserialize(topics.alerts().name(), bytes));
    }

    /** Writes version 0 when the ledger is empty. */
    void initializeIfEmpty(ControlState initial) {
        if (store.get(VERSION) == null) {
            store.put(STATE + padded(0), stateSerializer.serialize(topics.controlState().name(), initial));
            store.put(VERSION, longBytes(0));
        }
    }

    /** Records an accepted command and the state it made; the version key is written last. */
    void accept(ControlState state, Map<String, Long> halts, ControlCommand command) {
        long version = state.getVersion();
        store.put(STATE + padded(version), stateSerializer.serialize(topics.controlState().name(), state));
        store.put(COMMAND + padded(version), commandSerializer.serialize(topics.control().name(), command));
        store.put(SEEN + command.getId(), PRESENT);
        Map<String, Long> old = halts();
        old.keySet().stream().filter(symbol -> !halts.containsKey(symbol)).toList().forEach(symbol -> store.delete(HALT + symbol));
        halts.forEach((symbol, until) -> store.put(HALT + symbol, longBytes(until)));
        long dropped = version - RETAINED;
        if (dropped >= 0) {
            store.delete(STATE + padded(dropped));
            store.delete(COMMAND + padded(dropped));
        }
        store.put(VERSION, longBytes(version));
    }

    /** Records a refusal alert to be published. */
    void refuse(Alert alert) {
        long sequence = refusalCount();
        store.put(REFUSAL + padded(sequence), alertSerializer.serialize(topics.alerts().name(), alert));
        if (sequence - RETAINED >= 0) {
            store.delete(REFUSAL + padded(sequence - RETAINED));
        }
        store.put(REFUSALS, longBytes(sequence + 1));
    }

    private static String padded(long number) {
        return String.format("%020d", number);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
