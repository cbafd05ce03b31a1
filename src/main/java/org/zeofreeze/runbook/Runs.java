package org.zeofreeze.runbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunEvent.Outcome;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.journal.RunLock;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;

/**
 * The one way to run a runbook, under both front ends. A new run, a resume and a rollback each:
 * break a dead run's lock when asked, take the cluster's lock for the journal's run, run, and give
 * the lock back exactly once — before the {@link RunEvent.Finished} event goes out, whatever the
 * end (done, failed, cancelled, an exception, a journal that cannot be written). The strategy is
 * decided once, here: a strategy that is not safe on this cluster is refused, never replaced.
 * The front ends render the events and the refusals; they neither lock nor decide.
 */
public final class Runs {
    private final Path journals;
    private final Clock clock;

    public Runs(Path journals, Clock clock) {
        this.journals = Objects.requireNonNull(journals);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Why nothing was started; nothing was changed. */
    public record Refusal(Kind kind, String message) {
        public enum Kind {
            /** What was asked cannot be run on this cluster (an unsafe strategy): bad input. */
            NOT_SAFE,
            /** Not now: another run holds the cluster's lock, or a lock may not be broken. */
            LOCKED,
            /** The journal cannot be written or read. */
            NO_JOURNAL
        }
    }

    /** How a call ended: the run's outcome, or a refusal before anything was done. */
    public sealed interface Ending {
        record Ran(Outcome outcome, Journal journal) implements Ending {}

        record Refused(Refusal refusal) implements Ending {}
    }

    /** A new run, ready to start: its strategy decided and its runbook. */
    public record Prepared(RunSetup setup, StrategyDecision decision, Runbook runbook) {}

    /** The strategy for this setup, and the one asked for if any: its reason, notes, or refusal. */
    public static StrategyDecision decide(RunSetup setup, Optional<Strategy> asked) {
        return StrategyChooser.decide(setup, asked);
    }

    /** Decides the strategy once; a strategy that is not safe here is refused with the reason. */
    public static Prepared prepare(RunSetup setup, Optional<Strategy> asked) throws RefusedException {
        StrategyDecision decision = decide(setup, asked);
        if (decision.refused()) {
            throw new RefusedException(new Refusal(Refusal.Kind.NOT_SAFE, decision.refusal()));
        }
        return new Prepared(setup, decision, Runbook.of(setup, decision.strategy()));
    }

    /** A refusal as an exception, for the steps before a run (deciding the strategy). */
    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.message());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** A new run of the prepared plan: a new journal, the lock, the runbook from its first step. */
    public Ending start(Prepared prepared, Optional<String> breakLock, RunListener listener, CancelToken cancel) {
        Optional<Ending> broken = breakLock(prepared.setup(), breakLock, listener);
        if (broken.isPresent()) {
            return broken.get(); // before the journal: a refused break leaves nothing behind
        }
        Journal journal;
        try {
            journal = RunPreparation.journal(prepared.setup(), prepared.runbook(), journals, clock);
        } catch (IOException e) {
            return new Ending.Refused(new Refusal(
                    Refusal.Kind.NO_JOURNAL,
                    "cannot write the journal in " + journals + ": " + e.getMessage() + "; nothing was done"));
        }
        listener.on(new RunEvent.Log(clock.instant(), null, null, RunEvent.Level.INFO, "journal: " + journal.file()));
        Ending ending = locked(
                prepared.setup(),
                journal,
                listener,
                l -> new RunbookRunner(prepared.runbook(), prepared.setup(), journal, l, cancel, clock).run());
        if (ending instanceof Ending.Refused refused) {
            // Ended at once, so that it is never offered for resuming: nothing of it ran.
            journal.append(new JournalEntry.RunEnded(
                    journal.now(), Outcome.FAILED, refused.refusal().message()));
        }
        return ending;
    }

    /** Goes on with a journaled run where it stopped (the steps done are skipped), under its lock. */
    public Ending resume(
            Journal journal, RunSetup setup, Optional<String> breakLock, RunListener listener, CancelToken cancel) {
        return breakLock(setup, breakLock, listener)
                .orElseGet(() -> locked(
                        setup,
                        journal,
                        listener,
                        l -> new RunbookRunner(Runbook.of(setup, journal), setup, journal, l, cancel, clock).run()));
    }

    /**
     * Why a journaled run cannot be rolled back, if it cannot: a move whose clients got write
     * access at the target. Asked before a rollback and by a front end that offers one.
     */
    public static Optional<String> rollbackRefusal(Journal journal, RunSetup setup) {
        return Runbook.of(setup, journal).rollbackRefusal(setup, journal);
    }

    /** Undoes a journaled run, under its lock. */
    public Ending rollback(Journal journal, RunSetup setup, Optional<String> breakLock, RunListener listener) {
        Runbook runbook = Runbook.of(setup, journal);
        Optional<String> refusal = rollbackRefusal(journal, setup);
        if (refusal.isPresent()) {
            return new Ending.Refused(new Refusal(Refusal.Kind.NOT_SAFE, refusal.get()));
        }
        return breakLock(setup, breakLock, listener)
                .orElseGet(() -> locked(
                        setup,
                        journal,
                        listener,
                        l -> new RunbookRunner(runbook, setup, journal, l, new CancelToken(), clock).rollback()));
    }

    private interface Body {
        Outcome run(RunListener listener) throws InterruptedException;
    }

    /** {@code --break-lock}: the dead run's lock removed, or the refusal. */
    private Optional<Ending> breakLock(RunSetup setup, Optional<String> run, RunListener listener) {
        if (run.isEmpty()) {
            return Optional.empty();
        }
        try {
            RunLock.breakLock(setup, run.get()).forEach(text -> info(listener, text));
            return Optional.empty();
        } catch (RunLock.Refused e) {
            return Optional.of(new Ending.Refused(new Refusal(Refusal.Kind.LOCKED, e.getMessage())));
        }
    }

    private Ending locked(RunSetup setup, Journal journal, RunListener listener, Body body) {
        try {
            RunLock.acquire(setup, journal, text -> info(listener, text));
        } catch (RunLock.Refused e) {
            return new Ending.Refused(new Refusal(Refusal.Kind.LOCKED, e.getMessage()));
        }
        // The Finished event waits until the lock is back, so whoever sees it may start the next run.
        AtomicReference<RunEvent.Finished> finished = new AtomicReference<>();
        RunListener holdingFinished = event -> {
            if (event instanceof RunEvent.Finished f) {
                finished.set(f);
            } else {
                listener.on(event);
            }
        };
        Outcome outcome = Outcome.FAILED;
        try {
            outcome = body.run(holdingFinished);
            return new Ending.Ran(outcome, journal);
        } catch (RuntimeException | Error e) {
            // The runner turns step failures into outcomes; this is a fault of the runner itself.
            finished.compareAndSet(
                    null,
                    new RunEvent.Finished(
                            clock.instant(),
                            Outcome.FAILED,
                            "the run broke off: "
                                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                                    + "; resume or roll back from the journal",
                            journal.file().toString()));
            return new Ending.Ran(Outcome.FAILED, journal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.compareAndSet(
                    null,
                    new RunEvent.Finished(
                            clock.instant(),
                            Outcome.FAILED,
                            "interrupted; resume or roll back from the journal",
                            journal.file().toString()));
            return new Ending.Ran(Outcome.FAILED, journal);
        } finally {
            RunLock.release(setup, journal)
                    .forEach(problem -> listener.on(
                            new RunEvent.Log(clock.instant(), null, null, RunEvent.Level.WARNING, problem)));
            RunEvent.Finished end = finished.get();
            listener.on(
                    end != null
                            ? end
                            : new RunEvent.Finished(
                                    clock.instant(),
                                    outcome,
                                    "ended",
                                    journal.file().toString()));
        }
    }

    private void info(RunListener listener, String text) {
        listener.on(new RunEvent.Log(clock.instant(), null, null, RunEvent.Level.INFO, text));
    }

    /** Journals of runs that never ended (the window closed, the program killed), newest first. */
    public static List<Journal> unfinished(Path directory, Clock clock) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("run-")
                            && f.toString().endsWith(".json"))
                    .sorted(Comparator.reverseOrder())
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
}
