package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.testbed.MovedStorage;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * The move on the real cluster (a ZEO server, three Zope clients behind a real HAProxy) to a
 * second real ZEO server from its own buildout, under a request load through the balancer: the
 * catalog storage is frozen, copied, served by the new server and every client switched to it,
 * read-only first, then writable, with no failed request. A rollback before the second roll puts
 * every file back byte for byte; after it, a rollback is refused with the reason. Last, the catalog
 * is retired from the old server by a run of its own: its section out of the old zeo.conf, every
 * other byte kept, its .fs kept, the old server restarted alone under load with no failed request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoveIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestCluster target;
    static TestHaproxy haproxy;

    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void build() throws Exception {
        cluster =
                TestCluster.build(work.resolve("zeocluster"), 18800, 3); // ports of its own: other ITs use 181xx-186xx
        target = TestCluster.build(work.resolve("newserver"), 18850, 0, "--server-only");
        cluster.start();
        haproxy = TestHaproxy.start(work.resolve("haproxy"), cluster, 18890);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @AfterEach
    void everyClientServes() throws Exception {
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(60)))
                    .as(client + " answers HTTP")
                    .isBetween(200, 499);
        }
    }

    static ClusterProfile profile() {
        Maintenance balancer =
                new Maintenance(null, List.of(), List.of(), haproxy.command("drain"), haproxy.command("ready"), 1);
        return new ClusterProfile(
                "move-it",
                List.of(HostEntry.local(cluster.dir().toString())),
                null,
                new MigrationTarget("new", "", null, null, target.dir().toString(), List.of()),
                balancer,
                false);
    }

    /** Every config file of both buildouts; compared whole, a difference shows as text. */
    static Map<String, String> configs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("zeo.conf", Files.readString(cluster.zeoConf()));
        out.put("new zeo.conf", Files.readString(target.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readString(cluster.zopeConf(c)));
        }
        return out;
    }

    @Test
    @Order(0)
    void aTargetServerThatDoesNotServeTheCopyStopsTheMoveBeforeAnyClientIsSwitched() throws Exception {
        Map<String, String> before = configs();
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        RunEvent.Outcome outcome;
        // Something else holds the new server's port: its runzeo cannot serve there.
        try (ServerSocket squatter = new ServerSocket(18850, 50, InetAddress.getByName("127.0.0.1"));
                ProfileHosts hosts = localHosts()) {
            RunSetup setup = RunPreparation.prepareMove(
                            profile(), Selection.parse(Mode.FREEZE, List.of("catalog")), hosts)
                    .withTimeouts(new Timeouts(
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(120),
                            Duration.ofHours(1)));
            Runs runs = new Runs(work.resolve("journals"), Clock.systemUTC());
            Runs.Ending.Ran ran = (Runs.Ending.Ran)
                    runs.start(Runs.prepare(setup, Optional.empty()), Optional.empty(), events::add, new CancelToken());
            assertThat(ran.outcome()).as(log()).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(events)
                    .noneMatch(e -> e instanceof RunEvent.StepChanged c
                            && c.step().startsWith("move-switch:")
                            && c.state() == StepState.RUNNING);
            assertThat(Files.readString(target.zeoConf()))
                    .as("the target's zeo.conf put back")
                    .isEqualTo(before.get("new zeo.conf"));
            for (String c : cluster.clientNames()) {
                assertThat(Files.readString(cluster.zopeConf(c)))
                        .as(c + " still at the old server")
                        .contains("server 127.0.0.1:18800")
                        .doesNotContain("18850");
                assertThat(cluster.http(c, Duration.ofSeconds(10)))
                        .as(c + " serving")
                        .isEqualTo(200);
            }
            squatter.close();
            events.clear();
            RunSetup again =
                    RunPreparation.fromJournal(Journal.open(ran.journal().file(), Clock.systemUTC()), hosts);
            outcome = ((Runs.Ending.Ran) runs.rollback(
                            Journal.open(ran.journal().file(), Clock.systemUTC()),
                            again,
                            Optional.empty(),
                            events::add))
                    .outcome();
        } finally {
            load.close();
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(configs()).as("every file as before, byte for byte").isEqualTo(before);
    }

    @Test
    @Order(1)
    void aClientThatWillNotComeBackInTheFirstRollIsPutBackTheRestServesAndRollbackRestoresEveryFile() throws Exception {
        Map<String, String> before = configs();
        String[] hostPort = cluster.httpAddress("client2").split(":");
        List<ServerSocket> blocker = Collections.synchronizedList(new ArrayList<>());
        Timeouts quick = new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(25),
                Duration.ofHours(1));
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        RunEvent.Outcome outcome;
        try (ProfileHosts hosts = localHosts()) {
            RunSetup setup = RunPreparation.prepareMove(
                            profile(), Selection.parse(Mode.FREEZE, List.of("catalog")), hosts)
                    .withTimeouts(quick);
            Runs runs = new Runs(work.resolve("journals"), Clock.systemUTC());
            // Once client2 is down in the first roll, something else takes its port: it cannot come back.
            Runs.Ending.Ran ran = (Runs.Ending.Ran) runs.start(
                    Runs.prepare(setup, Optional.empty()),
                    Optional.empty(),
                    e -> {
                        events.add(e);
                        if (e instanceof RunEvent.Log l
                                && "move-switch:local/client2".equals(l.step())
                                && l.text().startsWith("client2 stopped")
                                && blocker.isEmpty()) {
                            try {
                                blocker.add(new ServerSocket(
                                        Integer.parseInt(hostPort[1]), 5, InetAddress.getByName(hostPort[0])));
                            } catch (IOException ex) {
                                throw new UncheckedIOException(ex);
                            }
                        }
                    },
                    new CancelToken());
            assertThat(blocker).as("client2's port was taken while it was down").hasSize(1);
            assertThat(ran.outcome()).as(log()).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(events)
                    .as("the roll stopped at client2")
                    .noneMatch(e -> e instanceof RunEvent.StepChanged s
                            && s.step().equals("move-switch:local/client3")
                            && s.state() == StepState.RUNNING);
            assertThat(Files.readString(cluster.zopeConf("client2")))
                    .as("client2 put back: at the old server")
                    .contains("server 127.0.0.1:18800")
                    .doesNotContain("18850");
            assertThat(Files.readString(cluster.zopeConf("client1")))
                    .as("client1 reads the copy at the target")
                    .contains("server 127.0.0.1:18850");
            for (String c : List.of("client1", "client3")) {
                assertThat(cluster.http(c, Duration.ofSeconds(10)))
                        .as(c + " serving")
                        .isEqualTo(200);
            }
            blocker.get(0).close();
            events.clear();
            RunSetup again =
                    RunPreparation.fromJournal(Journal.open(ran.journal().file(), Clock.systemUTC()), hosts);
            outcome = ((Runs.Ending.Ran) runs.rollback(
                            Journal.open(ran.journal().file(), Clock.systemUTC()),
                            again.withTimeouts(quick),
                            Optional.empty(),
                            events::add))
                    .outcome();
        } finally {
            load.close();
            for (ServerSocket s : blocker) {
                s.close();
            }
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(configs())
                .as("every file of both buildouts as before, byte for byte")
                .isEqualTo(before);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 15))
                .as("writable at the old server again")
                .isEqualTo("committed");
    }

    @Test
    @Order(2)
    void aMoveStoppedAfterTheFirstRollRollsBackToEveryFileAsItWasWithNoFailedRequest() throws Exception {
        Map<String, String> before = configs();
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        CancelToken cancel = new CancelToken();
        RunEvent.Outcome outcome;
        Journal journal;
        try (ProfileHosts hosts = localHosts()) {
            RunSetup setup =
                    RunPreparation.prepareMove(profile(), Selection.parse(Mode.FREEZE, List.of("catalog")), hosts);
            Runs runs = new Runs(work.resolve("journals"), Clock.systemUTC());
            // Stopped at the safe point after the last client of the first roll: every client reads the target,
            // read-only.
            Runs.Ending.Ran ran = (Runs.Ending.Ran) runs.start(
                    Runs.prepare(setup, Optional.empty()),
                    Optional.empty(),
                    e -> {
                        events.add(e);
                        if (e instanceof RunEvent.StepChanged s
                                && s.step().equals("move-switch:local/client3")
                                && s.host() == null
                                && s.state() == StepState.DONE) {
                            cancel.cancel();
                        }
                    },
                    cancel);
            journal = ran.journal();
            assertThat(ran.outcome()).as(log()).isEqualTo(RunEvent.Outcome.CANCELLED);
            assertThat(log()).contains("catalog at the target is the frozen source's copy: read-only");
            assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 15))
                    .as("read-only at the target")
                    .isEqualTo("readonly");
            RunSetup again = RunPreparation.fromJournal(Journal.open(journal.file(), Clock.systemUTC()), hosts);
            outcome = ((Runs.Ending.Ran) runs.rollback(
                            Journal.open(journal.file(), Clock.systemUTC()), again, Optional.empty(), events::add))
                    .outcome();
        } finally {
            load.close();
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(configs())
                .as("every file of both buildouts as before, byte for byte")
                .isEqualTo(before);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 15))
                .as("writable at the old server again")
                .isEqualTo("committed");
    }

    @Test
    @Order(3)
    void aMoveThroughTheCommandLinePutsTheCatalogIntoServiceAtTheNewServerWithNoFailedRequest() throws Exception {
        Path profile = work.resolve("move.json");
        ProfileStore.write(profile(), profile);
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = ZeoFreezeLauncher.run(
                    "",
                    "run",
                    "--profile",
                    profile.toString(),
                    "--move",
                    "-f",
                    "catalog",
                    "--yes",
                    "--journal-dir",
                    work.resolve("journals").toString());
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "move-target:serve",
                        "move-switch:local/client3",
                        "move-target:writable",
                        "move-writable:local/client1",
                        "verified: catalog at the target accepts write access",
                        "verified: catalog at the old server zeoserver@local refuses write access",
                        "verified: the root storage 1 at zeoserver@local accepts write access");
        // the second roll begins only after the last client of the first
        assertThat(r.out().indexOf("[done] move-switch:local/client3"))
                .isLessThan(r.out().indexOf("[running] move-target:writable"));
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();

        new MovedStorage(cluster, target, "catalog").commitLandsAtTheNewServer("client2");
        assertThat(cluster.probe(cluster.zopeConf("client2"), "main", 15))
                .as("the root, at the old server")
                .isEqualTo("committed");
        for (String c : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(c)))
                    .as(c)
                    .contains("server 127.0.0.1:18850")
                    .doesNotContain("read-only true");
        }
        assertThat(connectionsTo(18850))
                .as("each client's catalog connection at the new server")
                .hasSize(3);
        assertThat(connectionsTo(18800))
                .as("at the old server: root and plone of each client")
                .hasSize(6);
    }

    @Test
    @Order(4)
    void aRollbackAfterTheSecondRollIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        Map<String, String> before = configs();
        Path journal = ZeoFreezeLauncher.latestJournal(work.resolve("journals"));
        ZeoFreezeLauncher.Result r = ZeoFreezeLauncher.run("", "rollback", "--journal", journal.toString(), "--yes");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("second roll", "catalog", "move them back").doesNotContain("Exception");
        assertThat(configs()).as("nothing changed").isEqualTo(before);
    }

    @Test
    @Order(5)
    void aRetireAfterTheMoveTakesTheCatalogOutOfTheOldServerAloneWithNoFailedRequestAndKeepsItsFile() throws Exception {
        Path profile = work.resolve("move.json");
        String journals = work.resolve("journals").toString();
        Map<String, String> before = configs();
        String oldCatalog = Hashes.sha256(Files.readAllBytes(cluster.fs("catalog")));

        // a storage every client still reads from the old server is not retired: bad input, nothing changed
        ZeoFreezeLauncher.Result refused = ZeoFreezeLauncher.run(
                "",
                "run",
                "--profile",
                profile.toString(),
                "--retire",
                "-f",
                "plone",
                "--yes",
                "--journal-dir",
                journals);
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err())
                .contains("'plone' at zeoserver@local is still read by client1", "Move it first")
                .doesNotContain("Exception");
        assertThat(configs()).as("nothing changed").isEqualTo(before);

        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = ZeoFreezeLauncher.run(
                    "",
                    "run",
                    "--profile",
                    profile.toString(),
                    "--retire",
                    "-f",
                    "catalog",
                    "--yes",
                    "--journal-dir",
                    journals);
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Retire from their old server: catalog",
                        "move-retire",
                        "connected to zeoserver@local: ",
                        "none for catalog");
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();

        // the catalog's section, and nothing else, out of the old zeo.conf
        List<String> lines = new ArrayList<>(before.get("zeo.conf").lines().toList());
        int from = lines.indexOf(lines.stream()
                .filter(l -> l.strip().equals("<filestorage catalog>"))
                .findFirst()
                .orElseThrow());
        int to = from;
        while (!lines.get(to).strip().equals("</filestorage>")) {
            to++;
        }
        lines.subList(from, to + 1).clear();
        Map<String, String> expected = new TreeMap<>(before);
        expected.put("zeo.conf", String.join("\n", lines) + "\n");
        assertThat(configs())
                .as("the old zeo.conf without the catalog, every other file as it was")
                .isEqualTo(expected);
        assertThat(Hashes.sha256(Files.readAllBytes(cluster.fs("catalog"))))
                .as("the old catalog.fs kept as frozen")
                .isEqualTo(oldCatalog);
        assertThat(connectionsTo(18800))
                .as("at the old server: root and plone of each client, again")
                .hasSize(6);
        assertThat(connectionsTo(18850))
                .as("the catalog at the new server, untouched")
                .hasSize(3);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15))
                .as("the root, at the old server")
                .isEqualTo("committed");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 15))
                .as("the catalog, at the new server")
                .isEqualTo("committed");
    }

    /** The established connections to the port as the clients' side lists them (ss), one per line. */
    @Test
    @Order(6)
    void aMoveKilledInItsSecondRollCannotBeRolledBackAndResumesPastAClientThatWouldNotComeBackWithNoFailedRequest()
            throws Exception {
        Path profile = work.resolve("move-plone.json");
        ProfileStore.write(profile(), profile);
        Path journals = Files.createDirectories(work.resolve("journals-killed"));
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result refused;
        ZeoFreezeLauncher.Result resumed;
        try {
            // kill -9 of zeofreeze once client1 is writable at the target and client2's turn has begun.
            String said = ZeoFreezeLauncher.killedAt(
                    line -> line.strip().equals("[running] move-writable:local/client2"),
                    living -> {},
                    "run",
                    "--profile",
                    profile.toString(),
                    "--move",
                    "-f",
                    "plone",
                    "--yes",
                    "--journal-dir",
                    journals.toString());
            assertThat(said).as("the run reached the second roll").contains("[done] move-writable:local/client1");
            Path journal = ZeoFreezeLauncher.latestJournal(journals);
            assertThat(Files.readString(journal)).doesNotContain("run-ended");

            Map<String, String> killed = configs();
            refused = ZeoFreezeLauncher.run("", "rollback", "--journal", journal.toString(), "--yes");
            assertThat(configs()).as("a refused rollback changes nothing").isEqualTo(killed);
            // The resume meets a client that will not come back in the second roll: client3's port is taken
            // once it is down. It is put back as the first roll left it, the rest serving, and the run FAILS.
            String[] hostPort = cluster.httpAddress("client3").split(":");
            List<ServerSocket> blocker = Collections.synchronizedList(new ArrayList<>());
            boolean[] itsTurn = {false};
            Timeouts quick = new Timeouts(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(25),
                    Duration.ofHours(1));
            RunEvent.Outcome blocked;
            try (ProfileHosts hosts = localHosts()) {
                // In this process, with a short start timeout: the command line waits ten minutes for a start.
                RunSetup again = RunPreparation.fromJournal(Journal.open(journal, Clock.systemUTC()), hosts)
                        .withTimeouts(quick);
                blocked = ((Runs.Ending.Ran) new Runs(journals, Clock.systemUTC())
                                .resume(
                                        Journal.open(journal, Clock.systemUTC()),
                                        again,
                                        Optional.empty(),
                                        e -> {
                                            events.add(e);
                                            itsTurn[0] |= e instanceof RunEvent.StepChanged s
                                                    && s.step().equals("move-writable:local/client3");
                                            if (itsTurn[0]
                                                    && e instanceof RunEvent.Log l
                                                    && l.text().startsWith("client3 stopped")
                                                    && blocker.isEmpty()) {
                                                try {
                                                    blocker.add(new ServerSocket(
                                                            Integer.parseInt(hostPort[1]),
                                                            5,
                                                            InetAddress.getByName(hostPort[0])));
                                                } catch (IOException ex) {
                                                    throw new UncheckedIOException(ex);
                                                }
                                            }
                                        },
                                        new CancelToken()))
                        .outcome();
                assertThat(blocker)
                        .as("client3's port was taken in its second-roll turn")
                        .hasSize(1);
                assertThat(blocked).as(log()).isEqualTo(RunEvent.Outcome.FAILED);
                assertThat(Files.readString(cluster.zopeConf("client3")))
                        .as("client3 put back as the first roll left it: at the target, read-only")
                        .contains("server 127.0.0.1:18850", "read-only true");
                for (String c : List.of("client1", "client2")) {
                    assertThat(cluster.http(c, Duration.ofSeconds(10)))
                            .as(c + " serving")
                            .isEqualTo(200);
                }
            } finally {
                for (ServerSocket s : blocker) {
                    s.close();
                }
            }
            resumed = ZeoFreezeLauncher.run("", "resume", "--journal", journal.toString(), "--yes");
        } finally {
            load.close();
        }
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("second roll", "plone", "move them back");
        assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out())
                .contains("[done] move-writable:local/client3", "verified: plone at the target accepts write access");
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed())
                .as("failed requests, through the kill and the resume")
                .isEmpty();
        for (String c : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(c))).as(c).doesNotContain("read-only true");
        }
        assertThat(connectionsTo(18850))
                .as("each client's catalog and plone connections at the new server")
                .hasSize(6);
        assertThat(connectionsTo(18800))
                .as("at the old server: the root of each client")
                .hasSize(3);
        new MovedStorage(cluster, target, "plone").commitLandsAtTheNewServer("client3");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15))
                .as("the root, at the old server")
                .isEqualTo("committed");
    }

    static List<String> connectionsTo(int port) throws Exception {
        TestCluster.Result ss = TestCluster.exec(
                Duration.ofSeconds(20), "", List.of("ss", "-Htn", "state", "established", "dst", "127.0.0.1:" + port));
        return ss.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    static ProfileHosts localHosts() {
        return new ProfileHosts(profile(), e -> {
            throw new IOException("no SSH here");
        });
    }

    String log() {
        StringBuilder b = new StringBuilder();
        synchronized (events) {
            for (RunEvent e : events) {
                if (e instanceof RunEvent.Log l) {
                    b.append(l.host()).append(": ").append(l.text()).append('\n');
                } else if (e instanceof RunEvent.Finished f) {
                    b.append(f.outcome()).append(": ").append(f.message()).append('\n');
                }
            }
        }
        return b.toString();
    }
}
