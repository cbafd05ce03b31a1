package org.zeofreeze.runbook.copy;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.RemotePath;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.JournalEntry;
import org.zeofreeze.runbook.step.StepFailure;
import org.zeofreeze.runbook.step.StepRun;

/**
 * One storage's {@code .fs} file and its copy on the target, as the pre-sync and the copy step
 * see them. A FileStorage only grows until it is packed, so a target that holds a verified
 * prefix of the source needs only the tail ({@code --append}: rsync reads and sends nothing
 * else). A target file that is no such prefix and not this run's own pre-synced copy (longer,
 * other bytes: another cluster's data) is moved aside under a time-stamped name, never
 * overwritten. Every hash of both ends runs on both hosts at once.
 */
final class FsCopy {
    private static final DateTimeFormatter KEPT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** How the target's file is brought to the source's bytes. */
    enum Way {
        /** Nothing usable there: the whole file. */
        WHOLE,
        /** A verified prefix: the tail only. */
        TAIL,
        /** This run's own pre-synced copy, no longer a prefix (a pack, a commit under way): a delta sync over it. */
        OVER_OWN
    }

    record Plan(Way way, FileIdentity source, Optional<String> kept) {}

    private final StepRun run;
    private final StorageFiles sf;
    private final MigrationTarget target;
    final String source;
    final String dest;
    final String item;

    FsCopy(StepRun run, StorageFiles sf, MigrationTarget target, String item) throws StepFailure {
        this.run = run;
        this.sf = sf;
        this.target = target;
        this.source = sf.path();
        this.dest = CopyStep.targetPath(run.setup(), sf.host(), source, target);
        this.item = item;
    }

    String host() {
        return sf.host();
    }

    FileIdentity sourceNow() throws StepFailure, InterruptedException {
        return FileIdentity.of(run, sf.host(), source)
                .orElseThrow(() -> new StepFailure(sf.host(), source + " does not exist"));
    }

    Optional<FileIdentity> targetNow() throws StepFailure, InterruptedException {
        return FileIdentity.of(run, target.name(), dest);
    }

    /**
     * Decides how to bring the target up to the source: the pre-sync's record when it still
     * holds (the same two files, the source not shorter), else the prefix compared on both ends.
     */
    Plan plan() throws StepFailure, InterruptedException {
        FileIdentity src = sourceNow();
        Optional<FileIdentity> there = targetNow();
        if (there.isEmpty() || there.get().size() == 0) {
            return new Plan(Way.WHOLE, src, Optional.empty());
        }
        FileIdentity dst = there.get();
        Optional<JournalEntry.PreSynced> own = run.journal()
                .preSynced(sf.host(), source)
                .filter(r -> r.target().equals(dest)
                        && r.targetInode().equals(dst.inode())
                        && r.targetModified().equals(dst.modified())
                        && r.size() == dst.size());
        if (own.isPresent()) {
            JournalEntry.PreSynced r = own.get();
            if (r.sha256() != null && r.sourceInode().equals(src.inode()) && src.size() >= r.size()) {
                run.info(
                        sf.host(),
                        dest + " is the prefix the pre-sync verified (" + r.size() + " of " + src.size()
                                + " bytes, sha256 " + r.sha256() + "): sending the tail only");
                return new Plan(Way.TAIL, src, Optional.empty());
            }
            run.log(
                    sf.host(),
                    RunEvent.Level.WARNING,
                    dest + " is this run's pre-synced copy, but " + source
                            + (r.sourceInode().equals(src.inode()) ? "" : " was replaced (packed)")
                            + (src.size() < r.size()
                                    ? " is shorter now (" + src.size() + " < " + r.size() + " bytes)"
                                    : "")
                            + (r.sha256() == null ? " was being written while it was copied" : "")
                            + ": a delta sync over that copy");
            return new Plan(Way.OVER_OWN, src, Optional.empty());
        }
        if (dst.size() <= src.size()) {
            FileHashes.Both<String, String> h = FileHashes.both(
                    () -> FileHashes.sha256(run, target.name(), dest, -1),
                    () -> FileHashes.sha256(run, sf.host(), source, dst.size()));
            if (h.first().equals(h.second())) {
                run.info(
                        sf.host(),
                        dest + " is a verified prefix (" + dst.size() + " of " + src.size()
                                + " bytes): sending the tail only");
                return new Plan(Way.TAIL, src, Optional.empty());
            }
        }
        // Not a copy of this source that was cut short: data of its own, never overwritten.
        String why = dst.size() > src.size()
                ? "is longer than " + source + " (" + dst.size() + " > " + src.size() + " bytes)"
                : "is not a prefix of " + source + " (its " + dst.size() + " bytes differ)";
        return new Plan(Way.WHOLE, src, Optional.of(keepAside(why)));
    }

    /** Runs rsync the given way; the target then holds the source's bytes as rsync read them. */
    void send(Way way, long total) throws StepFailure, InterruptedException {
        try {
            run.host(target.name()).makeDirectories(RemotePath.parent(dest));
        } catch (IOException e) {
            throw new StepFailure(
                    target.name(), "cannot create " + RemotePath.parent(dest) + " on the target: " + e.getMessage(), e);
        }
        List<String> argv = Rsync.base(target);
        if (way == Way.TAIL) {
            argv.add("--append");
        } else if (way == Way.OVER_OWN) {
            // Same size and time after an append: without this rsync would take it as up to date.
            argv.add("--ignore-times");
        }
        argv.add("--");
        argv.add(source);
        argv.add(target.destination(dest));
        Rsync.run(run, sf.host(), argv, item, total);
    }

    /** Size and sha256 of the target's whole file and of the source's first {@code length} bytes (all when -1), at once. */
    Compared compare(long length) throws StepFailure, InterruptedException {
        FileHashes.Both<String, String> h = FileHashes.both(
                () -> FileHashes.sha256(run, sf.host(), source, length),
                () -> FileHashes.sha256(run, target.name(), dest, -1));
        long a = length >= 0 ? length : sourceNow().size();
        long b = targetNow().map(FileIdentity::size).orElse(-1L);
        return new Compared(a, b, h.first(), h.second());
    }

    record Compared(long sourceSize, long targetSize, String sourceSha256, String targetSha256) {
        boolean identical() {
            return sourceSize == targetSize && sourceSha256.equals(targetSha256);
        }

        String describe() {
            return sourceSize + " vs " + targetSize + " bytes, sha256 " + sourceSha256 + " vs " + targetSha256;
        }
    }

    /**
     * Moves the target's file (and its {@code .index}, which describes it) to a new name with a
     * UTC time stamp; {@code mv -n} and the checks after it make sure no file is replaced.
     */
    private String keepAside(String why) throws StepFailure, InterruptedException {
        String host = target.name();
        String stamp = KEPT_STAMP.format(Instant.parse(run.journal().now()));
        String aside = dest + ".zeofreeze-kept-" + stamp;
        moveAside(host, dest, aside);
        if (exists(run, host, dest + ".index")) {
            moveAside(host, dest + ".index", aside + ".index");
        }
        run.log(
                host,
                RunEvent.Level.WARNING,
                dest + " on the target " + why + ": it was kept as " + aside
                        + ", not overwritten; the source is copied in full");
        return aside;
    }

    private void moveAside(String host, String from, String to) throws StepFailure, InterruptedException {
        if (exists(run, host, to)) {
            throw new StepFailure(
                    host, "cannot keep " + from + " on the target: " + to + " already exists; nothing was copied");
        }
        CommandResult r = run.exec(
                host,
                List.of("mv", "-n", "-T", "--", from, to),
                run.setup().timeouts().command());
        if (!r.ok() || exists(run, host, from) || !exists(run, host, to)) {
            throw new StepFailure(
                    host,
                    "cannot move " + from + " aside to " + to + " on the target ("
                            + r.stderr().strip() + "); nothing was copied over it");
        }
    }

    static boolean exists(StepRun run, String host, String path) throws StepFailure {
        try {
            return run.host(host).exists(path);
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }
}
