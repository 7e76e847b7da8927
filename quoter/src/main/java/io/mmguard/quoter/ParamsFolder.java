package io.mmguard.quoter;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.control.ParamRegistry;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds mm.control into the quoter's parameter store (a global store: every instance sees it, and
 * it is rebuilt through this processor on restore). Only {@code SET_PARAM k_inv / extra_bps} with a
 * valid signature and an in-range value is applied, once per command id (a re-published command has no
 * second effect); anything else that names these parameters is refused and logged (the order-router
 * publishes the alert for refused commands).
 */
final class ParamsFolder extends ContextualProcessor<String, ControlCommand, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ParamsFolder.class);
    /** Key prefix of the ids of applied commands in the params store (a replayed id is never applied twice). */
    static final String APPLIED_PREFIX = "applied|";

    private final Optional<ControlSigner> signer;
    private KeyValueStore<String, String> store;

    ParamsFolder(Optional<ControlSigner> signer) {
        this.signer = signer;
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
        super.init(context);
        store = context.getStateStore(QuoteParams.STORE);
    }

    @Override
    public void process(Record<String, ControlCommand> record) {
        ControlCommand command = record.value();
        if (command == null || command.getType() != ControlType.SET_PARAM || command.getParam() == null) {
            return;
        }
        String param = command.getParam();
        if (!param.equals(QuoteParams.K_INV) && !param.equals(QuoteParams.EXTRA_BPS)) {
            return;
        }
        long offset = context().recordMetadata().map(m -> m.offset()).orElse(-1L);
        String applied = store.get(APPLIED_PREFIX + command.getId());
        if (applied != null) {
            // a signed command re-published (by anyone who may write mm.control) must not set a parameter back
            LOG.warn("[PARAM_REFUSED] quoter ignores SET_PARAM {}={} at mm.control offset {}: command id {} was already"
                    + " applied at offset {} (a replay has no second effect; the order-router alerts it)", param,
                    Decimals.plain(command.getValue()), offset, command.getId(), applied);
            return;
        }
        String refusal = refusal(command, record.timestamp());
        if (refusal != null) {
            LOG.warn("[PARAM_REFUSED] quoter ignores SET_PARAM {}={} (command {} by {}): {}; quoting continues with the"
                    + " previous value", param, Decimals.plain(command.getValue()), command.getId(), command.getActor(), refusal);
            return;
        }
        long version = offset + 1;
        String symbol = command.getScope() == Scope.SYMBOL ? command.getSymbol() : null;
        store.put(QuoteParams.key(param, symbol), new QuoteParams(command.getValue(), version).encode());
        store.put(APPLIED_PREFIX + command.getId(), Long.toString(offset));
        LOG.info("[PARAM] quoter applies {}={} for {} (control version {}, command {} by {}: {})", param,
                Decimals.plain(command.getValue()), symbol == null ? "all symbols" : symbol, version, command.getId(),
                command.getActor(), command.getReason());
    }

    private String refusal(ControlCommand command, long recordTs) {
        if (signer.isEmpty()) {
            return "no MM_CONTROL_KEY is configured, so no parameter change can be verified";
        }
        if (!signer.get().verify(command)) {
            return "the signature is missing or does not match (sign it with bin/mm ctl and the shared MM_CONTROL_KEY)";
        }
        java.util.Optional<String> outside = signer.get().window().problem(command, recordTs);
        if (outside.isPresent()) {
            return outside.get();
        }
        BigDecimal value = command.getValue();
        if (value == null) {
            return "it has no value";
        }
        if (command.getScope() == Scope.SYMBOL && command.getSymbol() == null) {
            return "scope SYMBOL needs a symbol";
        }
        // the registry's ranges, the same ones bin/mm ctl and the order-router check before the command is folded
        Optional<String> outOfRange = ParamRegistry.find(command.getParam()).flatMap(spec -> spec.problem(value));
        if (outOfRange.isPresent()) {
            return outOfRange.get();
        }
        return null;
    }
}
