package org.zeofreeze.runbook.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.format.Units;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Copies each frozen storage's {@code .fs} file, then its blob directory, to the target with
 * rsync, run on the storage's own host ({@link FsCopy}, {@link BlobCopy}). The {@code .fs.index},
 * {@code .lock}, {@code .tmp}, {@code .pack} and {@code .old} files are never copied. Each
 * {@code .fs} copy ends with size and sha256 compared on both ends (hashed on both hosts at
 * once), and is recorded in the journal: the runner tells from it how long each storage was
 * read-only before its copy was verified.
 */
public final class CopyStep implements Step {

    @Override
    public String id() {
        return "copy";
    }

    @Override
    public StepAction action() {
        return new StepAction.Copy();
    }

    @Override
    public String title() {
        return "Copy the frozen storages (rsync)";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return StorageFiles.hosts(setup);
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        MigrationTarget target = run.setup().profile().target();
        if (target == null) {
            run.info(null, "no migration target in the profile: nothing to copy");
            return;
        }
        for (StorageFiles sf : StorageFiles.chosen(run.setup())) {
            if (run.cancel().isCancelled()) {
                throw new StepFailure(
                        sf.host(), "cancelled before copying " + sf.storage().name());
            }
            run.state(sf.host(), StepState.RUNNING, sf.storage().name());
            Optional<String> kept = Optional.empty();
            if (sf.path() != null) {
                kept = copyFile(run, sf, target);
            }
            // After the .fs: every blob it names is then there too.
            if (sf.blobDir() != null && FsCopy.exists(run, sf.host(), sf.blobDir())) {
                run.info(
                        target.name(),
                        BlobCopy.copyAndVerify(run, sf, target, sf.storage().name() + " blobs"));
            }
            run.state(
                    sf.host(),
                    StepState.DONE,
                    sf.storage().name() + " copied and verified"
                            + kept.map(k -> "; the target's former file was kept as " + k)
                                    .orElse(""));
        }
    }

    /**
     * The chosen files a copy would write onto themselves: a path outside the source's buildout
     * keeps its absolute path at the target, so with the source host and the target both this
     * computer the copy's destination is its own source. One sentence each; the run refuses them.
     */
    public static List<String> ontoThemselves(RunSetup setup) {
        MigrationTarget target = setup.profile().target();
        List<String> out = new ArrayList<>();
        if (target == null || !target.isLocal()) {
            return out;
        }
        for (StorageFiles sf : StorageFiles.chosen(setup)) {
            boolean sourceHere =
                    setup.profile().hosts().stream().anyMatch(h -> h.name().equals(sf.host()) && h.isLocal());
            for (String path : new String[] {sf.storage().path(), sf.storage().blobDir()}) {
                if (sourceHere
                        && path != null
                        && StorageFiles.isAbsolute(path)
                        && targetPath(setup, sf.host(), path, target).equals(path)) {
                    out.add(path + " (storage '" + sf.storage().name() + "') lies outside the source's directory, "
                            + "so it keeps its path at the target, and the target is this computer too: the copy "
                            + "would be the file itself. Name a target on another host, or keep the storage's files "
                            + "under the source's directory");
                }
            }
        }
        return out;
    }

    public static String targetPath(RunSetup setup, String host, String path, MigrationTarget target) {
        Buildout source = setup.discovery().cluster().buildoutOf(host).orElseThrow();
        String relative = source.relative(path);
        return relative.startsWith("/") ? relative : target.buildoutDir() + "/" + relative;
    }

    /** Copies the {@code .fs} file; returns where the target's former file was kept, if it had to be moved aside. */
    private Optional<String> copyFile(StepRun run, StorageFiles sf, MigrationTarget target)
            throws StepFailure, InterruptedException {
        FsCopy fs = new FsCopy(run, sf, target, sf.storage().name() + ".fs");
        FsCopy.Plan plan = fs.plan();
        fs.send(plan.way(), plan.source().size());
        FsCopy.Compared c = fs.compare(-1);
        if (!c.identical()
                && plan.way() == FsCopy.Way.TAIL
                && run.journal().preSynced(sf.host(), fs.source).isPresent()) {
            // The pre-sync's copy caught a commit under way, whose bytes changed when it finished: that copy is this
            // run's own.
            run.log(
                    sf.host(),
                    RunEvent.Level.WARNING,
                    fs.dest + " differs from " + fs.source + " after the tail was appended (" + c.describe()
                            + "): a delta sync over this run's pre-synced copy");
            fs.send(FsCopy.Way.OVER_OWN, plan.source().size());
            c = fs.compare(-1);
        }
        if (!c.identical()) {
            throw new StepFailure(
                    target.name(),
                    "the copy " + fs.dest + " is not identical to " + fs.source + " (" + c.describe() + ")");
        }
        run.journal()
                .append(new JournalEntry.CopyVerified(
                        run.journal().now(),
                        sf.host(),
                        sf.storage().name(),
                        fs.source,
                        fs.dest,
                        c.targetSize(),
                        c.targetSha256()));
        run.info(
                target.name(),
                fs.dest + ": " + c.targetSize() + " bytes, sha256 " + c.targetSha256() + " — identical to the source"
                        + run.journal()
                                .freezeBegan()
                                .map(t -> "; " + sf.storage().name() + " was read-only for "
                                        + Units.duration(Duration.between(
                                                t, Instant.parse(run.journal().now())))
                                        + " before this copy was verified")
                                .orElse(""));
        return plan.kept();
    }
}
