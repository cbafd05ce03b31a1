package org.zeofreeze.runbook.steps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.copy.CopyStep;
import org.zeofreeze.runbook.copy.StorageFiles;
import org.zeofreeze.runbook.copy.TargetReadiness;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.PlannedFile;
import org.zeofreeze.runbook.journal.RunLock;
import org.zeofreeze.runbook.probe.SchemaCheck;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.step.Step;
import org.zeofreeze.runbook.step.StepAction;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * Takes the cluster's lock ({@link RunLock}), then checks, before anything is touched, that the
 * run can succeed: every host answers; every
 * reviewed file is still as it was shown; rsync is on the source and the target; the source can
 * reach the target; the target has room for the pre-sync and the copy; no pack is in progress. What
 * would spoil the new site though the copy succeeds ({@link TargetReadiness}) is reported as
 * findings, each with what to do.
 */
public final class PreflightStep implements Step {
    private final TargetReadiness readiness;

    public PreflightStep() {
        this(new TargetReadiness(TargetReadiness.SYSTEM_CRONTABS));
    }

    public PreflightStep(TargetReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public String id() {
        return "preflight";
    }

    @Override
    public StepAction action() {
        return new StepAction.Preflight();
    }

    @Override
    public String title() {
        return "Pre-flight checks";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        List<String> hosts = new ArrayList<>(setup.clusterHosts());
        if (setup.profile().target() != null && !setup.retiresOnly()) {
            hosts.add(setup.profile().target().name());
        }
        return hosts;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        // The lock on every cluster host, or a step failure naming the holder.
        try {
            RunLock.acquire(setup, run.journal(), text -> run.info(null, text));
        } catch (RunLock.Refused e) {
            throw new StepFailure(null, e.getMessage(), e);
        }
        List<String> paths = new ArrayList<>(StorageFiles.problems(setup));
        paths.addAll(CopyStep.ontoThemselves(setup));
        if (!paths.isEmpty()) {
            fail(run, null, String.join("; ", paths) + ". Nothing was changed.");
        }
        for (String host : setup.clusterHosts()) {
            run.state(host, StepState.RUNNING, null);
            if (!run.exec(host, List.of("true"), setup.timeouts().command()).ok()) {
                fail(run, host, host + " does not run commands");
            }
            for (PlannedFile f : run.journal().header().reviewed()) {
                if (!f.host().equals(host)) {
                    continue;
                }
                String now;
                try {
                    now = Hashes.sha256(run.host(host).read(f.path()));
                } catch (IOException e) {
                    throw fail(run, host, "cannot read " + f.path() + ": " + e.getMessage());
                }
                if (!now.equals(f.beforeSha256())) {
                    fail(run, host, f.path() + " changed since the plan was reviewed; review the plan again");
                }
            }
            if (setup.retiresOnly()) {
                // A retire alone changes the old zeo.conf as it is now (a resumed one may find it written already).
                for (FileChange c : setup.retireChanges()) {
                    if (!c.host().equals(host)) {
                        continue;
                    }
                    String now;
                    try {
                        now = Hashes.sha256(run.host(host).read(c.path()));
                    } catch (IOException e) {
                        throw fail(run, host, "cannot read " + c.path() + ": " + e.getMessage());
                    }
                    if (!now.equals(c.beforeSha256()) && !now.equals(c.afterSha256())) {
                        fail(run, host, c.path() + " changed since the retire was reviewed; plan it again");
                    }
                }
            }
        }
        List<String> refused = SchemaCheck.problems(run);
        if (!refused.isEmpty()) {
            fail(run, null, String.join("; ", refused));
        }
        MigrationTarget target = setup.profile().target();
        List<StorageFiles> chosen = StorageFiles.chosen(setup);
        for (StorageFiles sf : chosen) {
            if (sf.path() != null && exists(run, sf.host(), sf.path() + ".pack")) {
                fail(run, sf.host(), sf.path() + ".pack exists: a pack is in progress; wait for it to finish");
            }
        }
        List<String> findings = List.of();
        if (target != null && !chosen.isEmpty() && setup.choice().mode() == Mode.FREEZE && !setup.retiresOnly()) {
            checkTarget(run, target, chosen);
            findings = readiness.findings(run, target, chosen);
            findings.forEach(f -> run.log(target.name(), RunEvent.Level.WARNING, "finding: " + f));
        }
        String targetName = target == null || setup.retiresOnly() ? null : target.name();
        int found = findings.size();
        hosts(setup)
                .forEach(h -> run.state(
                        h,
                        StepState.DONE,
                        h.equals(targetName) && found > 0
                                ? "ready; " + found + (found == 1 ? " finding" : " findings")
                                        + " to act on before the new site starts"
                                : "ready"));
    }

    private void checkTarget(StepRun run, MigrationTarget target, List<StorageFiles> chosen)
            throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        run.state(target.name(), StepState.RUNNING, null);
        if (!run.exec(
                        target.name(),
                        List.of("rsync", "--version"),
                        setup.timeouts().command())
                .ok()) {
            fail(run, target.name(), "rsync is not installed on the target " + target.name());
        }
        long needed = 0;
        long largest = 0;
        for (StorageFiles sf : chosen) {
            if (!run.exec(
                            sf.host(),
                            List.of("rsync", "--version"),
                            setup.timeouts().command())
                    .ok()) {
                fail(run, sf.host(), "rsync is not installed on " + sf.host());
            }
            if (!target.isLocal()) {
                if (!run.exec(sf.host(), target.reachCommand(), setup.timeouts().command())
                        .ok()) {
                    fail(
                            run,
                            sf.host(),
                            sf.host() + " cannot reach the target " + target.address() + " over SSH without a "
                                    + "password (" + String.join(" ", target.reachCommand())
                                    + "); set up a key for it");
                }
            }
            if (sf.path() != null) {
                try {
                    long size = run.host(sf.host())
                            .stat(sf.path())
                            .map(s -> s.size())
                            .orElse(0L);
                    String dest = CopyStep.targetPath(setup, sf.host(), sf.path(), target);
                    long there = run.host(target.name())
                            .stat(dest)
                            .map(s -> s.size())
                            .orElse(0L);
                    // A longer target file is kept aside (CopyStep), so the copy needs the whole size.
                    needed += there <= size ? size - there : size;
                    largest = Math.max(largest, size);
                } catch (IOException e) {
                    throw fail(run, sf.host(), "cannot stat " + sf.path() + ": " + e.getMessage());
                }
            }
        }
        for (StorageFiles sf : chosen) {
            if (sf.blobDir() != null) {
                String dest = CopyStep.targetPath(setup, sf.host(), sf.blobDir(), target);
                needed += Math.max(0, bytesUnder(run, sf.host(), sf.blobDir()) - bytesUnder(run, target.name(), dest));
            }
        }
        // After a pack during the pre-sync, rsync writes a new copy beside its own until it is complete.
        boolean preSync = target.preSyncs();
        if (preSync) {
            needed += largest;
        }
        String what = preSync ? "the pre-sync and the copy need" : "the copy needs";
        long free = freeBytes(run, target.name(), target.buildoutDir());
        if (free < needed) {
            fail(
                    run,
                    target.name(),
                    "the target has " + free + " bytes free under " + target.buildoutDir() + " but " + what
                            + " up to " + needed + " (the .fs and blob files not there yet"
                            + (preSync
                                    ? ", and room for one "
                                            + "more copy of the largest .fs, which a pack during the pre-sync needs"
                                    : "")
                            + ")");
        }
        run.info(target.name(), "target: " + free + " bytes free, " + what + " at most " + needed);
    }

    /** Bytes of the files under {@code dir} (0 when it does not exist), from du. */
    private static long bytesUnder(StepRun run, String host, String dir) throws StepFailure, InterruptedException {
        CommandResult r = run.quiet(
                host,
                List.of("sh", "-c", "[ -d \"$1\" ] || { echo 0; exit 0; }; du -s -B1 -- \"$1\"", "blob-bytes", dir),
                run.setup().timeouts().copy());
        String first = r.stdout().strip().split("\\s+")[0];
        if (!r.ok() || !first.matches("\\d+")) {
            throw new StepFailure(
                    host,
                    "cannot tell the size of " + dir + " on " + host + ": "
                            + r.stderr().strip());
        }
        return Long.parseLong(first);
    }

    /** Free bytes of the file system holding {@code dir} (or its nearest existing parent), from df. */
    private static long freeBytes(StepRun run, String host, String dir) throws StepFailure, InterruptedException {
        CommandResult r = run.exec(
                host,
                List.of(
                        "sh",
                        "-c",
                        "d=$1; while [ ! -d \"$d\" ]; do d=$(dirname -- \"$d\"); done; df -P -B1 -- \"$d\"",
                        "free-space",
                        dir),
                run.setup().timeouts().command());
        String[] lines = r.stdout().strip().split("\n");
        if (!r.ok() || lines.length < 2) {
            throw new StepFailure(
                    host,
                    "cannot tell the free space on " + host + ": " + r.stderr().strip());
        }
        String[] cols = lines[lines.length - 1].trim().split("\\s+");
        return Long.parseLong(cols[3]);
    }

    private static boolean exists(StepRun run, String host, String path) throws StepFailure {
        try {
            return run.host(host).exists(path);
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    private static StepFailure fail(StepRun run, String host, String message) throws StepFailure {
        run.state(host, StepState.FAILED, message);
        throw new StepFailure(host, message);
    }
}
