package io.mmguard.canary.control;

/** Where the controller's run is. */
public enum RunState {
    /** No run: live trading is off, or on at fraction 0, and the controller waits for a human to enable it. */
    IDLE,
    /** A run: the controller walks the plan and every rollback trigger is armed. */
    RUNNING,
    /** The controller rolled the run back; only a human re-enables live trading ({@code bin/mm ctl enable}). */
    ROLLED_BACK
}
