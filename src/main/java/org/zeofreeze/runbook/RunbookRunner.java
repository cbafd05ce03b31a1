package org.zeofreeze.runbook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.runbook.RunEvent.Outcome;

/**
 * Runs a runbook step by step, recording each in the journal so a run cut short can be resumed
 * (done steps are skipped) or rolled back.
 *
 * <p>Faults: a step that fails while the site is down (stop, apply, chmod, start) is undone at
 * once, newest first — files restored, modes restored, the stopped processes started — so the
 * cluster comes back as it was. A step that fails while the site is up (a copy) leaves it up,
 * frozen; the run can be resumed or rolled back. Cancel is honoured only while the site is up.
 */
public final class RunbookRunner {
    private final Runbook runbook;
    private final RunSetup setup;
    private final Journal journal;
    private final RunListener listener;
    private final CancelToken cancel;
    private final Clock clock;

    public RunbookRunner(Runbook runbook, RunSetup setup, Journal journal, RunListener listener, CancelToken cancel,
                         Clock clock) {
        this.runbook = runbook;
        this.setup = setup;
        this.journal = journal;
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
    }

    /** Runs (or resumes) the runbook. Never throws for a step failure: the outcome and events say it. */
    public Outcome run() throws InterruptedException {
        List<Step> done = new ArrayList<>();
        boolean down = false;
        for (Step step : runbook.steps()) {
            StepState recorded = journal.stateOf(step.id(), null);
            if (recorded == StepState.DONE) {
                listener.on(new RunEvent.StepChanged(clock.instant(), step.id(), null, StepState.DONE, "done earlier"));
                down = step.takesClusterDown() || (down && !step.bringsClusterUp());
                done.add(step);
                continue;
            }
            if (cancel.isCancelled() && !down) {
                return finish(Outcome.CANCELLED, "cancelled before '" + step.title() + "'; the cluster is running"
                        + (done.stream().anyMatch(s -> s.id().equals("apply")) ? " with the new configuration" : ", unchanged"));
            }
            StepRun run = new StepRun(step, setup, journal, listener, cancel, clock);
            mark(step, StepState.RUNNING, null);
            try {
                step.run(run);
            } catch (StepFailure failure) {
                mark(step, StepState.FAILED, failure.getMessage());
                log(step, RunEvent.Level.ERROR, failure.getMessage());
                if (down || step.takesClusterDown()) {
                    done.add(step);
                    return recover(done, failure);
                }
                if (cancel.isCancelled()) {
                    return finish(Outcome.CANCELLED, "cancelled during '" + step.title() + "': " + failure.getMessage()
                            + ". The cluster is running; resume or roll back.");
                }
                return finish(Outcome.FAILED, failure.getMessage() + ". The cluster is running; resume or roll back.");
            }
            mark(step, StepState.DONE, null);
            done.add(step);
            down = step.takesClusterDown() || (down && !step.bringsClusterUp());
        }
        return finish(Outcome.DONE, "done");
    }

    /** Undoes the steps taken since the site went down, newest first, so it comes back as it was. */
    private Outcome recover(List<Step> done, StepFailure failure) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Step step = done.get(i);
            try {
                step.undo(new StepRun(step, setup, journal, listener, cancel, clock));
                mark(step, StepState.UNDONE, null);
            } catch (StepFailure f) {
                problems.add(f.getMessage());
                log(step, RunEvent.Level.ERROR, "undo failed: " + f.getMessage());
            }
            if (step.takesClusterDown()) {
                break;
            }
        }
        if (problems.isEmpty()) {
            return finish(Outcome.FAILED, failure.getMessage() + ". Everything was put back and the cluster restarted as it was.");
        }
        return finish(Outcome.FAILED, failure.getMessage() + ". Putting back failed too: " + problems
                + ". Run the rollback again when the hosts are reachable: zeofreeze rollback --journal " + journal.file());
    }

    /** Rolls the whole run back: stop, restore every file and mode it changed, start, maintenance off. */
    public Outcome rollback() throws InterruptedException {
        for (Step step : Runbook.rollback().steps()) {
            mark(step, StepState.RUNNING, null);
            try {
                step.run(new StepRun(step, setup, journal, listener, cancel, clock));
            } catch (StepFailure failure) {
                mark(step, StepState.FAILED, failure.getMessage());
                log(step, RunEvent.Level.ERROR, failure.getMessage());
                if (step.takesClusterDown()) {
                    // Nothing restored yet: bring back what was stopped and stop there.
                    try {
                        step.undo(new StepRun(step, setup, journal, listener, cancel, clock));
                    } catch (StepFailure ignored) {
                        log(step, RunEvent.Level.ERROR, "restarting failed: " + ignored.getMessage());
                    }
                }
                return finish(Outcome.FAILED, "rollback stopped: " + failure.getMessage());
            }
            mark(step, StepState.DONE, null);
        }
        return finish(Outcome.ROLLED_BACK, "rolled back: every file and mode is as it was and the cluster is running");
    }

    private void mark(Step step, StepState state, String message) {
        journal.append(new JournalEntry.StepMarked(journal.now(), step.id(), null, state, message));
        listener.on(new RunEvent.StepChanged(clock.instant(), step.id(), null, state, message));
    }

    private void log(Step step, RunEvent.Level level, String text) {
        listener.on(new RunEvent.Log(clock.instant(), step.id(), null, level, text));
    }

    private Outcome finish(Outcome outcome, String message) {
        journal.append(new JournalEntry.RunEnded(journal.now(), outcome, message));
        listener.on(new RunEvent.Finished(clock.instant(), outcome, message, journal.file().toString()));
        return outcome;
    }
}
