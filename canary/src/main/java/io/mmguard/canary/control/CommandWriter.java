package io.mmguard.canary.control;

import io.mmguard.canary.observe.Source;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Makes the controller's records: global control commands signed with the shared key, and alerts, each with the provenance
 * of the input that caused it (topic, partition, offset, id), the control version in force and the config version.
 */
final class CommandWriter {

    /** The actor of every command this controller writes. */
    static final String ACTOR = "canary-controller";
    /** Code path recorded on every provenance. */
    static final String CODE_PATH = "canary-controller";

    private final ControlSigner signer;
    private final long configVersion;

    CommandWriter(ControlSigner signer, long configVersion) {
        this.signer = signer;
        this.configVersion = configVersion;
    }

    /** A signed global command issued at record time {@code at}. */
    ControlCommand command(String id, ControlType type, String param, BigDecimal value, String reason, long at, Source cause,
                           long controlVersion) {
        ControlCommand command = ControlCommand.newBuilder()
                .setId(id)
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setSymbol(null)
                .setParam(param)
                .setValue(value)
                .setReason(reason)
                .setActor(ACTOR)
                .setIssuedAt(Instant.ofEpochMilli(at))
                .setSignature(null)
                .setProvenance(provenance(cause, controlVersion))
                .build();
        command.setSignature(signer.sign(command));
        return command;
    }

    /** An alert at record time {@code at}. */
    Alert alert(String id, Severity severity, String kind, String message, Map<String, String> details, long at, Source cause,
                long controlVersion) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setSeverity(severity)
                .setKind(kind)
                .setSymbol(null)
                .setMessage(message)
                .setDetails(details)
                .setTs(Instant.ofEpochMilli(at))
                .setProvenance(provenance(cause, controlVersion))
                .build();
    }

    private Provenance provenance(Source cause, long controlVersion) {
        return Provenance.newBuilder()
                .setInputTopic(cause.topic())
                .setInputPartition(cause.partition())
                .setInputOffset(cause.offset())
                .setInputId(cause.id())
                .setControlVersion(Math.max(0, controlVersion))
                .setConfigVersion(configVersion)
                .setCodePath(CODE_PATH)
                .build();
    }
}
