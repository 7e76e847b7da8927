package io.mmguard.canary.control;

import io.mmguard.canary.store.Wire;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The controller's own state, kept in the changelogged store under {@value #KEY}: where the run is in the plan, since
 * when, what it is waiting for, and the control state it last saw. Mutable working state of the one controller task;
 * every change is written back through {@link #encode()} in the same record's processing.
 */
final class ControllerState {

    static final String KEY = "controller";
    static final long NEVER = Long.MIN_VALUE;
    private static final byte FORMAT = 1;

    RunState run = RunState.IDLE;
    /** Record time the run started (also the id of the run in command ids). */
    long runStartedAt = NEVER;
    /** Index into the plan's fractions (-1: below the first stage). */
    int fractionIndex = -1;
    /** Index into the plan's k_inv steps (-1: skew off). */
    int kInvIndex = -1;
    /** Record time the current position was entered. */
    long positionSince = NEVER;
    /** Record time since which every SLO has held without an incident (the promotion hold runs from here). */
    long holdSince = NEVER;
    /** Record time of the last k_inv step back (the next one waits for a fresh window). */
    long lastStepBackAt = NEVER;
    /** Incidents (CRIT alerts of other components, slippage breaches) in this run. */
    int incidents;
    /** Commands and alerts written so far (their ids). */
    long sequence;
    /** The last rollback trigger, for status. */
    String lastTrigger;
    long lastTriggerAt = NEVER;
    /** After a rollback, a new run waits until the control state shows live trading off (the rollback's echo). */
    boolean awaitingKillEcho;

    /** A change the controller wrote and has not yet seen in the control state; no further change is made until it is. */
    String pendingCommandId;
    long pendingSince = NEVER;
    BigDecimal pendingFraction;
    BigDecimal pendingKInv;

    /** The control state last seen. */
    long controlVersion = -1;
    boolean live;
    String tradingState;
    BigDecimal fraction = BigDecimal.ZERO;
    BigDecimal kInv;
    String lastActor;

    boolean running() {
        return run == RunState.RUNNING;
    }

    void clearPending() {
        pendingCommandId = null;
        pendingSince = NEVER;
        pendingFraction = null;
        pendingKInv = null;
    }

    byte[] encode() {
        return Wire.write(out -> {
            out.writeByte(FORMAT);
            out.writeUTF(run.name());
            out.writeLong(runStartedAt);
            out.writeInt(fractionIndex);
            out.writeInt(kInvIndex);
            out.writeLong(positionSince);
            out.writeLong(holdSince);
            out.writeLong(lastStepBackAt);
            out.writeInt(incidents);
            out.writeLong(sequence);
            Wire.string(out, lastTrigger);
            out.writeLong(lastTriggerAt);
            out.writeBoolean(awaitingKillEcho);
            Wire.string(out, pendingCommandId);
            out.writeLong(pendingSince);
            Wire.decimal(out, pendingFraction);
            Wire.decimal(out, pendingKInv);
            out.writeLong(controlVersion);
            out.writeBoolean(live);
            Wire.string(out, tradingState);
            Wire.decimal(out, fraction);
            Wire.decimal(out, kInv);
            Wire.string(out, lastActor);
        });
    }

    static ControllerState decode(byte[] bytes) {
        return Wire.read(bytes, in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown canary controller state format " + format
                        + " (written by another version of the controller)");
            }
            ControllerState s = new ControllerState();
            s.run = RunState.valueOf(in.readUTF());
            s.runStartedAt = in.readLong();
            s.fractionIndex = in.readInt();
            s.kInvIndex = in.readInt();
            s.positionSince = in.readLong();
            s.holdSince = in.readLong();
            s.lastStepBackAt = in.readLong();
            s.incidents = in.readInt();
            s.sequence = in.readLong();
            s.lastTrigger = Wire.string(in);
            s.lastTriggerAt = in.readLong();
            s.awaitingKillEcho = in.readBoolean();
            s.pendingCommandId = Wire.string(in);
            s.pendingSince = in.readLong();
            s.pendingFraction = Wire.decimal(in);
            s.pendingKInv = Wire.decimal(in);
            s.controlVersion = in.readLong();
            s.live = in.readBoolean();
            s.tradingState = Wire.string(in);
            s.fraction = Wire.decimal(in);
            s.kInv = Wire.decimal(in);
            s.lastActor = Wire.string(in);
            return s;
        });
    }
}
