package org.zeofreeze.runbook;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.Verification;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.plan.Planner;

/**
 * Backs up and rewrites the configuration files on every host, then reads them back and checks
 * the cluster is what the plan promised. The plan is made again from the files as they are now
 * (a resumed run may find some already written) and must not hold anything that was not reviewed.
 */
final class ApplyStep implements Step {

    @Override
    public String id() {
        return "apply";
    }

    @Override
    public String title() {
        return "Back up and apply the config edits";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return setup.plan().changes().stream().map(FileChange::host).distinct().toList();
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        Discovery now = Rediscovery.of(run);
        Plan plan;
        try {
            plan = new Planner().plan(now, setup.choice());
        } catch (PlanException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
        for (FileChange change : plan.changes()) {
            boolean reviewed = run.journal().header().reviewed().stream().anyMatch(r -> r.host().equals(change.host())
                    && r.path().equals(change.path()) && r.beforeSha256().equals(change.beforeSha256())
                    && r.afterSha256().equals(change.afterSha256()));
            if (!reviewed) {
                throw new StepFailure(change.host(), change.path() + " changed since the plan was reviewed; nothing "
                        + "more was written. Review the plan again.");
            }
        }
        hosts(setup).forEach(h -> run.state(h, StepState.RUNNING, null));
        ConfigApplier applier = new ConfigApplier(name -> {
            try {
                return setup.hosts().get(name);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Clock.systemUTC());
        try {
            applier.apply(plan, now.cluster().buildouts(), new ConfigApplier.FileListener() {
                @Override
                public void writing(String host, AppliedFile file) {
                    run.journal().append(new JournalEntry.FileWriting(run.journal().now(), host, file));
                    run.info(host, "writing " + file.path() + " (backup " + file.backup() + ")");
                }

                @Override
                public void written(String host, AppliedFile file) {
                    run.journal().append(new JournalEntry.FileWritten(run.journal().now(), host, file));
                }
            });
        } catch (ApplyException | java.io.UncheckedIOException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
        List<String> problems = Verification.check(Rediscovery.of(run), plan);
        if (!problems.isEmpty()) {
            throw new StepFailure(null, "after writing: " + String.join("; ", problems));
        }
        hosts(setup).forEach(h -> run.state(h, StepState.DONE, "written and verified"));
    }

    @Override
    public void undo(StepRun run) throws StepFailure {
        restoreAll(run);
    }

    /** Puts back every file the journal says this run wrote; someone else's later edit is left alone. */
    static void restoreAll(StepRun run) throws StepFailure {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<AppliedFile>> e : run.journal().filesToRestore().entrySet()) {
            for (AppliedFile file : e.getValue()) {
                try {
                    boolean rewritten = ConfigApplier.restoreFromBackup(run.host(e.getKey()), file);
                    run.journal().append(new JournalEntry.FileRestored(run.journal().now(), e.getKey(), file.path()));
                    run.info(e.getKey(), (rewritten ? "restored " : "already as it was: ") + file.path());
                } catch (IOException | StepFailure ex) {
                    failures.add(e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new StepFailure(null, "could not restore " + failures);
        }
    }
}
