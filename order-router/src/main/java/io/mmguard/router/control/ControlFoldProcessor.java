package io.mmguard.router.control;

import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.support.Alerts;
import io.mmguard.core.runtime.LogThrottle;
import io.mmguard.core.runtime.UnreadableRecord;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global store's processor: folds each {@code mm.control} record into the {@link ControlLedger} on
 * every instance. It cannot forward records (a global processor never can); the stream tasks publish
 * what it recorded. It reads raw bytes and decodes them itself, so that an unreadable control record
 * is not skipped by a deserialization handler: it kills (fail closed), with the error as the reason, and is
 * then thrown as an {@link UnreadableRecord} so the quarantine handler puts its bytes on {@code mm.dlq} with an
 * alert; the global thread keeps running.
 */
public final class ControlFoldProcessor implements Processor<String, byte[], Void, Void> {

    /** Actor of the commands the router derives itself (an unreadable record's kill). */
    public static final String ACTOR = "order-router";

    private static final Logger LOG = LoggerFactory.getLogger(ControlFoldProcessor.class);

    private final Topics topics;
    private final ControlFold fold;
    private final ControlState initial;
    private final Deserializer<ControlCommand> commands;
    private final LogThrottle throttle = new LogThrottle(1_000);
    private final LogThrottle killLog = new LogThrottle(100);
    private ProcessorContext<Void, Void> context;
    private ControlLedger ledger;
    /** What was wrong with the record being processed; null when it was readable. */
    private String unreadable;

    /**
     * @param topics  topic handles (serdes)
     * @param fold    the fold, with the signing key
     * @param initial version 0, from config
     */
    public ControlFoldProcessor(Topics topics, ControlFold fold, ControlState initial) {
        this.topics = topics;
        this.fold = fold;
        this.initial = initial;
        this.commands = topics.control().valueSerde().deserializer();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.ledger = new ControlLedger(context.getStateStore(ControlLedger.STORE), topics);
        ledger.initializeIfEmpty(initial);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        ControlCommand command = decode(record, offset);
        ControlState current = ledger.current().orElse(initial);
        ControlFold.Outcome outcome = fold.apply(current, ledger.halts(), command, ledger.seen(command.getId()), record.timestamp());
        if (outcome instanceof ControlFold.Accepted accepted) {
            ControlState next = accepted.state();
            ledger.accept(next, accepted.halts(), withProvenance(command, offset, next.getVersion()));
            logAccepted(command, next);
        } else if (outcome instanceof ControlFold.Refused refused) {
            ledger.refuse(refusalAlert(command, offset, record.timestamp(), current, refused.severity(),
                    "refused: " + refused.why()));
            long suppressed = throttle.admit("refused");
            if (suppressed >= 0) {
                LOG.warn("[CONTROL_REFUSED] {} {} by {} at mm.control offset {}: {} ({} similar lines suppressed)", command.getType(),
                        command.getId(), command.getActor(), offset, refused.why(), suppressed);
            }
        } else if (outcome instanceof ControlFold.Duplicate duplicate) {
            if (duplicate.couldRaiseRisk()) {
                ledger.refuse(refusalAlert(command, offset, record.timestamp(), current, Severity.WARN,
                        "ignored: command id " + command.getId() + " was already applied (a replay has no second effect)"));
            }
            long suppressed = throttle.admit("duplicate");
            if (suppressed >= 0) {
                LOG.info("control command {} at mm.control offset {} repeats an applied id: no second effect ({} similar lines"
                        + " suppressed)", command.getId(), offset, suppressed);
            }
        }
        if (unreadable != null) {
            throw UnreadableRecord.refuse(unreadable, record.key(), record.value(),
                    "live trading is off (fail closed) until a signed ENABLE_LIVE");
        }
    }

    private ControlCommand decode(Record<String, byte[]> record, long offset) {
        unreadable = null;
        String problem;
        try {
            if (record.value() == null) {
                problem = "a null value (tombstone)";
            } else {
                ControlCommand command = commands.deserialize(topics.control().name(), record.value());
                if (command != null && command.getId() != null && command.getType() != null) {
                    return command;
                }
                problem = "a command without id or type";
            }
        } catch (RuntimeException e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String reason = "unreadable control record at mm.control offset " + offset + " (" + problem
                + "): fail closed, live trading off until a signed ENABLE_LIVE";
        LOG.error("[KILL_SWITCH] {}", reason);
        unreadable = reason;
        return ControlCommand.newBuilder()
                .setId("unreadable-" + offset)
                .setType(ControlType.DISABLE_LIVE)
                .setScope(Scope.GLOBAL)
                .setReason(reason)
                .setActor(ACTOR)
                .setIssuedAt(Instant.ofEpochMilli(record.timestamp()))
                .build();
    }

    private void logAccepted(ControlCommand command, ControlState next) {
        boolean kill = command.getType() == ControlType.DISABLE_LIVE && ControlRules.targetSymbol(command).isEmpty();
        if (kill) {
            // kills are rare; the bound only matters when the log is re-folded at start (every historic kill again)
            long suppressed = killLog.admit("kill");
            if (suppressed >= 0) {
                LOG.error("[KILL_SWITCH] live trading disabled by {} (command {}, control v{}): {} ({} earlier kill lines suppressed)",
                        command.getActor(), command.getId(), next.getVersion(), command.getReason(), suppressed);
            }
        } else {
            long suppressed = throttle.admit("accepted");
            if (suppressed >= 0) {
                LOG.info("[CONTROL] {} {} by {} accepted: control v{} {} live={} fraction={} ({} similar lines suppressed)",
                        command.getType(), command.getId(), command.getActor(), next.getVersion(), next.getTradingState(),
                        next.getLiveEnabled(), Decimals.plain(next.getFraction()), suppressed);
            }
        }
    }

    private static ControlCommand withProvenance(ControlCommand command, long offset, long version) {
        return ControlCommand.newBuilder(command)
                .setProvenance(Provenance.newBuilder()
                        .setInputTopic(io.mmguard.core.topics.TopicNames.CONTROL)
                        .setInputPartition(0)
                        .setInputOffset(offset)
                        .setInputId(command.getId())
                        .setControlVersion(version)
                        .setCodePath("control-fold")
                        .build())
                .build();
    }

    private static Alert refusalAlert(ControlCommand command, long offset, long ts, ControlState current, Severity severity,
                                      String outcome) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("command_id", String.valueOf(command.getId()));
        details.put("command_type", String.valueOf(command.getType()));
        details.put("scope", String.valueOf(command.getScope()));
        details.put("actor", String.valueOf(command.getActor()));
        details.put("reason", String.valueOf(command.getReason()));
        details.put("value", command.getValue() == null ? "null" : Decimals.plain(command.getValue()));
        details.put("signed", Boolean.toString(command.getSignature() != null));
        details.put("control_offset", Long.toString(offset));
        details.put("control_version", Long.toString(current.getVersion()));
        details.put("outcome", outcome);
        String message = "[CONTROL_REFUSED] " + command.getType() + " " + command.getId() + " by " + command.getActor() + " "
                + outcome + " (control v" + current.getVersion() + ": " + current.getTradingState() + ", live="
                + current.getLiveEnabled() + ", fraction " + Decimals.plain(current.getFraction()) + ")";
        return Alerts.of("a-control-refused-" + offset, severity, "CONTROL_REFUSED", command.getSymbol(), message, details, ts,
                Provenance.newBuilder()
                        .setInputTopic(io.mmguard.core.topics.TopicNames.CONTROL)
                        .setInputPartition(0)
                        .setInputOffset(offset)
                        .setInputId(command.getId())
                        .setControlVersion(current.getVersion())
                        .setCodePath("control-fold")
                        .build());
    }
}
