package org.zeofreeze.runbook.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * Copies every chosen storage's {@code .fs} and blob directory to the target while the site is
 * still live and writable, so that after the freeze only what was written since moves. The
 * {@code .fs} is sent again while the part still to send shrinks (the site keeps appending), at
 * most {@link #MAX_ROUNDS} times. A pack under way ({@code .fs.pack} there, the file replaced
 * or shorter) makes the pre-sync wait for it and start again over its own copy. The last round
 * ends with the prefix's sha256 compared on both ends, recorded in the journal: the copy step
 * after the freeze takes it from there instead of hashing the prefix again.
 */
public final class PreSyncStep implements Step {
    static final int MAX_ROUNDS = 6;
    static final int MAX_RESTARTS = 3;
    private static final Duration PACK_POLL = Duration.ofSeconds(2);

    @Override
    public String id() {
        return "presync";
    }

    @Override
    public StepAction action() {
        return new StepAction.PreSync();
    }

    @Override
    public String title() {
        return "Pre-sync the storages to the target while the site is live (rsync)";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return StorageFiles.hosts(setup);
    }

    @Override
    public void run(StepRun run) throws StepFailure, InterruptedException {
        MigrationTarget target = run.setup().profile().target();
        if (target == null) {
            run.info(null, "no migration target in the profile: nothing to pre-sync");
            return;
        }
        if (run.journal().freezeBegan().isPresent()) {
            // A resumed run past this point: the site is no longer live, the copy step moves what is left.
            run.info(
                    null,
                    "the freeze has begun (the journal records a stopped process or a written file): "
                            + "no pre-sync now, the copy moves everything");
            return;
        }
        for (StorageFiles sf : StorageFiles.chosen(run.setup())) {
            if (run.cancel().isCancelled()) {
                throw new StepFailure(
                        sf.host(),
                        "cancelled before the pre-sync of " + sf.storage().name());
            }
            run.state(sf.host(), StepState.RUNNING, sf.storage().name());
            String what = "";
            if (sf.path() != null) {
                what = preSync(run, new FsCopy(run, sf, target, sf.storage().name() + ".fs (pre-sync)"));
            }
            if (sf.blobDir() != null && FsCopy.exists(run, sf.host(), sf.blobDir())) {
                int sent = BlobCopy.send(run, sf, target, sf.storage().name() + " blobs (pre-sync)")
                        .size();
                what += (what.isEmpty() ? "" : "; ") + sent + " blob files sent";
            }
            run.state(
                    sf.host(),
                    StepState.DONE,
                    sf.storage().name() + " pre-synced" + (what.isEmpty() ? "" : ": " + what));
        }
    }

    /** Brings the target's {@code .fs} near the live source; returns what it did, briefly. */
    private String preSync(StepRun run, FsCopy fs) throws StepFailure, InterruptedException {
        waitWhilePacking(run, fs);
        FsCopy.Plan plan = fs.plan();
        fs.send(plan.way(), plan.source().size());
        FileIdentity started = plan.source();
        long copied = record(run, fs, started, null);
        int rounds = 1;
        int restarts = 0;
        long lastDelta = Long.MAX_VALUE;
        while (rounds < MAX_ROUNDS) {
            FileIdentity now = fs.sourceNow();
            if (packing(run, fs) || !now.inode().equals(started.inode()) || now.size() < copied) {
                if (++restarts > MAX_RESTARTS) {
                    throw new StepFailure(
                            fs.host(),
                            fs.source + " was packed " + restarts + " times during the pre-sync; "
                                    + "stop the pack jobs for the migration and run again");
                }
                run.log(
                        fs.host(),
                        RunEvent.Level.WARNING,
                        fs.source
                                + (now.inode().equals(started.inode())
                                        ? " got shorter (" + now.size() + " < " + copied + " bytes)"
                                        : " was replaced")
                                + ": a pack; "
                                + "the pre-sync starts again over its own copy");
                waitWhilePacking(run, fs);
                started = fs.sourceNow();
                fs.send(FsCopy.Way.OVER_OWN, started.size());
                copied = record(run, fs, started, null);
                rounds++;
                lastDelta = Long.MAX_VALUE;
                continue;
            }
            long delta = now.size() - copied;
            if (delta == 0 || delta >= lastDelta) {
                break; // nothing more, or the site writes as fast as the rounds go
            }
            rounds++;
            run.state(
                    fs.host(), StepState.RUNNING, "round " + rounds + ": " + delta + " bytes appended since the last");
            fs.send(FsCopy.Way.TAIL, now.size());
            copied = record(run, fs, started, null);
            lastDelta = delta;
        }
        FsCopy.Compared c = fs.compare(copied);
        if (!c.identical()) {
            // A commit was under way in the last bytes sent; it has finished (or been undone) since.
            run.info(
                    fs.host(),
                    fs.dest + " differs from the first " + copied + " bytes of " + fs.source + " (" + c.describe()
                            + "): a delta sync over this copy");
            started = fs.sourceNow();
            fs.send(FsCopy.Way.OVER_OWN, started.size());
            copied = record(run, fs, started, null);
            c = fs.compare(copied);
        }
        String hash = c.identical() ? c.targetSha256() : null;
        record(run, fs, started, hash);
        run.info(
                fs.host(),
                fs.dest
                        + (hash != null
                                ? ": the first " + copied + " bytes of " + fs.source + " in " + rounds
                                        + (rounds == 1 ? " round" : " rounds") + ", sha256 " + hash + " on both ends"
                                : ": " + copied + " bytes in " + rounds + " rounds, not yet a prefix of the live file ("
                                        + c.describe() + "); the copy after the freeze brings it up to date"));
        return copied + " bytes in " + rounds + (rounds == 1 ? " round" : " rounds")
                + (hash != null ? ", verified" : "");
    }

    /** Records the target's file as this run's own copy of the source's first bytes; returns its size. */
    private static long record(StepRun run, FsCopy fs, FileIdentity source, String sha256)
            throws StepFailure, InterruptedException {
        FileIdentity there = fs.targetNow()
                .orElseThrow(() -> new StepFailure(fs.host(), fs.dest + " is not on the target " + "after rsync"));
        run.journal()
                .append(new JournalEntry.PreSynced(
                        run.journal().now(),
                        fs.host(),
                        fs.source,
                        fs.dest,
                        there.size(),
                        sha256,
                        source.inode(),
                        there.inode(),
                        there.modified()));
        return there.size();
    }

    private static boolean packing(StepRun run, FsCopy fs) throws StepFailure {
        return FsCopy.exists(run, fs.host(), fs.source + ".pack");
    }

    private static void waitWhilePacking(StepRun run, FsCopy fs) throws StepFailure, InterruptedException {
        if (!packing(run, fs)) {
            return;
        }
        run.log(
                fs.host(),
                RunEvent.Level.WARNING,
                fs.source + ".pack exists: a pack is under way; the pre-sync waits for it");
        Instant deadline = Instant.now().plus(run.setup().timeouts().copy());
        while (packing(run, fs)) {
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(
                        fs.host(),
                        fs.source + ".pack is still there after "
                                + run.setup().timeouts().copy()
                                + ": a pack is under way; wait for it to finish, or stop it, and run again");
            }
            if (run.cancel().isCancelled()) {
                throw new StepFailure(fs.host(), "cancelled while waiting for the pack of " + fs.source);
            }
            Thread.sleep(PACK_POLL.toMillis());
        }
    }
}
