package io.mmguard.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.canary.control.CanaryController;
import io.mmguard.canary.control.Status;
import io.mmguard.canary.observe.Observation;
import io.mmguard.canary.slo.SloWindows;
import io.mmguard.canary.store.StateWrites;
import io.mmguard.core.runtime.LogThrottle;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.Alert;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller task's processor: restores the {@link CanaryController} from the changelogged state store at init, feeds
 * it every observation, and forwards its commands and alerts in order. The controller writes what an observation changed
 * into the store while the observation is processed (a few small keys, never a whole histogram), so under exactly-once
 * the state, the outputs and the input offset of every record commit together, whenever Streams commits. A wall-clock punctuator records a tick on {@code mm.canary.ticks}
 * after {@code canary.tick.ms} of quiet; the wall clock decides only whether to write a tick, never a stage change.
 */
final class CanaryProcessor implements Processor<String, Observation, String, CanaryOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CanaryConfig config;
    private final CanaryMetrics metrics;
    private final LogThrottle statusLog;
    private ProcessorContext<String, CanaryOutput> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, String> statusStore;
    private CanaryController controller;
    private long lastInputWallMs;

    CanaryProcessor(CanaryConfig config, CanaryMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.statusLog = new LogThrottle(config.statusLogInterval().toMillis());
    }

    @Override
    public void init(ProcessorContext<String, CanaryOutput> context) {
        this.context = context;
        this.store = context.getStateStore(CanaryTopology.STATE_STORE);
        this.statusStore = context.getStateStore(CanaryTopology.STATUS_STORE);
        String prefix = config.common().applicationId() + "[" + context.taskId() + "]";
        controller = new CanaryController(config, prefix, new StoreWrites(store));
        int keys = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                controller.load(entry.key, entry.value);
                keys++;
            }
        }
        Status status = controller.status();
        metrics.update(status);
        LOG.info("[CANARY] {}: restored {} keys: {} at {}; next: {}", prefix, keys, status.run(), status.stage(), status.next());
        lastInputWallMs = context.currentSystemTimeMs();
        Duration tick = effectiveTick();
        if (!tick.isZero()) {
            context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::maybeTick);
        }
    }

    @Override
    public void process(Record<String, Observation> record) {
        if (record.value() == null) {
            return;
        }
        if (!(record.value() instanceof Observation.Tick)) {
            lastInputWallMs = context.currentSystemTimeMs();
        }
        List<CanaryOutput> outputs = controller.on(record.value(), record.timestamp());
        if (!outputs.isEmpty()) {
            long now = controller.now();
            for (CanaryOutput output : outputs) {
                context.forward(new Record<>(Topics.GLOBAL_KEY, output, now));
                if (output instanceof CanaryOutput.Notice notice) {
                    count(notice.alert());
                }
            }
        }
        boolean slot = controller.takeSlotAdvanced();
        if (controller.stageChanged() || slot) {
            Status status = controller.status();
            metrics.update(status);
            String json = json(status);
            statusStore.put(CanaryTopology.STATUS_KEY, json);
            if (controller.stageChanged() || statusLog.admit("status") >= 0) {
                LOG.info("[CANARY] status {}", json);
            }
        }
    }

    /** The tick interval: {@code canary.tick.ms}, at most one window slot, at least 10 ms; zero when ticks are off. */
    Duration effectiveTick() {
        if (config.tickInterval().isZero()) {
            return Duration.ZERO;
        }
        long slotMs = Math.max(1, config.window().toMillis() / SloWindows.SLOTS);
        return Duration.ofMillis(Math.max(10, Math.min(config.tickInterval().toMillis(), slotMs)));
    }

    private void maybeTick(long wallClockMs) {
        if (wallClockMs - lastInputWallMs >= effectiveTick().toMillis()) {
            context.forward(new Record<>(Topics.GLOBAL_KEY, new CanaryOutput.Tick(wallClockMs), wallClockMs));
        }
    }

    private void count(Alert alert) {
        if (CanaryController.ROLLBACK_ALERT.equals(alert.getKind())) {
            metrics.rollback(alert.getDetails().get("trigger"));
        } else if (CanaryController.STAGE_ALERT.equals(alert.getKind())) {
            metrics.stageChange();
        }
    }

    /** The controller's writes, straight into the (cached, changelogged) store. */
    private record StoreWrites(KeyValueStore<String, byte[]> store) implements StateWrites {

        @Override
        public void put(String key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }
    }

    static String json(Status status) {
        try {
            return JSON.writeValueAsString(status.toMap());
        } catch (JsonProcessingException e) {
            return "{\"error\":\"" + e.getOriginalMessage() + "\"}";
        }
    }
}
