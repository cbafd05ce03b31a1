package org.zeofreeze.runbook.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.zeofreeze.apply.AppliedFile;
import org.zeofreeze.apply.ApplyException;
import org.zeofreeze.apply.ConfigApplier;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.PlanException;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Writes reviewed configuration edits, all of them or those of one process. The cluster is read
 * again and the plan made again from the files as they are now (a resumed run may find some
 * already written); every change must be one that was reviewed, byte for byte, or nothing is
 * written. Each file is backed up, replaced atomically and read back; the journal follows.
 */
public final class ConfigWrite {
    private ConfigWrite() {}

    /** The plan made again now, and the changes of it that {@code which} selects. */
    record Written(Plan plan, List<FileChange> changes) {}

    static Written write(StepRun run, Predicate<FileChange> which) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        Discovery now = Rediscovery.of(run);
        Plan plan;
        try {
            plan = FreezeHistory.planner(
                            setup.choice().mode(),
                            now,
                            setup.hosts().asFunction(),
                            setup.profile().editGeneratedFiles())
                    .plan(now, setup.choice());
        } catch (PlanException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
        List<FileChange> selected = plan.changes().stream().filter(which).toList();
        for (FileChange change : selected) {
            boolean reviewed = run.journal().header().reviewed().stream()
                    .anyMatch(r -> r.host().equals(change.host())
                            && r.path().equals(change.path())
                            && r.beforeSha256().equals(change.beforeSha256())
                            && r.afterSha256().equals(change.afterSha256()));
            if (!reviewed) {
                throw new StepFailure(
                        change.host(),
                        change.path() + " changed since the plan was reviewed; nothing "
                                + "more was written. Review the plan again.");
            }
        }
        if (selected.isEmpty()) {
            return new Written(plan, selected);
        }
        Plan slice = new Plan(plan.mode(), plan.selected(), selected, plan.findings(), plan.notes(), plan.before());
        applyJournaled(run, slice, now.cluster().buildouts());
        return new Written(plan, selected);
    }

    /** Writes the plan's files through the applier (backup, atomic write, read back), the journal before and after each. */
    static void applyJournaled(StepRun run, Plan slice, List<Buildout> buildouts) throws StepFailure {
        ConfigApplier applier = new ConfigApplier(run.setup().hosts().asFunction(), Clock.systemUTC());
        try {
            applier.apply(slice, buildouts, new ConfigApplier.FileListener() {
                @Override
                public void writing(String host, AppliedFile file) {
                    run.journal()
                            .append(new JournalEntry.FileWriting(run.journal().now(), host, file));
                    run.info(host, "writing " + file.path() + " (backup " + file.backup() + ")");
                }

                @Override
                public void written(String host, AppliedFile file) {
                    run.journal()
                            .append(new JournalEntry.FileWritten(run.journal().now(), host, file));
                }
            });
        } catch (ApplyException | UncheckedIOException e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
    }

    static boolean touches(FileChange change, Set<HostFile> files) {
        return files.contains(new HostFile(change.host(), change.path()));
    }

    /** Whether this run wrote (or began to write) any of the files {@code which} selects, not yet put back. */
    static boolean written(StepRun run, Predicate<HostFile> which) {
        return run.journal().filesToRestore().entrySet().stream()
                .anyMatch(e -> e.getValue().stream().anyMatch(f -> which.test(new HostFile(e.getKey(), f.path()))));
    }

    /**
     * Puts back the files this run wrote that {@code which} selects; someone else's later edit is
     * left alone and reported.
     */
    static void restore(StepRun run, Predicate<HostFile> which) throws StepFailure {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<AppliedFile>> e :
                run.journal().filesToRestore().entrySet()) {
            for (AppliedFile file : e.getValue()) {
                if (!which.test(new HostFile(e.getKey(), file.path()))) {
                    continue;
                }
                try {
                    boolean rewritten = ConfigApplier.restoreFromBackup(run.host(e.getKey()), file);
                    run.journal()
                            .append(new JournalEntry.FileRestored(run.journal().now(), e.getKey(), file.path()));
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
