package org.zeofreeze.runbook;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;
import org.zeofreeze.profile.MigrationTarget;

/**
 * Copies each frozen storage's {@code .fs} file and blob directory to the target with rsync, run
 * on the storage's own host. When the target already holds a verified prefix of the file (same
 * bytes up to its length) only the tail is sent ({@code --append-verify}). A target file that is
 * not such a prefix (longer, or other bytes: a pack, or another cluster's data) is moved aside
 * under a time-stamped name and reported, never overwritten; the source is then copied in full.
 * The {@code .fs.index}, {@code .lock}, {@code .tmp}, {@code .pack} and {@code .old} files are never
 * copied. Each copy ends with size and sha256 compared on both ends.
 */
final class CopyStep implements Step {
    private static final java.time.format.DateTimeFormatter KEPT_STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    static final List<String> NEVER_COPIED = List.of("*.fs.index", "*.fs.lock", "*.fs.tmp", "*.fs.pack", "*.fs.old",
            "*.lock", ".lock");

    @Override
    public String id() {
        return "copy";
    }

    @Override
    public String title() {
        return "Copy the frozen storages (rsync)";
    }

    @Override
    public List<String> hosts(RunSetup setup) {
        return StorageFiles.chosen(setup).stream().map(StorageFiles::host).distinct().toList();
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
                throw new StepFailure(sf.host(), "cancelled before copying " + sf.storage().name());
            }
            run.state(sf.host(), StepState.RUNNING, sf.storage().name());
            Optional<String> kept = Optional.empty();
            if (sf.path() != null) {
                kept = copyFile(run, sf, target);
            }
            if (sf.blobDir() != null && exists(run, sf.host(), sf.blobDir())) {
                copyBlobs(run, sf, target);
            }
            run.state(sf.host(), StepState.DONE, sf.storage().name() + " copied and verified"
                    + kept.map(k -> "; the target's former file was kept as " + k).orElse(""));
        }
    }

    static String targetPath(RunSetup setup, String host, String path, MigrationTarget target) {
        Buildout source = setup.discovery().cluster().buildoutOf(host).orElseThrow();
        String relative = source.relative(path);
        return relative.startsWith("/") ? relative : target.buildoutDir() + "/" + relative;
    }

    /** Copies the {@code .fs} file; returns where the target's former file was kept, if it had to be moved aside. */
    private Optional<String> copyFile(StepRun run, StorageFiles sf, MigrationTarget target)
            throws StepFailure, InterruptedException {
        String source = sf.path();
        String dest = targetPath(run.setup(), sf.host(), source, target);
        Host targetHost = run.host(target.name());
        long sourceSize = size(run, sf.host(), source).orElseThrow(() -> new StepFailure(sf.host(), source + " does not exist"));
        Optional<Long> targetSize = size(run, target.name(), dest);
        boolean append = false;
        Optional<String> kept = Optional.empty();
        if (targetSize.isPresent() && targetSize.get() > 0) {
            if (targetSize.get() <= sourceSize) {
                String targetHash = sha256(run, target.name(), dest, -1);
                String prefixHash = sha256(run, sf.host(), source, targetSize.get());
                append = targetHash.equals(prefixHash);
            }
            if (append) {
                run.info(sf.host(), dest + " is a verified prefix (" + targetSize.get() + " of " + sourceSize
                        + " bytes): sending the tail only");
            } else {
                // Not a copy of this source that was cut short: data of its own, never overwritten.
                String why = targetSize.get() > sourceSize
                        ? "is longer than " + source + " (" + targetSize.get() + " > " + sourceSize + " bytes)"
                        : "is not a prefix of " + source + " (its " + targetSize.get() + " bytes differ)";
                kept = Optional.of(keepAside(run, target.name(), dest, why));
            }
        }
        try {
            targetHost.makeDirectories(parent(dest));
        } catch (IOException e) {
            throw new StepFailure(target.name(), "cannot create " + parent(dest) + " on the target: " + e.getMessage(), e);
        }
        List<String> argv = rsyncBase(target);
        if (append) {
            argv.add("--append-verify");
        }
        argv.add("--");
        argv.add(source);
        argv.add(target.destination(dest));
        rsync(run, sf.host(), argv, sf.storage().name() + ".fs", sourceSize);
        verify(run, sf.host(), source, target.name(), dest);
        return kept;
    }

    /**
     * Moves the target's file (and its {@code .index}, which describes it) to a new name with a
     * UTC time stamp; {@code mv -n} and the checks after it make sure no file is replaced.
     */
    private static String keepAside(StepRun run, String host, String dest, String why)
            throws StepFailure, InterruptedException {
        String stamp = KEPT_STAMP.format(java.time.Instant.parse(run.journal().now()));
        String aside = dest + ".zeofreeze-kept-" + stamp;
        moveAside(run, host, dest, aside);
        if (exists(run, host, dest + ".index")) {
            moveAside(run, host, dest + ".index", aside + ".index");
        }
        run.log(host, RunEvent.Level.WARNING, dest + " on the target " + why + ": it was kept as " + aside
                + ", not overwritten; the source is copied in full");
        return aside;
    }

    private static void moveAside(StepRun run, String host, String from, String to) throws StepFailure, InterruptedException {
        if (exists(run, host, to)) {
            throw new StepFailure(host, "cannot keep " + from + " on the target: " + to + " already exists; nothing was copied");
        }
        CommandResult r = run.exec(host, List.of("mv", "-n", "-T", "--", from, to), run.setup().timeouts().command());
        if (!r.ok() || exists(run, host, from) || !exists(run, host, to)) {
            throw new StepFailure(host, "cannot move " + from + " aside to " + to + " on the target (" + r.stderr().strip()
                    + "); nothing was copied over it");
        }
    }

    private void copyBlobs(StepRun run, StorageFiles sf, MigrationTarget target) throws StepFailure, InterruptedException {
        String source = sf.blobDir();
        String dest = targetPath(run.setup(), sf.host(), source, target);
        try {
            run.host(target.name()).makeDirectories(dest);
        } catch (IOException e) {
            throw new StepFailure(target.name(), "cannot create " + dest + " on the target: " + e.getMessage(), e);
        }
        List<String> argv = rsyncBase(target);
        NEVER_COPIED.forEach(p -> argv.add("--exclude=" + p));
        argv.add("--");
        argv.add(source + "/");
        argv.add(target.destination(dest + "/"));
        rsync(run, sf.host(), argv, sf.storage().name() + " blobs", -1);
    }

    private static List<String> rsyncBase(MigrationTarget target) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-a", "--protect-args", "--info=progress2", "--no-inc-recursive"));
        if (target.bandwidthLimitKBps() != null) {
            argv.add("--bwlimit=" + target.bandwidthLimitKBps());
        }
        if (!target.isLocal()) {
            argv.add("-e");
            argv.add(shellWords(target.rsyncShell()));
        }
        return argv;
    }

    /** rsync splits {@code -e} at blanks and honours quotes: quote what needs it. */
    static String shellWords(List<String> words) {
        return String.join(" ", words.stream()
                .map(w -> w.matches("[A-Za-z0-9_./=:@%+,-]+") ? w : "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private void rsync(StepRun run, String host, List<String> argv, String item, long total)
            throws StepFailure, InterruptedException {
        run.info(host, "$ " + String.join(" ", argv));
        CommandResult result;
        run.cancel().enterInterruptible();
        try {
            result = run.host(host).run(argv, run.setup().timeouts().copy(), (line, stderr) -> {
                if (stderr) {
                    run.log(host, RunEvent.Level.WARNING, line);
                    return;
                }
                RsyncProgress.parse(line).ifPresentOrElse(
                        p -> run.progress(host, item, p.bytes(), total > 0 ? total : estimate(p), p.bytesPerSecond(), p.eta()),
                        () -> run.info(host, line));
            });
        } catch (IOException e) {
            throw new StepFailure(host, "rsync of " + item + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new StepFailure(host, "copy of " + item + " cancelled; the target keeps a partial copy, which the next run completes");
        } finally {
            run.cancel().leaveInterruptible();
        }
        if (!result.ok()) {
            throw new StepFailure(host, "rsync of " + item + " failed (exit " + result.exitCode() + "): " + result.stderr().strip());
        }
    }

    private static long estimate(RsyncProgress p) {
        return p.percent() <= 0 ? p.bytes() : p.bytes() * 100 / p.percent();
    }

    private void verify(StepRun run, String host, String source, String targetHost, String dest)
            throws StepFailure, InterruptedException {
        long a = size(run, host, source).orElse(-1L);
        long b = size(run, targetHost, dest).orElse(-2L);
        String ha = sha256(run, host, source, -1);
        String hb = sha256(run, targetHost, dest, -1);
        if (a != b || !ha.equals(hb)) {
            throw new StepFailure(targetHost, "the copy " + dest + " is not identical to " + source + " (" + a + " vs " + b
                    + " bytes, sha256 " + ha + " vs " + hb + ")");
        }
        run.info(targetHost, dest + ": " + b + " bytes, sha256 " + hb + " — identical to the source");
    }

    private static Optional<Long> size(StepRun run, String host, String path) throws StepFailure {
        try {
            return run.host(host).stat(path).map(FileStat::size);
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(StepRun run, String host, String path) throws StepFailure {
        try {
            return run.host(host).exists(path);
        } catch (IOException e) {
            throw new StepFailure(host, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    /** sha256 of a file, or of its first {@code length} bytes, computed on the host that has it. */
    static String sha256(StepRun run, String host, String path, long length) throws StepFailure, InterruptedException {
        List<String> argv = length < 0 ? List.of("sha256sum", "--", path)
                : List.of("sh", "-c", "head -c \"$1\" -- \"$2\" | sha256sum", "prefix-hash", Long.toString(length), path);
        CommandResult r;
        try {
            r = run.host(host).run(argv, run.setup().timeouts().copy());
        } catch (IOException e) {
            throw new StepFailure(host, "cannot hash " + path + ": " + e.getMessage(), e);
        }
        if (!r.ok() || r.stdout().isBlank()) {
            throw new StepFailure(host, "cannot hash " + path + ": " + r.stderr().strip());
        }
        return r.stdout().strip().split("\\s+")[0];
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

}
