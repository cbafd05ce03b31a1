package org.zeofreeze.ui.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.StrategyDecision;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.StepLabel;

/**
 * The wizard's side of {@link Runs}: the reviewed plan run, resumed or rolled back through the one
 * run service (its lock, journal and strategy decision), the refusals shown as the run's end.
 */
public final class RunbookLauncher implements RunLauncher {
    private final Runs runs;
    private final Clock clock;

    public RunbookLauncher(Path journals, Clock clock) {
        this.runs = new Runs(journals, clock);
        this.clock = clock;
    }

    /** The run exactly as reviewed: the plan's storages named as server/name so they cannot be mistaken. */
    public static RunSetup setup(RunRequest request) {
        Choice exact = new Choice(
                request.plan().mode(), new LinkedHashSet<>(request.plan().selected()));
        return new RunSetup(
                request.profile(),
                request.discovery(),
                request.plan(),
                exact,
                request.hosts(),
                Timeouts.standard(),
                request.move());
    }

    @Override
    public List<StepLabel> steps(RunHandle run) {
        RunRequest request = run.request();
        RunSetup setup = setup(request);
        Runbook runbook;
        if (run.journal().isPresent()) {
            runbook = Runbook.of(setup, run.journal().get());
        } else {
            try {
                runbook = Runs.prepare(setup, Optional.ofNullable(request.strategy()))
                        .runbook();
            } catch (Runs.RefusedException e) {
                return List.of(); // the run is refused as it starts, with the reason
            }
        }
        return runbook.describe(setup).stream()
                .map(s -> new StepLabel(s.id(), s.title(), s.hosts()))
                .toList();
    }

    /** The strategy's decision for this request, as the run will take it. */
    public static StrategyDecision decision(RunRequest request) {
        return Runs.decide(setup(request), Optional.ofNullable(request.strategy()));
    }

    @Override
    public void run(RunHandle run, RunListener listener, CancelToken cancel) {
        RunRequest request = run.request();
        RunSetup setup = setup(request);
        Runs.Ending ending;
        if (run.journal().isPresent()) {
            ending = runs.resume(run.journal().get(), setup, Optional.empty(), listener, cancel);
        } else {
            try {
                ending = runs.start(
                        Runs.prepare(setup, Optional.ofNullable(request.strategy())),
                        Optional.empty(),
                        listener,
                        cancel);
            } catch (Runs.RefusedException e) {
                ending = new Runs.Ending.Refused(e.refusal());
            }
        }
        ended(run, ending, listener);
    }

    /** Journals of runs that never ended (the window closed or the program was killed), newest first. */
    public static List<Journal> unfinished(Path directory, Clock clock) {
        return Runs.unfinished(directory, clock);
    }

    @Override
    public void rollBack(RunHandle run, RunListener listener) {
        Optional<Journal> journal = run.journal();
        if (journal.isEmpty()) {
            listener.on(
                    new RunEvent.Finished(clock.instant(), RunEvent.Outcome.FAILED, "this run has no journal", null));
            return;
        }
        ended(run, runs.rollback(journal.get(), setup(run.request()), Optional.empty(), listener), listener);
    }

    @Override
    public Optional<String> rollBackRefusal(RunHandle run) {
        return run.journal().flatMap(j -> Runs.rollbackRefusal(j, setup(run.request())));
    }

    /** A run keeps its journal for Roll back; a refusal is the run's end, with its reason. */
    private void ended(RunHandle run, Runs.Ending ending, RunListener listener) {
        if (ending instanceof Runs.Ending.Ran ran) {
            run.kept(ran.journal());
        } else if (ending instanceof Runs.Ending.Refused refused) {
            listener.on(new RunEvent.Finished(
                    clock.instant(),
                    RunEvent.Outcome.FAILED,
                    refused.refusal().message(),
                    run.journal().map(j -> j.file().toString()).orElse(null)));
        }
    }
}
