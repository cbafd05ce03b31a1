package org.zeofreeze.ui.run;

import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.runbook.CancelToken;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunListener;
import org.zeofreeze.runbook.RunLock;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.RunSetup;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookRunner;
import org.zeofreeze.runbook.Strategy;
import org.zeofreeze.runbook.StrategyChooser;
import org.zeofreeze.runbook.StrategyDecision;
import org.zeofreeze.runbook.Timeouts;

/**
 * The whole migration through the runbook: pre-flight, maintenance on, stop, apply, (chmod),
 * start, copy, maintenance off, with a journal in {@code journals} for resume and rollback.
 */
public final class RunbookLauncher implements RunLauncher {
    private final Path journals;
    private final Clock clock;
    /** The journal of each run started here, so Roll back finds it. */
    private final Map<RunRequest, Journal> started = new ConcurrentHashMap<>();

    public RunbookLauncher(Path journals, Clock clock) {
        this.journals = journals;
        this.clock = clock;
    }

    /** The run exactly as reviewed: the plan's storages named as server/name so they cannot be mistaken. */
    static RunSetup setup(RunRequest request) {
        Choice exact = new Choice(request.plan().mode(), new java.util.LinkedHashSet<>(request.plan().selected()));
        return new RunSetup(request.profile(), request.discovery(), request.plan(), exact, request.hosts(),
                Timeouts.standard());
    }

    @Override
    public List<StepLabel> steps(RunRequest request) {
        RunSetup setup = setup(request);
        Journal adopted = started.get(request);
        return (adopted != null ? Runbook.of(setup, adopted) : runbook(setup, request)).describe(setup).stream().map(s -> new StepLabel(s.id(), s.title(), s.hosts())).toList();
    }

    /** The strategy's decision for this request; a strategy that is not safe here falls back to the full stop. */
    public static StrategyDecision decision(RunRequest request) {
        return StrategyChooser.decide(setup(request), java.util.Optional.ofNullable(request.strategy()));
    }

    private static Runbook runbook(RunSetup setup, RunRequest request) {
        StrategyDecision d = StrategyChooser.decide(setup, java.util.Optional.ofNullable(request.strategy()));
        return Runbook.of(setup, d.refused() ? Strategy.FULL_STOP : d.strategy());
    }

    @Override
    public void run(RunRequest request, RunListener listener, CancelToken cancel) {
        RunSetup setup = setup(request);
        Journal journal = started.get(request);
        Runbook runbook = journal != null ? Runbook.of(setup, journal) : runbook(setup, request);
        try {
            if (journal == null) {
                journal = RunPreparation.journal(setup, runbook, journals, clock);
            }
        } catch (IOException e) {
            listener.on(new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED,
                    "cannot write the journal in " + journals + ": " + e.getMessage() + "; nothing was done", null));
            return;
        }
        started.put(request, journal);
        listener.on(new RunEvent.Log(clock.instant(), null, null, RunEvent.Level.INFO, "journal: " + journal.file()));
        try {
            new RunbookRunner(runbook, setup, journal, listener, cancel, clock).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.on(new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED,
                    "interrupted; resume or roll back from the journal", journal.file().toString()));
        } finally {
            released(setup, journal, listener);
        }
    }

    @Override
    public boolean adopt(RunRequest request, Journal journal) {
        started.put(request, journal);
        return true;
    }

    /** Journals of runs that never ended (the window closed or the program was killed), newest first. */
    public static List<Journal> unfinished(Path directory, Clock clock) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("run-") && f.toString().endsWith(".json"))
                    .sorted(java.util.Comparator.reverseOrder())
                    .map(f -> {
                        try {
                            return Journal.open(f, clock);
                        } catch (IOException e) {
                            return null; // not a journal: not ours to offer
                        }
                    })
                    .filter(j -> j != null && j.ended().isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void rollBack(RunRequest request, RunListener listener) {
        Journal journal = started.get(request);
        if (journal == null) {
            listener.on(new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED, "this run has no journal", null));
            return;
        }
        RunSetup setup = setup(request);
        try {
            // A rollback has no pre-flight: it takes the run's lock itself.
            RunLock.acquire(setup, journal, text -> listener.on(new RunEvent.Log(clock.instant(), null, null,
                    RunEvent.Level.INFO, text)));
        } catch (RunLock.Refused e) {
            listener.on(new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED, e.getMessage(),
                    journal.file().toString()));
            return;
        }
        try {
            new RunbookRunner(Runbook.of(setup, journal), setup, journal, listener, new CancelToken(), clock).rollback();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.on(new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED,
                    "interrupted; roll back again from the journal", journal.file().toString()));
        } finally {
            released(setup, journal, listener);
        }
    }

    /** Gives the cluster's lock back when a run or rollback ends, whatever the outcome. */
    private void released(RunSetup setup, Journal journal, RunListener listener) {
        RunLock.release(setup, journal).forEach(problem -> listener.on(new RunEvent.Log(clock.instant(), null, null,
                RunEvent.Level.WARNING, problem)));
    }
}
