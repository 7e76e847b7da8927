package io.mmguard.riskgate;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds mm.control into the global {@value RiskStores#PARAMS} store (every instance sees it; on
 * restore the store is rebuilt by running this processor over the topic again). Only
 * {@code SET_PARAM} whose param starts with {@code risk.} concerns the risk-gate; other services'
 * params and every other command type are ignored here. A risk SET_PARAM is applied when it is
 * signed with {@code MM_CONTROL_KEY}, scoped GLOBAL, names a known threshold and carries an in-range
 * value; otherwise it is recorded as refused (the task of partition 0 alerts it). A global store
 * processor cannot forward records, hence the detour through the store.
 */
final class ParamControl extends ContextualProcessor<String, ControlCommand, Void, Void> {

    static final String RISK_PREFIX = "risk.";

    private static final Logger LOG = LoggerFactory.getLogger(ParamControl.class);

    private final Optional<ControlSigner> signer;
    private KeyValueStore<String, String> store;

    ParamControl(Optional<ControlSigner> signer) {
        this.signer = signer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(RiskStores.PARAMS);
    }

    @Override
    public void process(Record<String, ControlCommand> record) {
        ControlCommand command = record.value();
        if (command == null || command.getType() != ControlType.SET_PARAM || command.getParam() == null
                || !command.getParam().startsWith(RISK_PREFIX)) {
            return;
        }
        long offset = context().recordMetadata().map(m -> m.offset()).orElse(-1L);
        String value = command.getValue() == null ? "null" : Decimals.plain(command.getValue());
        String applied = store.get(ParamsStore.APPLIED_PREFIX + command.getId());
        if (applied != null) {
            // a signed command re-published (by anyone who may write mm.control) must not set a parameter back
            LOG.warn("[PARAM_REFUSED] risk-gate ignores SET_PARAM {}={} at mm.control offset {}: command id {} was already"
                    + " applied at offset {} (a replay has no second effect; the order-router alerts it)", command.getParam(),
                    value, offset, command.getId(), applied);
            return;
        }
        Optional<String> refusal = refusal(command, record.timestamp());
        if (refusal.isPresent()) {
            store.put(ParamsStore.refusedKey(offset), new ParamRefusal(offset, command.getId(), command.getParam(), value,
                    command.getActor(), refusal.get()).encode());
            LOG.warn("[PARAM_REFUSED] risk-gate ignores SET_PARAM {}={} (command {} by {}, mm.control offset {}): {}",
                    command.getParam(), value, command.getId(), command.getActor(), offset, refusal.get());
            return;
        }
        store.put(ParamsStore.PARAM_PREFIX + command.getParam(), value);
        store.put(ParamsStore.VERSION_KEY, Long.toString(offset + 1));
        store.put(ParamsStore.APPLIED_PREFIX + command.getId(), Long.toString(offset));
        LOG.info("[PARAM] risk-gate applies {}={} from mm.control offset {} (command {} by {}: {})", command.getParam(), value,
                offset, command.getId(), command.getActor(), command.getReason());
    }

    private Optional<String> refusal(ControlCommand command, long recordTs) {
        Optional<RiskParam> param = RiskParam.byKey(command.getParam());
        if (param.isEmpty()) {
            return Optional.of("unknown risk parameter " + command.getParam() + " (known: "
                    + java.util.Arrays.stream(RiskParam.values()).map(RiskParam::key).toList() + ")");
        }
        if (signer.isEmpty()) {
            return Optional.of("no " + ControlSigner.KEY_ENV + " is configured on the risk-gate, so no parameter change can"
                    + " be verified");
        }
        if (command.getSignature() == null) {
            return Optional.of("the command is unsigned; a parameter change needs a signature made with "
                    + ControlSigner.KEY_ENV);
        }
        if (!signer.get().verify(command)) {
            return Optional.of("the signature does not match the command (forged, altered, or signed with another key)");
        }
        Optional<String> outside = signer.get().window().problem(command, recordTs);
        if (outside.isPresent()) {
            return outside;
        }
        if (command.getScope() != Scope.GLOBAL) {
            return Optional.of("risk thresholds apply to every symbol; scope " + command.getScope() + " is not supported");
        }
        return param.get().refusal(command.getValue());
    }
}
