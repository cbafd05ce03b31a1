package org.zeofreeze.runbook.event;

/** Where a step stands on one host. */
public enum StepState {
    PENDING,
    RUNNING,
    DONE,
    FAILED,
    SKIPPED,
    UNDONE;

    public boolean finished() {
        return this == DONE || this == SKIPPED;
    }
}
