package org.zeofreeze.runbook.steps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.discover.HostFile;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Writes the files of one phase of a move (or of a retire), as the journal's reviewed plan holds them. A file
 * must be as the phase found it when it was planned, or already written; anything else is an edit
 * made since the review, and nothing is written. Each file is backed up, replaced atomically and
 * read back, through the same applier as every other write; the journal follows.
 */
final class MoveWrites {
    private MoveWrites() {}

    static boolean write(StepRun run, MovePlan.Phase phase, Predicate<HostFile> which) throws StepFailure {
        return write(run, run.setup().move().plan().changes(phase), phase.text(), which);
    }

    /**
     * Writes the reviewed {@code changes} of the files {@code which} selects, as {@link #write(StepRun,
     * MovePlan.Phase, Predicate)} does a phase's; {@code text} says what a file already written is.
     */
    static boolean write(StepRun run, List<FileChange> changes, String text, Predicate<HostFile> which)
            throws StepFailure {
        RunSetup setup = run.setup();
        List<FileChange> pending = new ArrayList<>();
        for (FileChange c : changes) {
            if (!which.test(new HostFile(c.host(), c.path()))) {
                continue;
            }
            String now;
            try {
                now = Hashes.sha256(run.host(c.host()).read(c.path()));
            } catch (IOException e) {
                throw new StepFailure(c.host(), "cannot read " + c.path() + ": " + e.getMessage());
            }
            if (now.equals(c.afterSha256())) {
                run.info(c.host(), c.path() + " is already " + text);
            } else if (now.equals(c.beforeSha256())) {
                pending.add(c);
            } else {
                throw new StepFailure(
                        c.host(),
                        c.path() + " changed since the " + (setup.moves() ? "move" : "retire")
                                + " was reviewed; nothing more was written. Roll back, or plan the "
                                + (setup.moves() ? "move" : "retire") + " again.");
            }
        }
        if (pending.isEmpty()) {
            return false;
        }
        List<Buildout> buildouts = new ArrayList<>(setup.discovery().cluster().buildouts());
        if (setup.moves()) {
            buildouts.addAll(setup.move().target().cluster().buildouts());
        }
        Plan slice = new Plan(
                setup.plan().mode(),
                setup.plan().selected(),
                pending,
                List.of(),
                List.of(),
                setup.plan().before());
        ConfigWrite.applyJournaled(run, slice, buildouts);
        return true;
    }

    /** Whether the newest write not yet taken back of one of these files is this phase's. */
    static boolean writtenInPhase(StepRun run, MovePlan.Phase phase, Predicate<HostFile> which) {
        return writtenNewest(run, run.setup().move().plan().changes(phase), which);
    }

    /** Whether the newest write not yet taken back of one of these files is one of {@code changes}. */
    static boolean writtenNewest(StepRun run, List<FileChange> changes, Predicate<HostFile> which) {
        return !newestOf(run, changes, which).isEmpty();
    }

    /** The files {@code which} selects whose newest write not yet taken back is one of {@code changes}. */
    private static Set<HostFile> newestOf(StepRun run, List<FileChange> changes, Predicate<HostFile> which) {
        Map<HostFile, String> after = new HashMap<>();
        changes.forEach(c -> after.put(new HostFile(c.host(), c.path()), c.afterSha256()));
        Set<HostFile> top = new HashSet<>();
        run.journal()
                .filesToRestore()
                .forEach((host, files) -> files.forEach(f -> {
                    HostFile file = new HostFile(host, f.path());
                    if (which.test(file) && f.afterSha256().equals(after.get(file))) {
                        top.add(file);
                    }
                }));
        return top;
    }

    /** Takes back, among the files {@code which} selects, each one whose newest write not yet taken back is this phase's. */
    static void restorePhase(StepRun run, MovePlan.Phase phase, Predicate<HostFile> which) throws StepFailure {
        restoreNewest(run, run.setup().move().plan().changes(phase), which);
    }

    /** Takes back, among the files {@code which} selects, each one whose newest write not yet taken back is one of {@code changes}. */
    static boolean restoreNewest(StepRun run, List<FileChange> changes, Predicate<HostFile> which) throws StepFailure {
        Set<HostFile> top = newestOf(run, changes, which);
        if (!top.isEmpty()) {
            ConfigWrite.restore(run, top::contains);
        }
        return !top.isEmpty();
    }
}
