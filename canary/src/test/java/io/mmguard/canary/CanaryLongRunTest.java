package io.mmguard.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mmguard.canary.observe.Observation;
import io.mmguard.core.topics.Topic;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller over {@link LongRun}. Its outputs are pinned in {@value #GOLDEN}: every command, alert and tick in full,
 * and every status the status store held (a digest each, the full JSON of every 100th and the last). A change to what the
 * controller decides, writes or reads off its windows is a visible diff; regenerate with {@code -Dmm.golden.update=true}
 * only for an intended change, and review it. The observations the task processed are then replayed into the processor
 * alone, straight through and with restarts from a copy of its store, which must not change a single output.
 */
class CanaryLongRunTest {

    private static final String GOLDEN = "canary-long-run.txt";
    private static final int RESTARTS = 12;
    private static final Topic<String, ControlCommand> CONTROL = Topics.create(SchemaRegistries.fromUrl("")).control();

    private static LongRun.Transcript transcript;

    @BeforeAll
    static void run() {
        transcript = LongRun.run();
    }

    @Test
    void aLongMixedRunWritesExactlyThePinnedCommandsAlertsTicksAndStatuses() throws IOException {

        List<String> lines = new ArrayList<>(transcript.outputLines());
        List<String> statuses = transcript.statuses();
        for (int i = 0; i < statuses.size(); i++) {
            lines.add("status " + i + " " + digest(statuses.get(i)));
            if (i % 100 == 0 || i == statuses.size() - 1) {
                lines.add("status " + i + " " + statuses.get(i));
            }
        }
        String actual = String.join("\n", lines) + "\n";

        Path golden = Path.of("src", "test", "resources", GOLDEN);
        if (Boolean.getBoolean("mm.golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file %s is missing; create it with -Dmm.golden.update=true", golden).exists();
        assertThat(transcript.commands()).as("the run exercises promotions, a step back and every rollback").hasSizeGreaterThan(20);
        assertThat(actual).as("the controller's outputs differ from %s", golden).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void replayingTheObservationsIntoTheProcessorWritesTheSameCommandsAlertsAndStatus() {
        ProcessorRun replay = new ProcessorRun(Map.of(), Map.of());
        transcript.observations().forEach(replay::feed);

        for (String kind : List.of("command ", "alert ")) {
            assertThat(replay.outputs.stream().filter(line -> line.startsWith(kind)).toList()).as(kind)
                    .isEqualTo(transcript.outputLines().stream().filter(line -> line.startsWith(kind)).toList());
        }
        assertThat(replay.statusContents()).as("the final status").containsEntry(CanaryTopology.STATUS_KEY,
                transcript.statuses().get(transcript.statuses().size() - 1));
    }

    @Test
    void aControllerRestoredFromItsStoreAfterAnyRecordContinuesExactlyAsTheOneThatKeptRunning() {
        // Given the uninterrupted run, with a copy of both stores taken at restart points spread over it, each just before a
        // record older than stream time (the reports trail the quotes), where a restored clock matters
        List<TestRecord<String, Observation>> observations = transcript.observations();
        int step = observations.size() / (RESTARTS + 1);
        ProcessorRun running = new ProcessorRun(Map.of(), Map.of());
        List<Restart> restarts = new ArrayList<>();
        long streamTime = Long.MIN_VALUE;
        for (int i = 0; i < observations.size(); i++) {
            running.feed(observations.get(i));
            streamTime = Math.max(streamTime, observations.get(i).timestamp());
            boolean nextIsBehind = i + 1 < observations.size() && observations.get(i + 1).timestamp() < streamTime;
            if (restarts.size() < RESTARTS && i >= (restarts.size() + 1) * step && nextIsBehind) {
                restarts.add(new Restart(i + 1, running.outputs.size(), running.stateContents(), running.statusContents()));
            }
        }
        assertThat(restarts).hasSize(RESTARTS);

        for (Restart restart : restarts) {
            // When a new processor restores the copy (what the changelog holds after a commit there) and takes the rest
            ProcessorRun restored = new ProcessorRun(restart.state, restart.status);
            observations.subList(restart.next, observations.size()).forEach(restored::feed);

            // Then it writes every command, alert and status the running one wrote from there on, and ends in the same state
            assertThat(restored.outputs).as("outputs after a restart at record %d", restart.next)
                    .isEqualTo(running.outputs.subList(restart.outputsBefore, running.outputs.size()));
            assertThat(restored.stateContents()).as("store after a restart at record %d", restart.next)
                    .isEqualTo(running.stateContents());
            assertThat(restored.statusContents()).isEqualTo(running.statusContents());
        }
    }

    /** A restart point: the next record's index, the outputs written before it, and the stores' contents (hex values). */
    private record Restart(int next, int outputsBefore, Map<String, String> state, Map<String, String> status) {
    }

    /** The controller's processor alone with in-memory stores; records every output and every change of the status. */
    private static final class ProcessorRun {

        private final MockProcessorContext<String, CanaryOutput> context = new MockProcessorContext<>();
        private final KeyValueStore<String, byte[]> state = store(CanaryTopology.STATE_STORE, Serdes.ByteArray());
        private final KeyValueStore<String, String> status = store(CanaryTopology.STATUS_STORE, Serdes.String());
        private final CanaryProcessor processor;
        private final List<String> outputs = new ArrayList<>();
        private String lastStatus;

        ProcessorRun(Map<String, String> stateCopy, Map<String, String> statusCopy) {
            context.setCurrentSystemTimeMs(CanaryDriver.T0.toEpochMilli());
            for (KeyValueStore<String, ?> store : List.of(state, status)) {
                store.init(context.getStateStoreContext(), store);
                context.addStateStore(store);
            }
            stateCopy.forEach((key, hex) -> state.put(key, HexFormat.of().parseHex(hex)));
            statusCopy.forEach(status::put);
            lastStatus = status.get(CanaryTopology.STATUS_KEY);
            CanaryConfig config = CanaryDriver.config(LongRun.CONFIG);
            processor = new CanaryProcessor(config, new CanaryMetrics(new SimpleMeterRegistry(), config.slo()));
            processor.init(context);
        }

        void feed(TestRecord<String, Observation> record) {
            processor.process(new Record<>(record.key(), record.value(), record.timestamp()));
            for (MockProcessorContext.CapturedForward<? extends String, ? extends CanaryOutput> forward : context.forwarded()) {
                CanaryOutput output = forward.record().value();
                if (output instanceof CanaryOutput.Command command) {
                    // as written to mm.control (the decimal's scale is the schema's)
                    byte[] bytes = CONTROL.valueSerde().serializer().serialize(CONTROL.name(), command.command());
                    outputs.add("command " + CONTROL.valueSerde().deserializer().deserialize(CONTROL.name(), bytes));
                } else if (output instanceof CanaryOutput.Notice notice) {
                    Alert alert = notice.alert();
                    outputs.add("alert " + Alert.newBuilder(alert).setDetails(new TreeMap<>(alert.getDetails())).build());
                }
            }
            context.resetForwards();
            String now = status.get(CanaryTopology.STATUS_KEY);
            if (now != null && !now.equals(lastStatus)) {
                outputs.add("status " + now);
                lastStatus = now;
            }
        }

        Map<String, String> stateContents() {
            Map<String, String> copy = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> all = state.all()) {
                all.forEachRemaining((KeyValue<String, byte[]> entry) -> copy.put(entry.key, HexFormat.of().formatHex(entry.value)));
            }
            return copy;
        }

        Map<String, String> statusContents() {
            Map<String, String> copy = new TreeMap<>();
            try (KeyValueIterator<String, String> all = status.all()) {
                all.forEachRemaining((KeyValue<String, String> entry) -> copy.put(entry.key, entry.value));
            }
            return copy;
        }

        private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
            return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withLoggingDisabled().build();
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
