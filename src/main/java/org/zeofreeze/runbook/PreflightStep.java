package org.zeofreeze.runbook;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.profile.MigrationTarget;

/**
 * Takes the cluster's lock ({@link RunLock}), then checks, before anything is touched, that the
 * run can succeed: every host answers; every
 * reviewed file is still as it was shown; rsync is on the source and the target; the source can
 * reach the target; the target has room for the copy; no pack is in progress.
 */
final class PreflightStep implements Step {

    @Override
    public String id() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Pre-flight checks";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        List<String> hosts = new ArrayList<>(setup.clusterHosts());
        if (setup.profile().target() != null) {
            hosts.add(setup.profile().target().name());
        }
        return hosts;
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        RunLock.acquire(run);
        List<String> paths = StorageFiles.problems(setup);
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
        if (target != null && !chosen.isEmpty() && setup.choice().mode() == org.zeofreeze.plan.Mode.FREEZE) {
            checkTarget(run, target, chosen);
        }
        hosts(setup).forEach(h -> run.state(h, StepState.DONE, "ready"));
    }

    private void checkTarget(StepRun run, MigrationTarget target, List<StorageFiles> chosen)
            throws StepFailure, InterruptedException {
        RunSetup setup = run.setup();
        run.state(target.name(), StepState.RUNNING, null);
        if (!run.exec(target.name(), List.of("rsync", "--version"), setup.timeouts().command()).ok()) {
            fail(run, target.name(), "rsync is not installed on the target " + target.name());
        }
        long needed = 0;
        for (StorageFiles sf : chosen) {
            if (!run.exec(sf.host(), List.of("rsync", "--version"), setup.timeouts().command()).ok()) {
                fail(run, sf.host(), "rsync is not installed on " + sf.host());
            }
            if (!target.isLocal()) {
                List<String> reach = new ArrayList<>(target.rsyncShell());
                reach.add(target.user() == null || target.user().isBlank() ? target.address() : target.user() + "@" + target.address());
                reach.add("true");
                if (!run.exec(sf.host(), reach, setup.timeouts().command()).ok()) {
                    fail(run, sf.host(), sf.host() + " cannot reach the target " + target.address() + " over SSH without a "
                            + "password (" + String.join(" ", reach) + "); set up a key for it");
                }
            }
            if (sf.path() != null) {
                try {
                    long size = run.host(sf.host()).stat(sf.path()).map(s -> s.size()).orElse(0L);
                    String dest = CopyStep.targetPath(setup, sf.host(), sf.path(), target);
                    long there = run.host(target.name()).stat(dest).map(s -> s.size()).orElse(0L);
                    // A longer target file is kept aside (CopyStep), so the copy needs the whole size.
                    needed += there <= size ? size - there : size;
                } catch (IOException e) {
                    throw fail(run, sf.host(), "cannot stat " + sf.path() + ": " + e.getMessage());
                }
            }
        }
        long free = freeBytes(run, target.name(), target.buildoutDir());
        if (free < needed) {
            fail(run, target.name(), "the target has " + free + " bytes free under " + target.buildoutDir() + " but the copy needs "
                    + needed);
        }
        run.info(target.name(), "target: " + free + " bytes free, copy needs at most " + needed);
    }

    /** Free bytes of the file system holding {@code dir} (or its nearest existing parent), from df. */
    private static long freeBytes(StepRun run, String host, String dir) throws StepFailure, InterruptedException {
        CommandResult r = run.exec(host, List.of("sh", "-c",
                "d=$1; while [ ! -d \"$d\" ]; do d=$(dirname -- \"$d\"); done; df -P -B1 -- \"$d\"", "free-space", dir),
                run.setup().timeouts().command());
        String[] lines = r.stdout().strip().split("\n");
        if (!r.ok() || lines.length < 2) {
            throw new StepFailure(host, "cannot tell the free space on " + host + ": " + r.stderr().strip());
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
