package org.zeofreeze.runbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunEvent.Outcome;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.probe.SiteWatch;
import org.zeofreeze.runbook.process.ProcessGroups;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Runs a runbook step by step, recording each in the journal so a run cut short can be resumed
 * (done steps are skipped) or rolled back.
 *
 * <p>Faults: a step that fails while the site is down (stop, apply, chmod, start) is undone at
 * once, newest first — files restored, modes restored, the stopped processes started — so the
 * cluster comes back as it was. A step that restarts one part of the site in place (one client,
 * the ZEO server alone) is undone at once by itself, and the run stops with the rest serving. A
 * step that fails while the site is up (a copy) leaves it up; the run can be resumed or rolled
 * back. Any failure counts — an exception, an error, a journal that cannot be written — and once
 * one happened, the journal no longer stops the undo: what it cannot write is kept in memory.
 * Cancel is honoured only while the site is up.
 */
public final class RunbookRunner {
    private final Runbook runbook;
    private final RunSetup setup;
    private final Journal journal;
    private final RunListener listener;
    private final CancelToken cancel;
    private final Clock clock;
    private SiteWatch siteWatch;

    public RunbookRunner(
            Runbook runbook, RunSetup setup, Journal journal, RunListener listener, CancelToken cancel, Clock clock) {
        this.runbook = runbook;
        this.setup = setup;
        this.journal = journal;
        this.listener = new OutageLedger(listener, setup.servers(), setup.clients());
        this.cancel = cancel;
        this.clock = clock;
    }

    /** Runs (or resumes) the runbook. Never throws for a step failure: the outcome and events say it. */
    public Outcome run() throws InterruptedException {
        if (journal.ended().map(e -> e.outcome() == Outcome.ROLLED_BACK).orElse(false)) {
            return finish(
                    Outcome.ROLLED_BACK,
                    "this run was rolled back; there is nothing to resume. Make a new plan to run again");
        }
        watchTheSite();
        String left = stopLeftovers();
        if (left != null) {
            return finish(Outcome.FAILED, left);
        }
        List<Step> done = new ArrayList<>();
        boolean down = false;
        for (Step step : runbook.steps()) {
            StepState recorded = journal.stateOf(step.id(), null);
            if (recorded == StepState.DONE) {
                listener.on(new RunEvent.StepChanged(clock.instant(), step.id(), null, StepState.DONE, "done earlier"));
                down = (down || step.takesClusterDown())
                        && !step.bringsClusterUp(); // a step may do both (the full stop's move)
                done.add(step);
                continue;
            }
            if (cancel.isCancelled() && !down) {
                return finish(
                        Outcome.CANCELLED,
                        "cancelled before '" + step.title() + "'; the cluster is running"
                                + (done.stream().anyMatch(s -> s.id().equals("apply"))
                                                || !journal.filesToRestore().isEmpty()
                                        ? " with the new configuration"
                                        : ", unchanged"));
            }
            StepFailure failure = attempt(step);
            if (failure != null) {
                journal.keepGoingOnWriteFailure();
                safely(() -> mark(step, StepState.FAILED, failure.getMessage()));
                log(step, RunEvent.Level.ERROR, failure.getMessage());
                if (down || step.takesClusterDown()) {
                    done.add(step);
                    return recover(done, failure);
                }
                if (step.restartsInPlace()) {
                    return putBack(step, failure);
                }
                if (cancel.isCancelled()) {
                    return finish(
                            Outcome.CANCELLED,
                            "cancelled during '" + step.title() + "': " + failure.getMessage()
                                    + ". The cluster is running; resume or roll back.");
                }
                return finish(Outcome.FAILED, failure.getMessage() + ". The cluster is running; resume or roll back.");
            }
            done.add(step);
            down = (down || step.takesClusterDown())
                    && !step.bringsClusterUp(); // a step may do both (the full stop's move)
        }
        return finish(Outcome.DONE, RunEvent.Finished.EVERY_STEP_FINISHED);
    }

    /** Runs one step and marks it; any failure, of whatever kind, comes back as a step failure. */
    private StepFailure attempt(Step step) throws InterruptedException {
        try {
            mark(step, StepState.RUNNING, null);
            step.run(new StepRun(step, setup, journal, listener, cancel, clock));
            mark(step, StepState.DONE, null);
            return null;
        } catch (StepFailure f) {
            return f;
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return new StepFailure(null, "'" + step.title() + "' broke off: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e instanceof OutOfMemoryError
                ? "out of memory"
                : m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Undoes one step that restarts a part of the site in place: that part serves again as it was. */
    private Outcome putBack(Step step, StepFailure failure) throws InterruptedException {
        String problem = undo(step);
        if (problem == null) {
            return finish(
                    Outcome.FAILED,
                    failure.getMessage() + ". It was put back as it was and serves again; the rest "
                            + "of the site kept serving. Resume once the cause is fixed, or roll back: zeofreeze rollback --journal "
                            + journal.file());
        }
        return finish(
                Outcome.FAILED,
                failure.getMessage() + ". Putting it back failed too: " + problem
                        + ". The rest of the site is serving; roll back when the host is reachable: zeofreeze rollback --journal "
                        + journal.file());
    }

    /** Undoes the steps taken since the site went down, newest first, so it comes back as it was. */
    private Outcome recover(List<Step> done, StepFailure failure) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Step step = done.get(i);
            String problem = undo(step);
            if (problem != null) {
                problems.add(problem);
            }
            if (step.takesClusterDown()) {
                break;
            }
        }
        if (problems.isEmpty()) {
            return finish(
                    Outcome.FAILED,
                    failure.getMessage() + ". Everything was put back and the cluster restarted as it was.");
        }
        return finish(
                Outcome.FAILED,
                failure.getMessage() + ". Putting back failed too: " + problems
                        + ". Run the rollback again when the hosts are reachable: zeofreeze rollback --journal "
                        + journal.file());
    }

    /** Undoes one step; returns what went wrong, or null. */
    private String undo(Step step) throws InterruptedException {
        try {
            step.undo(new StepRun(step, setup, journal, listener, cancel, clock));
            safely(() -> mark(step, StepState.UNDONE, null));
            return null;
        } catch (InterruptedException e) {
            throw e;
        } catch (StepFailure | RuntimeException | Error f) {
            String text = describe(f);
            log(step, RunEvent.Level.ERROR, "undo failed: " + text);
            return text;
        }
    }

    /**
     * Rolls the whole run back. Full stop: stop, restore every file and mode it changed, start,
     * maintenance off. Rolling: every step that ran is undone, newest first — for a freeze the ZEO
     * server writable again first, then the clients one at a time — so the site keeps serving.
     */
    public Outcome rollback() throws InterruptedException {
        journal.keepGoingOnWriteFailure();
        watchTheSite();
        String left = stopLeftovers();
        if (left != null) {
            return finish(Outcome.FAILED, left + "; nothing was rolled back");
        }
        if (runbook.strategy() == Strategy.ROLLING) {
            List<String> problems = new ArrayList<>();
            List<Step> steps = runbook.steps();
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step step = steps.get(i);
                if (journal.stateOf(step.id(), null) == StepState.PENDING) {
                    continue;
                }
                safely(() -> mark(step, StepState.RUNNING, "rolling back"));
                String problem = undo(step);
                if (problem != null) {
                    problems.add(step.title() + ": " + problem);
                }
            }
            if (!problems.isEmpty()) {
                return finish(
                        Outcome.FAILED,
                        "rollback incomplete: " + problems + ". Run the rollback again when the "
                                + "cause is fixed: zeofreeze rollback --journal " + journal.file());
            }
            return finish(
                    Outcome.ROLLED_BACK,
                    "rolled back one process at a time: every file and mode is as it was "
                            + "and the site kept serving");
        }
        for (Step step : runbook.fullStopRollback()) {
            StepFailure failure = attempt(step);
            if (failure != null) {
                safely(() -> mark(step, StepState.FAILED, failure.getMessage()));
                log(step, RunEvent.Level.ERROR, failure.getMessage());
                if (step.takesClusterDown()) {
                    // Nothing restored yet: bring back what was stopped and stop there.
                    String problem = undo(step);
                    if (problem != null) {
                        log(step, RunEvent.Level.ERROR, "restarting failed: " + problem);
                    }
                }
                return finish(Outcome.FAILED, "rollback stopped: " + failure.getMessage());
            }
        }
        return finish(Outcome.ROLLED_BACK, "rolled back: every file and mode is as it was and the cluster is running");
    }

    /** From here to the end, requests to the site as users reach it, where the profile says where that is. */
    private void watchTheSite() {
        siteWatch = SiteWatch.start(setup.profile().maintenance().siteUrl(), clock);
    }

    /**
     * Stops what an earlier attempt of this run left running (a killed run's rsync may still be
     * writing to the target), each under the step that started it; returns why it could not, or null.
     */
    private String stopLeftovers() throws InterruptedException {
        try {
            ProcessGroups.stopLeftovers(
                    journal,
                    id -> new StepRun(
                            runbook.steps().stream()
                                    .filter(s -> s.id().equals(id))
                                    .findFirst()
                                    .orElse(runbook.steps().get(0)),
                            setup,
                            journal,
                            listener,
                            cancel,
                            clock));
            return null;
        } catch (StepFailure e) {
            listener.on(new RunEvent.Log(clock.instant(), null, e.host(), RunEvent.Level.ERROR, e.getMessage()));
            return e.getMessage();
        }
    }

    private void mark(Step step, StepState state, String message) {
        journal.append(new JournalEntry.StepMarked(journal.now(), step.id(), null, state, message));
        listener.on(new RunEvent.StepChanged(clock.instant(), step.id(), null, state, message));
    }

    private void log(Step step, RunEvent.Level level, String text) {
        listener.on(new RunEvent.Log(clock.instant(), step.id(), null, level, text));
    }

    /** Runs a bookkeeping action whose failure must not stop the undo (the journal keeps it in memory). */
    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // recorded in memory; the journal reports its write failure in the final message
        }
    }

    /** A freeze with a target: how long each storage was read-only before its copy was verified, from the journal. */
    private void frozenWindow() {
        if (setup.choice().mode() != Mode.FREEZE || setup.profile().target() == null || setup.retiresOnly()) {
            return; // a retire alone freezes and copies nothing
        }
        Optional<Instant> since = journal.freezeBegan();
        if (since.isEmpty()) {
            return;
        }
        Map<String, Instant> verified = journal.copiesVerified();
        Map<String, Duration> per = new LinkedHashMap<>();
        List<String> not = new ArrayList<>();
        for (StorageId id : setup.plan().selected()) {
            // by the journal's id: a storage a move retired is no longer on its old server
            String label = id.name() + "@" + id.host();
            Instant at = verified.get(label);
            if (at != null && !at.isBefore(since.get())) {
                per.put(label, Duration.between(since.get(), at));
            } else {
                not.add(label);
            }
        }
        listener.on(new RunEvent.FrozenWindow(clock.instant(), since.get(), per, not));
    }

    private Outcome finish(Outcome outcome, String message) {
        String written = journal.writeFailure()
                .map(f -> " The journal could not be written (" + f + "); what it holds "
                        + "may be behind what was done.")
                .orElse("");
        safely(() -> journal.append(new JournalEntry.RunEnded(journal.now(), outcome, message + written)));
        if (outcome != Outcome.ROLLED_BACK) {
            frozenWindow();
        }
        if (siteWatch != null) {
            listener.on(siteWatch.stop());
            siteWatch = null;
        }
        // The cluster's lock is given back by Runs, the one place that takes and releases it.
        listener.on(new RunEvent.Finished(
                clock.instant(), outcome, message + written, journal.file().toString()));
        return outcome;
    }
}
