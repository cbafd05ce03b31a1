package org.zeofreeze.runbook.event;

/** Receives a run's events, on the thread that runs the step (the wizard hops to its own thread). */
@FunctionalInterface
public interface RunListener {
    void on(RunEvent event);
}
