package org.zeofreeze.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.host.ssh.SshConnector;
import org.zeofreeze.host.ssh.SshHosts;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.copy.CopyStepAlone;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.RunListener;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testbed.TestKeys;

/**
 * The copy of a grown storage to a target reached over SSH: a 2 GiB {@code plone.fs} that grows
 * by 1 % between "live" and "frozen", copied from this computer to a real OpenSSH sshd on a
 * loopback address ({@link SshTargetEnd}). The source's rsync and sha256 run here, the target's
 * through sshd. Each round, side by side, every contender starting from the same state (the
 * source back to its live 2 GiB, an empty target), in an order that turns round by round:
 * <ul>
 * <li>the guide's procedure by hand: {@code rsync -a} of the live file, the growth (the freeze),
 *     {@code rsync -a} again (its delta algorithm over ssh);</li>
 * <li>the same with {@code rsync -a --append-verify} after the growth;</li>
 * <li>ZeoFreeze: its pre-sync of the live file, the growth, its copy step.</li>
 * </ul>
 * Frozen is the part after the growth, total both parts; the bytes sent after the freeze come
 * from rsync's {@code --stats} (bench/bin/rsync adds it to ZeoFreeze's). After each, the sha256 of
 * both ends must be equal. Dirty pages are written out ({@code sync}) before each timed part, so
 * none pays for the previous one's writes. Then ZeoFreeze's copy step alone onto an empty target
 * (all of it while frozen), and once a pack after the pre-sync (the file replaced, its first MiB
 * rewritten): the copy step must end identical.
 *
 * <p>Every contender reaches the target as the same user, whose login shell (/bin/sh) starts
 * nothing: root's ~/.bashrc runs {@code pyenv init}, which would be timed with every ssh session
 * (the table shows both session times). Same sshd, same {@code -e} ssh command for all three and
 * for ZeoFreeze's rsync; ZeoFreeze's own SSH connection to the target (stat, sha256) goes to that
 * user on that sshd too. For a trial run: {@code JAVA_TOOL_OPTIONS='-Dbench.copy.mib=64
 * -Dbench.copy.rounds=1' bench/run copy}.
 */
final class CopyBenchmark {
    private static final long MIB = 1L << 20;
    private static final long SIZE = Long.getLong("bench.copy.mib", 2048) * MIB;
    private static final long GROWTH = SIZE / 100;
    private static final int ROUNDS = Integer.getInteger("bench.copy.rounds", 3);
    private static final int SESSIONS = 5;
    private static final double TARGET_RATIO = 1.3;
    private static final double TARGET_BYTES = 1.05;
    private static final Pattern BYTES_SENT = Pattern.compile("Total bytes sent: ([\\d,.]+)");
    /**
     * At most three files of the grown size at once (source, target and rsync's new copy of the
     * target beside the old, or the packed file beside the source), the tail, and room for the rest.
     */
    private static final long SPACE_NEEDED = 3 * (SIZE + GROWTH) + GROWTH + 256 * MIB;

    private final Path work;
    private final ResultTable table;

    CopyBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    /** One contender's round: seconds while live and while frozen, bytes rsync sent after the freeze. */
    record Measured(double live, double frozen, long bytesAfter) {
        double total() {
            return live + frozen;
        }
    }

    /** The series of one contender. */
    static final class Series {
        final Samples frozen = new Samples();
        final Samples total = new Samples();
        final Samples bytes = new Samples();

        void add(Measured m) {
            frozen.add(m.frozen());
            total.add(m.total());
            bytes.add(m.bytesAfter());
        }
    }

    @FunctionalInterface
    interface Contender {
        Measured run() throws Exception;
    }

    void run() throws Exception {
        long free = Files.getFileStore(work).getUsableSpace();
        if (free < SPACE_NEEDED) {
            throw new IOException("the copy benchmark needs " + ResultTable.bytes(SPACE_NEEDED) + " free in " + work
                    + ", there are " + ResultTable.bytes(free));
        }
        double loadAtStart = CpuTime.loadAverage();
        Path source = FixtureBuildout.create(work.resolve("source/zeocluster"), 2);
        Path sourceFs = source.resolve("var/filestorage/plone.fs");
        Path tail = work.resolve("tail.bin");
        // The target's files in a directory of their own: the target's user may not enter the bench's.
        Path remoteRoot = Files.createTempDirectory("zeofreeze-bench-target-");
        if (!Files.getFileStore(remoteRoot).equals(Files.getFileStore(work))) {
            Benchmarks.deleteTree(remoteRoot);
            throw new IOException("the copy benchmark's target directory " + remoteRoot
                    + " is on another file system than " + work + ": the space check counts both together");
        }
        Path targetDir = remoteRoot.resolve("zeocluster");
        Path targetFsDir = targetDir.resolve("var/filestorage");
        Path targetFs = targetFsDir.resolve("plone.fs");
        try (SshTargetEnd end = SshTargetEnd.start(remoteRoot)) {
            sh(
                    600,
                    "sh",
                    "-c",
                    "head -c \"$1\" /dev/urandom > \"$2\"",
                    "make",
                    Long.toString(SIZE),
                    sourceFs.toString());
            sh(600, "sh", "-c", "head -c \"$1\" /dev/urandom > \"$2\"", "tail", Long.toString(GROWTH), tail.toString());

            Samples ownSession = new Samples();
            Samples rootSession = new Samples();
            for (int i = 0; i < SESSIONS; i++) {
                ownSession.add(end.session(SshTargetEnd.USER) * 1000);
                rootSession.add(end.session("root") * 1000);
            }

            MigrationTarget target = end.target(targetDir.toString());
            ClusterProfile profile = new ClusterProfile(
                    "bench-copy",
                    List.of(new HostEntry("zeo", "", null, null, source.toString(), null)),
                    null,
                    target,
                    null,
                    false);
            String rsyncShell = end.rsyncShell();
            String dest = end.destination(targetFs.toString());

            Series guide = new Series();
            Series appendVerify = new Series();
            Series zeoFreeze = new Series();
            Samples vsGuide = new Samples();
            Samples vsAppendVerify = new Samples();
            Samples fullTime = new Samples();
            Samples fullBytes = new Samples();
            SshConnector connector = new SshConnector(end.sshd().settings());
            try (ProfileHosts hosts = new ProfileHosts(profile, new SshHosts(connector))) {
                RunSetup setup = RunPreparation.prepare(profile, Selection.freeze("plone"), hosts);

                Contender byGuide = () -> {
                    double live = rsync(List.of("rsync", "-a", "--stats", "-e", rsyncShell, sourceFs.toString(), dest))
                            .seconds();
                    grow(sourceFs, tail);
                    CopyRun after =
                            rsync(List.of("rsync", "-a", "--stats", "-e", rsyncShell, sourceFs.toString(), dest));
                    return new Measured(live, after.seconds(), after.bytesSent());
                };
                Contender byAppendVerify = () -> {
                    double live = rsync(List.of("rsync", "-a", "--stats", "-e", rsyncShell, sourceFs.toString(), dest))
                            .seconds();
                    grow(sourceFs, tail);
                    CopyRun after = rsync(List.of(
                            "rsync", "-a", "--append-verify", "--stats", "-e", rsyncShell, sourceFs.toString(), dest));
                    return new Measured(live, after.seconds(), after.bytesSent());
                };
                Contender byZeoFreeze = () -> {
                    Journal journal = journal(setup);
                    double live = step(setup, journal, true, "sha256").seconds();
                    grow(sourceFs, tail);
                    CopyRun after = step(setup, journal, false, "is the prefix the pre-sync verified");
                    return new Measured(live, after.seconds(), after.bytesSent());
                };
                List<String> names = List.of("the guide's rsync -a", "rsync -a --append-verify", "ZeoFreeze");
                List<Contender> contenders = List.of(byGuide, byAppendVerify, byZeoFreeze);
                List<Series> series = List.of(guide, appendVerify, zeoFreeze);

                for (int round = 0; round < ROUNDS; round++) {
                    Measured[] measured = new Measured[contenders.size()];
                    for (int k = 0; k < contenders.size(); k++) {
                        int c = (round + k) % contenders.size();
                        shrink(sourceFs);
                        end.freshDirectory(targetFsDir);
                        settle();
                        measured[c] = contenders.get(c).run();
                        sameOnBothEnds(end, sourceFs, targetFs, names.get(c) + ", round " + (round + 1));
                        System.err.println(
                                "bench: copy round " + (round + 1) + ", " + names.get(c) + ": " + measured[c]);
                    }
                    for (int c = 0; c < contenders.size(); c++) {
                        series.get(c).add(measured[c]);
                    }
                    vsGuide.add(measured[2].frozen() / measured[0].frozen());
                    vsAppendVerify.add(measured[2].frozen() / measured[1].frozen());

                    // ZeoFreeze without a pre-sync: the grown file, all of it while frozen.
                    end.freshDirectory(targetFsDir);
                    settle();
                    CopyRun full = step(setup, journal(setup), false, "identical to the source");
                    sameOnBothEnds(end, sourceFs, targetFs, "the copy step without a pre-sync");
                    fullTime.add(full.seconds());
                    fullBytes.add(full.bytesSent());
                }

                String what = sizeName(SIZE) + " .fs grown by 1 % (" + ResultTable.bytes(GROWTH) + ") to "
                        + SshTargetEnd.USER + "@" + end.sshd().address() + " over ssh";
                DoubleFunction<String> ratio = r -> String.format(Locale.ROOT, "%.2f ×", r);
                table.add(
                        "Copy",
                        what + ", while frozen: the guide's second `rsync -a` (delta algorithm)",
                        guide.frozen,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… while frozen: `rsync -a --append-verify` after the initial `rsync -a`",
                        appendVerify.frozen,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… while frozen: ZeoFreeze's copy step after its pre-sync (the tail, then size and sha256 "
                                + "of both ends)",
                        zeoFreeze.frozen,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… ZeoFreeze's frozen time / the guide's, per round",
                        vsGuide,
                        ratio,
                        ResultTable.verdict(
                                vsGuide.median() <= TARGET_RATIO,
                                String.format(Locale.ROOT, "≤ %.1f × the guide's rsync", TARGET_RATIO)));
                table.add(
                        "Copy",
                        "… ZeoFreeze's frozen time / `--append-verify`'s, per round",
                        vsAppendVerify,
                        ratio,
                        ResultTable.verdict(
                                vsAppendVerify.median() <= TARGET_RATIO,
                                String.format(Locale.ROOT, "≤ %.1f × rsync --append-verify", TARGET_RATIO)));
                table.add(
                        "Copy",
                        "… total, live + frozen: the guide's two `rsync -a`",
                        guide.total,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… total, live + frozen: `rsync -a`, then `rsync -a --append-verify`",
                        appendVerify.total,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… total, live + frozen: ZeoFreeze's pre-sync and copy step",
                        zeoFreeze.total,
                        ResultTable::seconds,
                        "");
                table.add(
                        "Copy",
                        "… bytes sent after the freeze: the guide's `rsync -a`",
                        guide.bytes,
                        ResultTable::bytes,
                        "");
                table.add(
                        "Copy",
                        "… bytes sent after the freeze: `rsync -a --append-verify`",
                        appendVerify.bytes,
                        ResultTable::bytes,
                        "");
                double sentRatio = zeoFreeze.bytes.median() / GROWTH;
                table.add(
                        "Copy",
                        "… bytes sent after the freeze: ZeoFreeze",
                        zeoFreeze.bytes,
                        ResultTable::bytes,
                        ResultTable.verdict(
                                sentRatio <= TARGET_BYTES,
                                String.format(Locale.ROOT, "%.3f × bytes appended (≤ %.2f)", sentRatio, TARGET_BYTES)));
                table.add(
                        "Copy",
                        "… ZeoFreeze's copy step without a pre-sync, onto an empty target (all of it while frozen)",
                        fullTime,
                        ResultTable::seconds,
                        "");
                table.add("Copy", "… bytes sent by it", fullBytes, ResultTable::bytes, "");
                table.add(
                        "Copy",
                        "… an ssh session running `true` as the target's user (login shell /bin/sh), as all of "
                                + "the above do",
                        ownSession,
                        ResultTable::millis,
                        "");
                table.add(
                        "Copy",
                        "… the same as root (~/.bashrc runs `pyenv init`), not used above",
                        rootSession,
                        ResultTable::millis,
                        "");

                // A pack after the pre-sync: a new file, its first MiB rewritten.
                shrink(sourceFs);
                end.freshDirectory(targetFsDir);
                Journal journal = journal(setup);
                step(setup, journal, true, "sha256");
                pack(sourceFs);
                CopyRun packed = step(setup, journal, false, "was replaced (packed)");
                String[] h = hashBoth(end, sourceFs, targetFs);
                boolean same = h[0].equals(h[1]);
                table.add(
                        "Copy",
                        "after a pack (the file replaced, first MiB rewritten): ZeoFreeze syncs over its own "
                                + "pre-synced copy",
                        ResultTable.bytes(packed.bytesSent()) + " sent, " + ResultTable.seconds(packed.seconds()),
                        1,
                        ResultTable.verdict(
                                same,
                                same ? "sha256 identical on both ends" : "sha256 differs: " + h[0] + " vs " + h[1]));
                table.add(
                        "Copy",
                        "load average (2 cores) at the start → at the end",
                        String.format(Locale.ROOT, "%.1f → %.1f", loadAtStart, CpuTime.loadAverage()),
                        0,
                        "");
                if (!same) {
                    throw new IOException("after the pack the target differs from the source: " + h[0] + " vs " + h[1]);
                }
            }
        } finally {
            Files.deleteIfExists(sourceFs);
            Files.deleteIfExists(tail);
            Benchmarks.deleteTree(remoteRoot);
            Benchmarks.deleteTree(TestKeys.clientKey().getParent()); // the test key made for the sshd
        }
    }

    record CopyRun(double seconds, long bytesSent) {}

    private Journal journal(RunSetup setup) throws IOException {
        return RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), work.resolve("journals"), Clock.systemUTC());
    }

    /** The pre-sync or the copy step alone, as a run would do it; checks it took the expected branch. */
    private static CopyRun step(RunSetup setup, Journal journal, boolean preSync, String expectedBranch)
            throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        RunListener listener = e -> {
            if (e instanceof RunEvent.Log l) {
                log.add(l.text());
            }
        };
        if (preSync) {
            CopyStepAlone.preSync(setup, journal, listener);
        } else {
            CopyStepAlone.run(setup, journal, listener);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String all = String.join("\n", log);
        if (!all.contains(expectedBranch)) {
            throw new IOException("the " + (preSync ? "pre-sync" : "copy step") + " did not take the '" + expectedBranch
                    + "' branch:\n" + all);
        }
        long sent = bytesSent(all);
        if (sent < 0) {
            throw new IOException(
                    "no rsync --stats in the step's log (run the benchmark with bench/run, which adds it):\n" + all);
        }
        return new CopyRun(seconds, sent);
    }

    private static CopyRun rsync(List<String> argv) throws Exception {
        long start = System.nanoTime();
        Shell.Result r = Shell.run(1800, argv).orFail(String.join(" ", argv));
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = bytesSent(r.output());
        if (sent < 0) {
            throw new IOException("no rsync --stats in the output of " + String.join(" ", argv) + ":\n" + r.output());
        }
        return new CopyRun(seconds, sent);
    }

    /** The bytes every rsync in the output sent, together; -1 when none printed its statistics. */
    static long bytesSent(String rsyncOutput) {
        Matcher m = BYTES_SENT.matcher(rsyncOutput);
        long total = -1;
        while (m.find()) {
            total = Math.max(total, 0) + Long.parseLong(m.group(1).replaceAll("[,.]", ""));
        }
        return total;
    }

    /** sha256 of the source (here) and of the target (through sshd, as the target's user), at once. */
    private static String[] hashBoth(SshTargetEnd end, Path sourceFs, Path targetFs) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> there = pool.submit(() ->
                    end.run(SshTargetEnd.USER, 600, List.of("openssl", "dgst", "-sha256", "-r", targetFs.toString())));
            String here = sh(600, "openssl", "dgst", "-sha256", "-r", sourceFs.toString())
                    .output();
            return new String[] {digest(here), digest(there.get())};
        } finally {
            pool.shutdownNow();
        }
    }

    private static String digest(String output) throws IOException {
        String d = output.strip().split("\\s+")[0];
        if (!d.matches("[0-9a-f]{64}")) {
            throw new IOException("no sha256 in: " + output);
        }
        return d;
    }

    private static void sameOnBothEnds(SshTargetEnd end, Path sourceFs, Path targetFs, String after) throws Exception {
        String[] h = hashBoth(end, sourceFs, targetFs);
        if (!h[0].equals(h[1])) {
            throw new IOException("after " + after + " the target differs from the source: sha256 " + h[1] + " there, "
                    + h[0] + " here");
        }
    }

    /** The source as it was before it grew: its first bytes never change. */
    private static void shrink(Path sourceFs) throws Exception {
        sh(120, "truncate", "-s", Long.toString(SIZE), sourceFs.toString());
    }

    /** The freeze: what the live part wrote goes to disk first (no timed part pays for another's writes), then the tail. */
    private static void grow(Path sourceFs, Path tail) throws Exception {
        settle();
        sh(600, "sh", "-c", "cat -- \"$1\" >> \"$2\"", "grow", tail.toString(), sourceFs.toString());
    }

    private static void settle() throws Exception {
        sh(600, "sync");
    }

    /** As a pack does it: a new file renamed over the old one, here with its first MiB other bytes. */
    private static void pack(Path sourceFs) throws Exception {
        Path packed = sourceFs.resolveSibling(sourceFs.getFileName() + ".packed");
        sh(600, "cp", "--", sourceFs.toString(), packed.toString());
        try (RandomAccessFile f = new RandomAccessFile(packed.toFile(), "rw")) {
            byte[] mib = new byte[1 << 20];
            new Random(7).nextBytes(mib);
            f.write(mib);
        }
        Files.move(packed, sourceFs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sizeName(long bytes) {
        return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB" : bytes / MIB + " MiB";
    }

    private static Shell.Result sh(long timeout, String... argv) throws Exception {
        return Shell.run(timeout, argv).orFail(String.join(" ", argv));
    }
}
