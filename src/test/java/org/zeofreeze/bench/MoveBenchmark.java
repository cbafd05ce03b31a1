package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * The move of a 300 MiB catalog storage (real FileStorage transactions) of a 3-client cluster
 * behind a real HAProxy to a second ZEO server, under a request load through the balancer, with
 * the pre-sync: the storage's read-only window (the first client leaving service to come back
 * read-only → the last client writable at the target), the parts of it (the freeze, the tail copy,
 * the target's start with the identity proof, each roll), failed requests, and beside it the same
 * storage copied alone by rsync. Each round starts from the same two buildouts, restored from a
 * snapshot taken once built.
 */
final class MoveBenchmark {
    private static final int ROUNDS = 2;
    private static final int BASE_PORT = 19300;
    private static final int TARGET_PORT = 19350;
    private static final int PROXY_PORT = 19390;
    private static final int CLIENTS = 3;
    private static final int MIB = 300;

    private final Path work;
    private final ResultTable table;

    MoveBenchmark(Path work, ResultTable table) {
        this.work = work;
        this.table = table;
    }

    /** What one move measured, in seconds. */
    record Measured(
            double window,
            double serverFrozenToWritable,
            double freeze,
            double copy,
            double serve,
            double firstRoll,
            double writable,
            double secondRoll,
            double clientRestart,
            int failed,
            int requests,
            double longestGap,
            int cappedDrains) {}

    void run() throws Exception {
        TestCluster cluster = TestCluster.build(work.resolve("zeocluster"), BASE_PORT, CLIENTS);
        TestCluster target = TestCluster.build(work.resolve("newserver"), TARGET_PORT, 0, "--server-only");
        grow(cluster);
        Path snapshot = work.resolve("snapshot.tar");
        Shell.run(300, "tar", "-C", work.toString(), "-cf", snapshot.toString(), "zeocluster", "newserver")
                .orFail("the snapshot");
        long size = Files.size(cluster.fs("catalog"));
        List<Measured> rounds = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        double load = CpuTime.loadAverage();
        for (int round = 0; round < ROUNDS; round++) {
            Shell.run(
                            300,
                            "sh",
                            "-c",
                            "cd \"$1\" && rm -rf zeocluster newserver && tar -xf \"$2\"",
                            "restore",
                            work.toString(),
                            snapshot.toString())
                    .orFail("the restore");
            alone.add(copyAlone(cluster));
            cluster.start();
            TestHaproxy haproxy = TestHaproxy.start(work.resolve("haproxy-" + round), cluster, PROXY_PORT);
            try {
                rounds.add(moveOnce(cluster, target, haproxy));
            } finally {
                haproxy.close();
                cluster.stop();
                target.close();
            }
        }
        String group =
                "Move of a " + ResultTable.bytes(size) + " storage under load, " + CLIENTS + " clients behind HAProxy";
        Samples window = samples(rounds, Measured::window);
        Samples copy = samples(rounds, Measured::copy);
        Samples restart = samples(rounds, Measured::clientRestart);
        double goal = copy.median() + 2 * CLIENTS * restart.median() + 10;
        // The goal counts the move's two rolls: its window starts when the storage is read-only at the server,
        // the freeze's own roll done; the window from the first client's roll is shown beside it.
        Samples fromServer = samples(rounds, Measured::serverFrozenToWritable);
        table.add(
                group,
                String.format(
                        Locale.ROOT,
                        "read-only window: read-only at the server (the freeze's ZEO restart "
                                + "done) → last client writable at the target; load average %.1f",
                        load),
                ResultTable.seconds(fromServer.median()),
                fromServer.count(),
                ResultTable.verdict(
                        fromServer.max() <= goal,
                        String.format(
                                Locale.ROOT,
                                "≤ tail copy %s + 2 × %d × client restart %s + 10 s = %s",
                                ResultTable.seconds(copy.median()),
                                CLIENTS,
                                ResultTable.seconds(restart.median()),
                                ResultTable.seconds(goal))));
        table.add(
                group,
                "… from the first client leaving service to come back read-only (the freeze's roll included)",
                ResultTable.seconds(window.median()),
                window.count(),
                "");
        table.add(
                group,
                "… of which: freeze (3 client rolls, ZEO alone, verify) / tail copy / target started and proven "
                        + "identical / first roll / target writable / second roll",
                String.join(
                        " / ",
                        ResultTable.seconds(samples(rounds, Measured::freeze).median()),
                        ResultTable.seconds(copy.median()),
                        ResultTable.seconds(samples(rounds, Measured::serve).median()),
                        ResultTable.seconds(samples(rounds, Measured::firstRoll).median()),
                        ResultTable.seconds(samples(rounds, Measured::writable).median()),
                        ResultTable.seconds(
                                samples(rounds, Measured::secondRoll).median())),
                rounds.size(),
                "");
        table.add(
                group,
                "… one client's restart in a roll (drain, stop, write, start until it answers, undrain); drains "
                        + "that waited the full 5 s for connections to close",
                ResultTable.seconds(restart.median()) + "; "
                        + rounds.stream().mapToInt(Measured::cappedDrains).sum() + " of " + rounds.size() * 3 * CLIENTS,
                rounds.size(),
                "");
        Samples failed = samples(rounds, m -> m.failed());
        table.add(
                group,
                "failed requests / requests / longest time the site answered nothing",
                String.format(
                        Locale.ROOT,
                        "%.0f / %d / %s",
                        failed.max(),
                        rounds.stream().mapToInt(Measured::requests).sum(),
                        ResultTable.seconds(
                                samples(rounds, Measured::longestGap).max())),
                rounds.size(),
                ResultTable.verdict(failed.max() == 0, "0 failed"));
        Samples copyAlone = new Samples();
        alone.forEach(copyAlone::add);
        table.add(
                group,
                "the same storage copied alone (rsync -a to an empty directory, the site stopped)",
                ResultTable.seconds(copyAlone.median()),
                copyAlone.count(),
                "");
    }

    private static Samples samples(List<Measured> rounds, ToDoubleFunction<Measured> f) {
        Samples s = new Samples();
        rounds.forEach(m -> s.add(f.applyAsDouble(m)));
        return s;
    }

    /** The catalog grown to {@value #MIB} MiB with real transactions, written offline with FileStorage itself. */
    private static void grow(TestCluster cluster) throws Exception {
        TestCluster.Result r = cluster.python(
                "-c",
                String.join(
                        "\n",
                        "import sys, os, transaction",
                        "from ZODB.FileStorage import FileStorage",
                        "from ZODB.DB import DB",
                        "from persistent.mapping import PersistentMapping",
                        "from BTrees.OOBTree import OOBTree",
                        "db = DB(FileStorage(sys.argv[1]), large_record_size=2 << 20)",
                        "c = db.open()",
                        "root = c.root()",
                        "root['zeofreeze-bench'] = bench = OOBTree()",
                        "transaction.commit()",
                        "# one record of 1 MiB per transaction, as a site's editors add content",
                        "for i in range(int(sys.argv[2])):",
                        "    chunk = PersistentMapping()",
                        "    chunk['data'] = os.urandom(1024 * 1024)",
                        "    bench[i] = chunk",
                        "    transaction.commit()",
                        "db.close()"),
                cluster.fs("catalog").toString(),
                Integer.toString(MIB));
        if (r.exit() != 0) {
            throw new IOException("growing the catalog failed:\n" + r.output());
        }
    }

    /** rsync of the storage alone to an empty directory: what a copy of it costs without ZeoFreeze. */
    private double copyAlone(TestCluster cluster) throws Exception {
        Path into = Files.createDirectories(work.resolve("alone-" + System.nanoTime()));
        long start = System.nanoTime();
        Shell.run(600, "rsync", "-a", "--", cluster.fs("catalog").toString(), into + "/")
                .orFail("rsync");
        double s = (System.nanoTime() - start) / 1e9;
        Benchmarks.deleteTree(into);
        return s;
    }

    private Measured moveOnce(TestCluster cluster, TestCluster target, TestHaproxy haproxy) throws Exception {
        ClusterProfile profile = new ClusterProfile(
                "bench-move",
                List.of(HostEntry.local(cluster.dir().toString())),
                null,
                new MigrationTarget("new", "", null, null, target.dir().toString(), List.of()),
                new Maintenance(null, List.of(), List.of(), haproxy.command("drain"), haproxy.command("ready"), 1),
                false);
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        Thread.sleep(1000);
        RunEvent.Outcome outcome;
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH in the move benchmark");
        })) {
            RunSetup setup =
                    RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, List.of("catalog")), hosts);
            Runs.Ending ending = new Runs(work.resolve("journals"), Clock.systemUTC())
                    .start(Runs.prepare(setup, Optional.empty()), Optional.empty(), events::add, new CancelToken());
            outcome = ((Runs.Ending.Ran) ending).outcome();
            Thread.sleep(1000);
        } finally {
            load.close();
        }
        if (outcome != RunEvent.Outcome.DONE) {
            throw new IOException("the move ended " + outcome + ": "
                    + events.stream()
                            .filter(RunEvent.Finished.class::isInstance)
                            .map(e -> ((RunEvent.Finished) e).message())
                            .toList());
        }
        Map<String, Instant> began = new LinkedHashMap<>();
        Map<String, Instant> ended = new LinkedHashMap<>();
        int capped = 0;
        synchronized (events) {
            for (RunEvent e : events) {
                if (e instanceof RunEvent.StepChanged s && s.host() == null) {
                    if (s.state() == StepState.RUNNING) {
                        began.putIfAbsent(s.step(), s.at());
                    } else if (s.state() == StepState.DONE) {
                        ended.put(s.step(), s.at());
                    }
                } else if (e instanceof RunEvent.Log l && l.text().contains("after it was drained; stopping it")) {
                    capped++;
                }
            }
        }
        Instant firstOut = first(began, "roll:");
        Instant frozen = ended.get("verify");
        double clientRestart = began.keySet().stream()
                .filter(k -> k.startsWith("move-switch:") || k.startsWith("move-writable:"))
                .mapToDouble(k -> seconds(began.get(k), ended.get(k)))
                .average()
                .orElse(Double.NaN);
        Instant serverReadOnly = last(ended, "zeo:");
        return new Measured(
                seconds(firstOut, last(ended, "move-writable:")),
                seconds(serverReadOnly, last(ended, "move-writable:")),
                seconds(firstOut, frozen),
                seconds(began.get("copy"), ended.get("copy")),
                seconds(began.get("move-target:serve"), ended.get("move-target:serve")),
                seconds(first(began, "move-switch:"), last(ended, "move-switch:")),
                seconds(began.get("move-target:writable"), ended.get("move-target:writable")),
                seconds(first(began, "move-writable:"), last(ended, "move-writable:")),
                clientRestart,
                load.failed().size(),
                load.requests().size(),
                load.longestGapMillis() / 1000.0,
                capped);
    }

    private static Instant first(Map<String, Instant> at, String prefix) {
        return at.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue)
                .min(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException("no step " + prefix + "*"));
    }

    private static Instant last(Map<String, Instant> at, String prefix) {
        return at.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue)
                .max(Instant::compareTo)
                .orElseThrow(() -> new IllegalStateException("no step " + prefix + "*"));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
