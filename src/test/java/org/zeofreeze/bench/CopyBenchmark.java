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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.host.ProfileHosts;
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

/**
 * The copy of a grown storage: a 2 GiB {@code plone.fs} that grows by 1 % between the pre-sync
 * and the freeze. Source and target are local paths: over SSH the remote login shell's start-up
 * files (here a pyenv rehash that waits on a lock) would be timed too. Each round, side by side:
 * <ul>
 * <li>with the pre-sync: ZeoFreeze's pre-sync of the live 2 GiB, the growth, then the copy step
 *     after the freeze (the part of the frozen window the copy takes);</li>
 * <li>without: the copy step onto an empty target, all of it while frozen;</li>
 * <li>the target already holding the 2 GiB (an initial rsync by hand), no pre-sync record: the
 *     copy step, plain {@code rsync -a --no-whole-file} (its delta algorithm, as between two
 *     hosts; locally it copies whole files) and a whole-file copy.</li>
 * </ul>
 * Then a pack after the pre-sync (the file replaced, its first MiB rewritten): the copy step
 * must sync over its own pre-synced copy and end identical.
 */
final class CopyBenchmark {
    private static final long SIZE = 2L << 30;
    private static final long GROWTH = SIZE / 100;
    private static final int ROUNDS = 3;
    private static final double TARGET_RATIO = 1.3;
    private static final Pattern BYTES_SENT = Pattern.compile("Total bytes sent: ([\\d,.]+)");
    /** Source, target, rsync's temporary copy, the packed file and the grown tail, with room to spare. */
    private static final long SPACE_NEEDED = 4 * SIZE + (1L << 30);

    private final Path work;
    private final ResultTable table;

    CopyBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    void run() throws Exception {
        long free = Files.getFileStore(work).getUsableSpace();
        if (free < SPACE_NEEDED) {
            throw new IOException("the copy benchmark needs " + ResultTable.bytes(SPACE_NEEDED) + " free in " + work
                    + ", there are " + ResultTable.bytes(free));
        }
        Path source = FixtureBuildout.create(work.resolve("source/zeocluster"), 2);
        Path targetDir = Files.createDirectories(work.resolve("target/zeocluster"));
        Path sourceFs = source.resolve("var/filestorage/plone.fs");
        Path targetFs =
                Files.createDirectories(targetDir.resolve("var/filestorage")).resolve("plone.fs");
        Path tail = work.resolve("tail.bin");
        try {
            sh(
                    600,
                    "sh",
                    "-c",
                    "head -c \"$1\" /dev/urandom > \"$2\"",
                    "make",
                    Long.toString(SIZE),
                    sourceFs.toString());
            sh(600, "sh", "-c", "head -c \"$1\" /dev/urandom > \"$2\"", "tail", Long.toString(GROWTH), tail.toString());

            MigrationTarget target = new MigrationTarget("new", "", null, null, targetDir.toString(), List.of());
            ClusterProfile profile = new ClusterProfile(
                    "bench-copy",
                    List.of(new HostEntry("zeo", "", null, null, source.toString(), null)),
                    null,
                    target,
                    null,
                    false);

            Samples preSyncTime = new Samples();
            Samples preSyncBytes = new Samples();
            Samples afterTime = new Samples();
            Samples afterBytes = new Samples();
            Samples frozenFull = new Samples();
            Samples frozenFullBytes = new Samples();
            Samples prefixTime = new Samples();
            Samples prefixBytes = new Samples();
            Samples plainTime = new Samples();
            Samples plainBytes = new Samples();
            Samples wholeTime = new Samples();
            Samples wholeBytes = new Samples();
            try (ProfileHosts hosts = new ProfileHosts(profile, entry -> {
                throw new IOException("the copy benchmark uses local paths only");
            })) {
                RunSetup setup = RunPreparation.prepare(profile, Selection.freeze("plone"), hosts);
                for (int round = 0; round < ROUNDS; round++) {
                    // With the pre-sync: the live file, then the growth, then the copy after the freeze.
                    shrink(sourceFs);
                    Files.deleteIfExists(targetFs);
                    Journal journal = journal(setup);
                    CopyRun pre = step(setup, journal, true, "sha256");
                    preSyncTime.add(pre.seconds());
                    preSyncBytes.add(pre.bytesSent());
                    grow(sourceFs, tail);
                    CopyRun after = step(setup, journal, false, "is the prefix the pre-sync verified");
                    afterTime.add(after.seconds());
                    afterBytes.add(after.bytesSent());

                    // Without: everything while frozen.
                    Files.deleteIfExists(targetFs);
                    CopyRun full = step(setup, journal(setup), false, "identical to the source");
                    frozenFull.add(full.seconds());
                    frozenFullBytes.add(full.bytesSent());

                    // The 2 GiB already there, no record of it: ZeoFreeze, plain rsync, a whole-file copy.
                    resetTarget(targetFs);
                    CopyRun prefix = step(setup, journal(setup), false, "is a verified prefix");
                    prefixTime.add(prefix.seconds());
                    prefixBytes.add(prefix.bytesSent());

                    resetTarget(targetFs);
                    CopyRun plain = rsync(List.of(
                            "rsync", "-a", "--no-whole-file", "--stats", sourceFs.toString(), targetFs.toString()));
                    plainTime.add(plain.seconds());
                    plainBytes.add(plain.bytesSent());

                    resetTarget(targetFs);
                    CopyRun whole = rsync(List.of(
                            "rsync", "-a", "--whole-file", "--stats", sourceFs.toString(), targetFs.toString()));
                    wholeTime.add(whole.seconds());
                    wholeBytes.add(whole.bytesSent());
                }
                String what = "2 GiB .fs grown by 1 % (" + ResultTable.bytes(GROWTH) + ")";
                double windowRatio = afterTime.median() / frozenFull.median();
                table.add(
                        "Copy",
                        what + ": frozen window's copy, with the pre-sync (the tail, size and sha256 of both ends)",
                        ResultTable.seconds(afterTime.median()),
                        afterTime.count(),
                        String.format(Locale.ROOT, "%.2f × without", windowRatio));
                table.add(
                        "Copy",
                        "… without the pre-sync (the whole file while frozen)",
                        ResultTable.seconds(frozenFull.median()),
                        frozenFull.count(),
                        "");
                table.add(
                        "Copy",
                        "… the pre-sync itself, while the site is live",
                        ResultTable.seconds(preSyncTime.median()),
                        preSyncTime.count(),
                        "");
                double ratio = afterTime.median() / plainTime.median();
                table.add(
                        "Copy",
                        "… plain `rsync -a` (delta transfer, as between hosts), the 2 GiB already there",
                        ResultTable.seconds(plainTime.median()),
                        plainTime.count(),
                        "");
                table.add(
                        "Copy",
                        "… ZeoFreeze's copy after the pre-sync vs plain `rsync -a`",
                        String.format(Locale.ROOT, "%.2f ×", ratio),
                        afterTime.count(),
                        ResultTable.verdict(
                                ratio <= TARGET_RATIO,
                                String.format(Locale.ROOT, "≤ %.1f × plain rsync", TARGET_RATIO)));
                double prefixRatio = prefixTime.median() / plainTime.median();
                table.add(
                        "Copy",
                        "… ZeoFreeze, the 2 GiB already there without a pre-sync (prefix hashed on both ends first)",
                        ResultTable.seconds(prefixTime.median()),
                        prefixTime.count(),
                        ResultTable.verdict(
                                prefixRatio <= TARGET_RATIO,
                                String.format(Locale.ROOT, "%.2f × plain rsync (≤ %.1f)", prefixRatio, TARGET_RATIO)));
                table.add(
                        "Copy",
                        "… full copy (`rsync -a --whole-file`) time",
                        ResultTable.seconds(wholeTime.median()),
                        wholeTime.count(),
                        "");
                double sentRatio = afterBytes.median() / GROWTH;
                table.add(
                        "Copy",
                        "… bytes sent after the freeze: with the pre-sync / without / plain rsync / whole file",
                        ResultTable.bytes(afterBytes.median()) + " / " + ResultTable.bytes(frozenFullBytes.median())
                                + " / " + ResultTable.bytes(plainBytes.median()) + " / "
                                + ResultTable.bytes(wholeBytes.median()),
                        afterBytes.count(),
                        ResultTable.verdict(
                                sentRatio <= 1.05,
                                String.format(Locale.ROOT, "%.3f × bytes appended (≤ 1.05)", sentRatio)));
                table.add(
                        "Copy",
                        "… bytes sent by the pre-sync (live) / by ZeoFreeze with the 2 GiB already there",
                        ResultTable.bytes(preSyncBytes.median()) + " / " + ResultTable.bytes(prefixBytes.median()),
                        preSyncBytes.count(),
                        "");

                // A pack after the pre-sync: a new file, its first MiB rewritten.
                shrink(sourceFs);
                Files.deleteIfExists(targetFs);
                Journal journal = journal(setup);
                step(setup, journal, true, "sha256");
                pack(sourceFs);
                CopyRun packed = step(setup, journal, false, "was replaced (packed)");
                String a = sha256(sourceFs);
                String b = sha256(targetFs);
                table.add(
                        "Copy",
                        "after a pack (the file replaced, first MiB rewritten): ZeoFreeze syncs over its own "
                                + "pre-synced copy",
                        ResultTable.bytes(packed.bytesSent()) + " sent, " + ResultTable.seconds(packed.seconds()),
                        1,
                        ResultTable.verdict(
                                a.equals(b),
                                a.equals(b) ? "sha256 identical on both ends" : "sha256 differs: " + a + " vs " + b));
            }
        } finally {
            Files.deleteIfExists(sourceFs);
            Files.deleteIfExists(targetFs);
            Files.deleteIfExists(tail);
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
        return new CopyRun(seconds, bytesSent(r.output()));
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

    /** The source as it was before it grew: its first 2 GiB never change. */
    private static void shrink(Path sourceFs) throws Exception {
        sh(120, "truncate", "-s", Long.toString(SIZE), sourceFs.toString());
    }

    private static void grow(Path sourceFs, Path tail) throws Exception {
        sh(600, "sh", "-c", "cat -- \"$1\" >> \"$2\"", "grow", tail.toString(), sourceFs.toString());
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

    /** Back to the 2 GiB the target held before the source grew (every copy leaves it equal to the source). */
    private static void resetTarget(Path targetFs) throws Exception {
        sh(120, "truncate", "-s", Long.toString(SIZE), targetFs.toString());
    }

    private static String sha256(Path file) throws Exception {
        return sh(600, "sha256sum", file.toString()).output().strip().split("\\s+")[0];
    }

    private static Shell.Result sh(long timeout, String... argv) throws Exception {
        return Shell.run(timeout, argv).orFail(String.join(" ", argv));
    }
}
