package org.zeofreeze.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.CopyStepAlone;
import org.zeofreeze.runbook.Journal;
import org.zeofreeze.runbook.RunEvent;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.RunSetup;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Strategy;

/**
 * The copy of a grown storage: a 2 GiB {@code plone.fs} already on the target, the source grown by
 * 1 %. Source and target are local paths: over SSH the remote login shell's start-up files (here
 * a pyenv rehash that waits on a lock) would be timed too. Plain rsync gets {@code --no-whole-file}
 * so it uses its delta algorithm as it does between two hosts (it copies whole files locally). ZeoFreeze's copy step (verified prefix → {@code --append-verify}, then size and sha256 on
 * both ends) against plain {@code rsync -a} and a whole-file copy, each round all three. Then a
 * "pack": the first MiB of the source rewritten, so the target is no prefix any more; the copy
 * step must fall back to a full delta sync and end identical.
 */
final class CopyBenchmark {
    private static final long SIZE = 2L << 30;
    private static final long GROWTH = SIZE / 100;
    private static final int ROUNDS = 3;
    private static final Pattern BYTES_SENT = Pattern.compile("Total bytes sent: ([\\d,.]+)");
    /** Source, target, the grown tail and rsync's temporary copy of the target, with room to spare. */
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
        Path targetFs = Files.createDirectories(targetDir.resolve("var/filestorage")).resolve("plone.fs");
        try {
            sh(600, "sh", "-c", "head -c \"$1\" /dev/urandom > \"$2\"", "make", Long.toString(SIZE), sourceFs.toString());
            sh(600, "cp", sourceFs.toString(), targetFs.toString());
            sh(600, "sh", "-c", "head -c \"$1\" /dev/urandom >> \"$2\"", "grow", Long.toString(GROWTH), sourceFs.toString());

            MigrationTarget target = new MigrationTarget("new", "", null, null, targetDir.toString(), List.of());
            ClusterProfile profile = new ClusterProfile("bench-copy",
                    List.of(new HostEntry("zeo", "", null, null, source.toString(), null)), null, target, null, false);
            String remoteTarget = targetFs.toString();

            Samples zfTime = new Samples();
            Samples zfBytes = new Samples();
            Samples plainTime = new Samples();
            Samples plainBytes = new Samples();
            Samples fullTime = new Samples();
            Samples fullBytes = new Samples();
            try (ProfileHosts hosts = new ProfileHosts(profile, entry -> {
                throw new IOException("the copy benchmark uses local paths only");
            })) {
                RunSetup setup = RunPreparation.prepare(profile, Selection.freeze("plone"), hosts);
                for (int round = 0; round < ROUNDS; round++) {
                    resetTarget(targetFs);
                    CopyRun zf = zeoFreezeCopy(setup, "verified prefix");
                    zfTime.add(zf.seconds());
                    zfBytes.add(zf.bytesSent());

                    resetTarget(targetFs);
                    CopyRun plain = rsync(List.of("rsync", "-a", "--no-whole-file", "--stats", sourceFs.toString(), remoteTarget));
                    plainTime.add(plain.seconds());
                    plainBytes.add(plain.bytesSent());

                    resetTarget(targetFs);
                    CopyRun full = rsync(List.of("rsync", "-a", "--whole-file", "--stats", sourceFs.toString(), remoteTarget));
                    fullTime.add(full.seconds());
                    fullBytes.add(full.bytesSent());
                }
                String what = "2 GiB .fs grown by 1 % (" + ResultTable.bytes(GROWTH) + ")";
                double ratio = zfBytes.median() / GROWTH;
                table.add("Copy", what + ": ZeoFreeze (verified prefix → --append-verify) bytes sent",
                        ResultTable.bytes(zfBytes.median()), zfBytes.count(), ResultTable.verdict(ratio <= 1.05,
                                String.format(Locale.ROOT, "%.3f × bytes appended (≤ 1.05)", ratio)));
                table.add("Copy", "… plain `rsync -a` (delta transfer, as between hosts) bytes sent", ResultTable.bytes(plainBytes.median()), plainBytes.count(), "");
                table.add("Copy", "… full copy (`rsync -a --whole-file`) bytes sent", ResultTable.bytes(fullBytes.median()),
                        fullBytes.count(), "");
                table.add("Copy", "… ZeoFreeze time (incl. prefix check and sha256 of both ends)",
                        ResultTable.seconds(zfTime.median()), zfTime.count(), "");
                table.add("Copy", "… plain `rsync -a` time", ResultTable.seconds(plainTime.median()), plainTime.count(), "");
                table.add("Copy", "… full copy time", ResultTable.seconds(fullTime.median()), fullTime.count(), "");

                // The pack: the target is no prefix of the source any more.
                resetTarget(targetFs);
                try (RandomAccessFile f = new RandomAccessFile(sourceFs.toFile(), "rw")) {
                    byte[] mib = new byte[1 << 20];
                    new java.util.Random(7).nextBytes(mib);
                    f.write(mib);
                }
                CopyRun packed = zeoFreezeCopy(setup, "full delta sync");
                String a = sha256(sourceFs);
                String b = sha256(targetFs);
                table.add("Copy", "after a pack (first MiB rewritten): ZeoFreeze falls back to a full delta sync",
                        ResultTable.bytes(packed.bytesSent()) + " sent, " + ResultTable.seconds(packed.seconds()), 1,
                        ResultTable.verdict(a.equals(b), a.equals(b) ? "sha256 identical on both ends"
                                : "sha256 differs: " + a + " vs " + b));
            }
        } finally {
            Files.deleteIfExists(sourceFs);
            Files.deleteIfExists(targetFs);
        }
    }

    record CopyRun(double seconds, long bytesSent) {
    }

    /** The copy step alone, as a run would do it; checks it took the expected branch. */
    private CopyRun zeoFreezeCopy(RunSetup setup, String expectedBranch) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Journal journal = RunPreparation.journal(setup, Runbook.of(setup, Strategy.FULL_STOP), work.resolve("journals"),
                Clock.systemUTC());
        long start = System.nanoTime();
        CopyStepAlone.run(setup, journal, e -> {
            if (e instanceof RunEvent.Log) {
                log.add(((RunEvent.Log) e).text());
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        String all = String.join("\n", log);
        if (!all.contains(expectedBranch)) {
            throw new IOException("the copy step did not take the '" + expectedBranch + "' branch:\n" + all);
        }
        long sent = bytesSent(all);
        if (sent < 0) {
            throw new IOException("no rsync --stats in the copy step's log (run the benchmark with bench/run, which adds it):\n"
                    + all);
        }
        return new CopyRun(seconds, sent);
    }

    private static CopyRun rsync(List<String> argv) throws Exception {
        long start = System.nanoTime();
        Shell.Result r = Shell.run(1800, argv).orFail(String.join(" ", argv));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CopyRun(seconds, bytesSent(r.output()));
    }

    static long bytesSent(String rsyncOutput) {
        Matcher m = BYTES_SENT.matcher(rsyncOutput);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1).replaceAll("[,.]", ""));
        }
        return last;
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
