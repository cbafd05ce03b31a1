package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.testbed.TestCluster;

/**
 * The runbook on the real cluster (this computer, no SSH): a whole freeze with copy and a thaw,
 * and the faults of a night migration — a client that will not stop, a config that cannot be
 * written, a copy cut half-way, the program killed mid-run. After each: every config as it was
 * (or fully applied), every .fs unchanged, the cluster serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbookIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static Map<String, byte[]> pristineConfigs;

    Path target;
    List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void build() throws Exception {
        cluster = TestCluster.build(work.resolve("zeocluster"), 18200, 2);
        // Enough data in the site storage that a throttled copy takes a few seconds.
        TestCluster.Result grow = cluster.python("-c", """
                import ZODB.config, transaction, os, sys
                db = ZODB.config.databaseFromString('''<zodb>
                  <filestorage>
                    path %s
                  </filestorage>
                </zodb>''' % sys.argv[1])
                conn = db.open()
                for i in range(8):
                    conn.root()['blob%d' % i] = os.urandom(1024 * 1024)
                    transaction.commit()
                db.close()
                """, cluster.fs("plone").toString());
        assertThat(grow.exit()).as(grow.output()).isZero();
        cluster.start();
        pristineConfigs = configs();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void newTarget() throws IOException {
        target = Files.createTempDirectory(work, "target");
    }

    @AfterEach
    void theClusterIsBackAsItWas() throws Exception {
        // Every test leaves the cluster thawed and serving, for the next one.
        assertThat(cluster.allRunning()).as("every process running").isTrue();
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(60)))
                    .as(client + " answers HTTP")
                    .isBetween(200, 499);
        }
    }

    static Map<String, byte[]> configs() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        out.put("zeo.conf", Files.readAllBytes(cluster.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readAllBytes(cluster.zopeConf(c)));
        }
        return out;
    }

    /**
     * sha256 of the mounted storages' .fs files. The root's Data.fs is left out: it is the live
     * database Zope itself writes to (at start-up, and the tests' own commits).
     */
    static Map<String, String> fsHashes() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String s : List.of("plone", "catalog")) {
            out.put(s, Hashes.sha256(Files.readAllBytes(cluster.fs(s))));
        }
        return out;
    }

    ClusterProfile profile(ProcessControl control, Integer bandwidth) {
        return profile(control, bandwidth, true);
    }

    ClusterProfile profile(ProcessControl control, Integer bandwidth, boolean preSync) {
        return new ClusterProfile(
                "runbook-it",
                List.of(new HostEntry("zeo", "", null, null, cluster.dir().toString(), null)),
                control,
                new MigrationTarget("new", "", null, null, target.toString(), List.of(), bandwidth, preSync),
                null,
                true);
    }

    RunEvent.Outcome run(
            ClusterProfile profile, Mode mode, Timeouts timeouts, CancelToken cancel, Consumer<RunEvent> also)
            throws Exception {
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH here");
        })) {
            RunSetup prepared = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), hosts);
            RunSetup setup = new RunSetup(
                    prepared.profile(), prepared.discovery(), prepared.plan(), prepared.choice(), hosts, timeouts);
            Runbook runbook = Runbook.of(setup, Strategy.FULL_STOP);
            // Through the one run service, as both front ends run: it takes and gives back the lock.
            Runs.Ending ending = new Runs(work.resolve("journals"), Clock.systemUTC())
                    .start(
                            new Runs.Prepared(setup, Runs.decide(setup, Optional.of(Strategy.FULL_STOP)), runbook),
                            Optional.empty(),
                            e -> {
                                events.add(e);
                                also.accept(e);
                            },
                            cancel);
            return ((Runs.Ending.Ran) ending).outcome();
        }
    }

    RunEvent.Outcome run(ClusterProfile profile, Mode mode) throws Exception {
        return run(profile, mode, Timeouts.standard(), new CancelToken(), e -> {});
    }

    String finishedMessage() {
        return events.stream()
                .filter(RunEvent.Finished.class::isInstance)
                .map(e -> ((RunEvent.Finished) e).message())
                .reduce((a, b) -> b)
                .orElse("");
    }

    @Test
    @Order(1)
    void aFreezeRunPreSyncsLiveStopsAppliesFreezesRestartsAndCopiesTheTailThenAThawUndoesIt() throws Exception {
        long[] preSynced = {-1};
        String[] written = {""};
        // The site keeps writing after the pre-sync, until the freeze: that is the tail the copy moves.
        RunEvent.Outcome outcome = run(profile(null, null), Mode.FREEZE, Timeouts.standard(), new CancelToken(), e -> {
            if (e instanceof RunEvent.StepChanged s
                    && "presync".equals(s.step())
                    && s.host() == null
                    && s.state() == StepState.DONE) {
                try {
                    preSynced[0] = Files.size(target.resolve("var/filestorage/plone.fs"));
                    written[0] = cluster.probe(cluster.zopeConf("client1"), "plone", 10);
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        });
        assertThat(outcome).as(finishedMessage()).isEqualTo(RunEvent.Outcome.DONE);
        Map<String, String> hashes = fsHashes();

        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(60))).isBetween(200, 499);
            assertThat(cluster.probe(cluster.zopeConf(client), "plone", 10)).isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(client), "catalog", 10)).isEqualTo("readonly");
        }
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 10)).isEqualTo("committed");
        for (String s : List.of("plone", "catalog")) {
            Path copy = target.resolve("var/filestorage/" + s + ".fs");
            assertThat(Hashes.sha256(Files.readAllBytes(copy))).isEqualTo(hashes.get(s));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.fs(s))))
                    .isEqualTo("r--r--r--");
            assertThat(target.resolve("var/filestorage/" + s + ".fs.index")).doesNotExist();
            assertThat(target.resolve("var/filestorage/" + s + ".fs.lock")).doesNotExist();
        }
        assertThat(target.resolve("var/filestorage/Data.fs")).doesNotExist();
        // Pre-synced while live (the probe could still commit), before anything was stopped.
        assertThat(written[0]).isEqualTo("committed");
        assertThat(preSynced[0]).isPositive().isLessThan(Files.size(cluster.fs("plone")));
        assertThat(events)
                .anyMatch(e ->
                        e instanceof RunEvent.Progress p && p.item().equals("plone.fs (pre-sync)") && p.done() > 0);
        assertThat(events)
                .filteredOn(RunEvent.StepChanged.class::isInstance)
                .map(e -> ((RunEvent.StepChanged) e).step())
                .containsSubsequence("preflight", "presync", "stop", "apply", "chmod", "start", "copy");
        // After the freeze only the tail moved: the pre-synced prefix was taken as verified, the rest appended.
        String log = String.join(
                "\n",
                events.stream()
                        .filter(RunEvent.Log.class::isInstance)
                        .map(e -> ((RunEvent.Log) e).text())
                        .toList());
        // zdaemon's scripts: every process stopped by SIGTERM to its zdaemon manager and to itself, no bin/<part> stop
        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.Log l
                        && "stop".equals(l.step())
                        && l.text()
                                .matches(
                                        ".* stopped \\(pid \\d+ has exited\\) with its zdaemon manager \\(pid \\d+\\)"))
                .hasSize(cluster.clients() + 1);
        assertThat(events)
                .noneMatch(e -> e instanceof RunEvent.Log l
                        && "stop".equals(l.step())
                        && l.text().startsWith("$ ")
                        && l.text().endsWith(" stop"));
        assertThat(log)
                .contains(target.resolve("var/filestorage/plone.fs") + " is the prefix the pre-sync verified ("
                        + preSynced[0] + " of " + Files.size(cluster.fs("plone")) + " bytes");
        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.Log l
                        && "copy".equals(l.step())
                        && l.text().startsWith("$ rsync")
                        && l.text().endsWith(cluster.fs("plone") + " " + target.resolve("var/filestorage/plone.fs")))
                .singleElement()
                .satisfies(e -> assertThat(((RunEvent.Log) e).text()).contains(" --append -- "));
        // The frozen window: each storage's time read-only before its copy was verified, within the run.
        RunEvent.FrozenWindow window = events.stream()
                .filter(RunEvent.FrozenWindow.class::isInstance)
                .map(RunEvent.FrozenWindow.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(window.perStorage()).containsOnlyKeys("plone@zeo", "catalog@zeo");
        assertThat(window.notVerified()).isEmpty();
        assertThat(window.perStorage().values())
                .allSatisfy(d -> assertThat(d)
                        .isPositive()
                        .isLessThan(
                                Duration.between(window.since(), window.at()).plusMillis(1)));

        events.clear();
        assertThat(run(profile(null, null), Mode.THAW)).as(finishedMessage()).isEqualTo(RunEvent.Outcome.DONE);
        for (String db : List.of("main", "plone", "catalog")) {
            assertThat(cluster.probe(cluster.zopeConf("client2"), db, 10))
                    .as(db)
                    .isEqualTo("committed");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.fs("plone"))))
                .startsWith("rw-");
        pristineConfigs = configs(); // thawed files say 'read-only false' where the recipe did
    }

    @Test
    @Order(2)
    void aClientThatWillNotStopHaltsTheRunBeforeAnythingIsWritten() throws Exception {
        Map<String, String> hashes = fsHashes();
        // client2's stop does nothing, as a hung process would.
        ProcessControl stubborn = new ProcessControl.Custom(
                List.of("sh", "-c", "exec \"$ZEOFREEZE_BUILDOUT/bin/$ZEOFREEZE_PART\" start"),
                List.of("sh", "-c", "[ \"$1\" = client2 ] || exec \"$2/bin/$1\" stop", "stop", "{part}", "{buildout}"),
                List.of("sh", "-c", "exec \"$ZEOFREEZE_BUILDOUT/bin/$ZEOFREEZE_PART\" status"));
        Timeouts quick = new Timeouts(
                Duration.ofSeconds(30),
                Duration.ofSeconds(8),
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofMinutes(10));

        RunEvent.Outcome outcome = run(profile(stubborn, null), Mode.FREEZE, quick, new CancelToken(), e -> {});

        assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(finishedMessage()).contains("client2", "did not stop", "put back");
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristineConfigs);
        assertThat(fsHashes()).isEqualTo(hashes);
    }

    @Test
    @Order(3)
    void aConfigThatCannotBeWrittenIsUndoneEverywhere() throws Exception {
        Map<String, String> hashes = fsHashes();
        Path locked = cluster.zopeConf("client2");
        chattr("+i", locked); // even root cannot replace it now
        RunEvent.Outcome outcome;
        try {
            outcome = run(profile(null, null), Mode.FREEZE);
        } finally {
            chattr("-i", locked);
        }
        assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(finishedMessage()).contains("client2/etc/zope.conf");
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristineConfigs);
        assertThat(fsHashes()).isEqualTo(hashes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.fs("plone"))))
                .startsWith("rw-");
    }

    @Test
    @Order(4)
    void aCopyCutHalfWayLeavesTheSiteUpFrozenAndAResumeFinishesIt() throws Exception {
        Map<String, String> hashes = fsHashes();
        AtomicBoolean killed = new AtomicBoolean();
        // A throttled copy, killed as a dropped link would cut it once it is under way.
        // No pre-sync: the whole file moves while the storages are frozen.
        RunEvent.Outcome outcome =
                run(profile(null, 1024, false), Mode.FREEZE, Timeouts.standard(), new CancelToken(), e -> {
                    if (e instanceof RunEvent.Progress p
                            && p.item().equals("plone.fs")
                            && p.done() > 512 * 1024
                            && killed.compareAndSet(false, true)) {
                        TestCluster.quietly("pkill", "-KILL", "-f", "rsync .*plone.fs");
                    }
                });
        assertThat(killed).isTrue();
        assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
        assertThat(finishedMessage()).contains("rsync", "The cluster is running");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 10)).isEqualTo("readonly");
        assertThat(fsHashes()).isEqualTo(hashes);

        Path journal = latestJournal();
        var resumed = ZeoFreezeLauncher.run("", "resume", "--yes", "--journal", journal.toString());
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("done earlier", "identical to the source");
        assertThat(Hashes.sha256(Files.readAllBytes(target.resolve("var/filestorage/plone.fs"))))
                .isEqualTo(hashes.get("plone"));

        var rolledBack = ZeoFreezeLauncher.run("", "rollback", "--yes", "--journal", journal.toString());
        assertThat(rolledBack.exit()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristineConfigs);
        assertThat(fsHashes()).isEqualTo(hashes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.fs("plone"))))
                .startsWith("rw-");
    }

    @Test
    @Order(5)
    void aRunKilledMidWayIsResumedThenRolledBack() throws Exception {
        Map<String, String> hashes = fsHashes();
        Path profileFile = work.resolve("killed-profile.json");
        ProfileStore.write(profile(null, null), profileFile);
        Path journals = Files.createTempDirectory(work, "journals");
        // The program dies (kill -9) right after the configs were written, with the site down.
        String said = ZeoFreezeLauncher.killedAt(
                line -> line.strip().equals("[done] apply"),
                living -> {},
                "run",
                "--profile",
                profileFile.toString(),
                "--strategy",
                "full-stop",
                "--yes",
                "--journal-dir",
                journals.toString());
        Path journal;
        try (var files = Files.list(journals)) {
            journal = files.filter(f -> f.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no journal; the run said:\n" + said));
        }
        assertThat(Files.readString(journal)).contains("file-written").doesNotContain("run-ended");

        var resumed = ZeoFreezeLauncher.run("", "resume", "--yes", "--journal", journal.toString());
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 10)).isEqualTo("readonly");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 10)).isEqualTo("committed");

        var rolledBack = ZeoFreezeLauncher.run("", "rollback", "--yes", "--journal", journal.toString());
        assertThat(rolledBack.exit()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristineConfigs);
        assertThat(fsHashes()).isEqualTo(hashes);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 10)).isEqualTo("committed");
    }

    @Test
    @Order(6)
    void aRunKilledDuringAThrottledCopyHasWhatItLeftRunningStoppedByItsRollbackBeforeAnythingIsTouched()
            throws Exception {
        Map<String, String> hashes = fsHashes();
        Path profileFile = work.resolve("killed-copy-profile.json");
        ProfileStore.write(profile(null, 1024, false), profileFile);
        Path journals = Files.createTempDirectory(work, "journals");
        // kill -9 of zeofreeze while rsync sends plone.fs at 1 MiB/s.
        String said = ZeoFreezeLauncher.killedAt(
                line -> line.startsWith("[copy]") && line.contains("plone.fs"),
                living -> assertThat(rsyncsOf("plone.fs"))
                        .as("rsync copies while the run lives; it said:\n" + living)
                        .isNotEmpty(),
                "run",
                "--profile",
                profileFile.toString(),
                "--strategy",
                "full-stop",
                "--yes",
                "--journal-dir",
                journals.toString());
        // The journal named rsync's process group before it started, and did not see it end.
        Path journal;
        try (var files = Files.list(journals)) {
            journal = files.filter(f -> f.toString().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
        }
        String before = Files.readString(journal);
        assertThat(count(before, "\"command-started\"")).as(before).isGreaterThan(count(before, "\"command-ended\""));
        boolean leftRunning = !rsyncsOf("plone.fs").isEmpty();

        var rolledBack = ZeoFreezeLauncher.run("", "rollback", "--yes", "--journal", journal.toString());
        assertThat(rolledBack.exit()).as(rolledBack.out() + rolledBack.err()).isZero();
        assertThat(rsyncsOf("plone.fs")).as("rsync after the rollback").isEmpty();
        if (leftRunning) {
            assertThat(rolledBack.out() + rolledBack.err())
                    .as("the rollback says what it stopped")
                    .contains("stopped rsync left running");
        }
        String after = Files.readString(journal);
        assertThat(count(after, "\"command-ended\""))
                .as("every command accounted for before the rollback touched anything")
                .isEqualTo(count(after, "\"command-started\""));
        try (var left = Files.list(cluster.dir().resolve("var/zeofreeze"))) {
            assertThat(left.filter(f -> f.toString().endsWith(".pgid")).toList())
                    .as("group files left")
                    .isEmpty();
        }
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristineConfigs);
        assertThat(fsHashes()).as("the sources").isEqualTo(hashes);
        // The target keeps what was copied (its data is never destroyed) and nothing writes to it any more.
        Path copied = target.resolve("var/filestorage/plone.fs");
        long partial = Files.exists(copied) ? Files.size(copied) : -1;
        Thread.sleep(2000);
        assertThat(Files.exists(copied) ? Files.size(copied) : -1).isEqualTo(partial);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "plone", 10)).isEqualTo("committed");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static List<ProcessHandle> rsyncsOf(String file) {
        return ProcessHandle.allProcesses()
                .filter(h -> {
                    String cmd = h.info().commandLine().orElse("");
                    return cmd.contains("rsync") && cmd.contains(file) && !cmd.contains("zeofreeze-run");
                })
                .toList();
    }

    private Path latestJournal() throws IOException {
        return ZeoFreezeLauncher.latestJournal(work.resolve("journals"));
    }

    private static void chattr(String flag, Path file) throws Exception {
        TestCluster.Result r = TestCluster.quietly("chattr", flag, file.toString());
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
