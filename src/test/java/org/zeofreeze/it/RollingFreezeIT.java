package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.setup.Timeouts;
import org.zeofreeze.runbook.timeline.LaneState;
import org.zeofreeze.runbook.timeline.Timeline;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * The rolling strategy on the real cluster behind a real HAProxy, under a request load through
 * the balancer: the freeze and the thaw fail no request; a client that will not start mid-roll
 * leaves the rest serving and rollback restores it; a ZEO that ignores the first stop is stopped
 * again; an unknown process connected to ZEO stops the run before the server is frozen.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingFreezeIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestHaproxy haproxy;

    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void build() throws Exception {
        cluster =
                TestCluster.build(work.resolve("zeocluster"), 18600, 3); // ports of its own: other ITs use 181xx-185xx
        cluster.start();
        haproxy = TestHaproxy.start(work.resolve("haproxy"), cluster, 18690);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void everyClientServesThroughTheBalancer() throws Exception {
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(60)))
                    .as(client + " answers HTTP")
                    .isBetween(200, 499);
        }
    }

    /** Every config file's text; compared whole, a difference shows as text. */
    static Map<String, String> configs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("zeo.conf", Files.readString(cluster.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readString(cluster.zopeConf(c)));
        }
        return out;
    }

    static ClusterProfile profile(ProcessControl control) {
        Maintenance balancer =
                new Maintenance(null, List.of(), List.of(), haproxy.command("drain"), haproxy.command("ready"), 1);
        return new ClusterProfile(
                "rolling-it", List.of(HostEntry.local(cluster.dir().toString())), control, null, balancer, false);
    }

    String probe(String client, String db) throws Exception {
        return cluster.probe(cluster.zopeConf(client), db, 15);
    }

    @Test
    @Order(1)
    void aRollingFreezeThroughTheCommandLineFailsNoRequestAndIsVerifiedFromOutside() throws Exception {
        Path profile = work.resolve("rolling.json");
        ClusterProfile watched = profile(null);
        // The site as its users reach it, watched by the run itself: what they saw, beside the processes' states.
        ProfileStore.write(
                new ClusterProfile(
                        watched.name(),
                        watched.hosts(),
                        watched.control(),
                        watched.target(),
                        watched.maintenance().withSiteUrl(haproxy.url()),
                        watched.chmodFrozenFiles()),
                profile);
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = ZeoFreezeLauncher.run(
                    "",
                    "run",
                    "--profile",
                    profile.toString(),
                    "--yes",
                    "--journal-dir",
                    work.resolve("journals").toString());
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Strategy: rolling",
                        "roll:local/client1",
                        "roll:local/client3",
                        "zeo:local/zeoserver",
                        "verified: zeoserver/plone refuses write access at the ZEO server",
                        "verified: zeoserver/catalog refuses write access at the ZEO server",
                        "verified: zeoserver/1 (root) accepts write access at the ZEO server",
                        "every client is connected to zeoserver again",
                        "Outage: by the processes' states",
                        "Site: seen from outside (" + haproxy.url() + "): all ",
                        " requests answered; requests waited up to ");
        assertThat(r.out().indexOf("roll:local/client3")).isLessThan(r.out().indexOf("[running] zeo:local/zeoserver"));
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(probe("client2", "plone")).isEqualTo("readonly");
        assertThat(probe("client2", "main")).isEqualTo("committed");
    }

    @Test
    @Order(2)
    void aRollingThawServerFirstFailsNoRequest() throws Exception {
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        RunEvent.Outcome outcome;
        try {
            outcome = run(profile(null), Mode.THAW, Timeouts.standard(), e -> {});
        } finally {
            load.close();
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(load.failed()).as("failed requests").isEmpty();
        // The run as a picture, from the real events: ZEO alone stopped and started, then each client
        // drained by the balancer, stopped, started and serving again.
        Timeline timeline = Timeline.of(List.copyOf(events));
        assertThat(timeline.lane("zeoserver@local").orElseThrow().states())
                .containsExactly(LaneState.SERVING, LaneState.DOWN, LaneState.STARTING, LaneState.SERVING);
        for (String client : cluster.clientNames()) {
            assertThat(timeline.lane(client + "@local").orElseThrow().states())
                    .as(client)
                    .containsExactly(
                            LaneState.SERVING,
                            LaneState.DRAINING,
                            LaneState.DOWN,
                            LaneState.STARTING,
                            LaneState.SERVING);
        }
        assertThat(probe("client1", "plone")).isEqualTo("committed");
        assertThat(configs().values()).as("nothing left read-only").noneMatch(text -> text.contains("read-only true"));
    }

    @Test
    @Order(3)
    void aClientThatWillNotStartMidRollLeavesTheRestServingAndRollbackRestoresIt() throws Exception {
        Map<String, String> before = configs();
        String[] hostPort = cluster.httpAddress("client2").split(":");
        List<ServerSocket> blocker = Collections.synchronizedList(new ArrayList<>());
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        RunEvent.Outcome outcome;
        Timeouts quick = new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(25),
                Duration.ofHours(1));
        try {
            // Once client2 is down, something else takes its port: it cannot come back.
            outcome = run(profile(null), Mode.FREEZE, quick, e -> {
                if (e instanceof RunEvent.Log l && l.text().startsWith("client2 stopped") && blocker.isEmpty()) {
                    try {
                        blocker.add(
                                new ServerSocket(Integer.parseInt(hostPort[1]), 5, InetAddress.getByName(hostPort[0])));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
            assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(finished()).contains("client2", "rest of the site");
            assertThat(events)
                    .noneMatch(e -> e instanceof RunEvent.StepChanged s
                            && s.step().startsWith("zeo:")
                            && s.state() == StepState.RUNNING);
            assertThat(Files.readString(cluster.zeoConf())).as("ZEO untouched").isEqualTo(before.get("zeo.conf"));
            assertThat(configs().get("client2")).as("client2 put back at once").isEqualTo(before.get("client2"));
            assertThat(cluster.http("client1", Duration.ofSeconds(10))).isEqualTo(200);
            blocker.get(0).close();
            events.clear();
            outcome = rollback(profile(null), quick);
        } finally {
            load.close();
            for (ServerSocket s : blocker) {
                s.close();
            }
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(configs()).as("every file as before, byte for byte").isEqualTo(before);
    }

    @Test
    @Order(4)
    void aZeoServerThatIgnoresTheFirstStopIsStoppedAgainAndTheRestartProven() throws Exception {
        // The stop command of this cluster's control ignores the first stop of the ZEO server, as runzeo once did.
        Path control = work.resolve("control.sh");
        Files.writeString(control, """
                #!/bin/sh
                # control.sh BUILDOUT PART start|stop|status
                if [ "$3" = stop ] && [ "$2" = zeoserver ] && [ ! -e "$1/var/ignored-once" ]; then
                    touch "$1/var/ignored-once"
                    exit 0
                fi
                exec "$1/bin/$2" "$3"
                """);
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessControl custom = new ProcessControl.Custom(
                List.of(control.toString(), "{buildout}", "{part}", "start"),
                List.of(control.toString(), "{buildout}", "{part}", "stop"),
                List.of(control.toString(), "{buildout}", "{part}", "status"));
        Timeouts t = new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofSeconds(120),
                Duration.ofHours(1));
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        RunEvent.Outcome outcome;
        try {
            outcome = run(profile(custom), Mode.FREEZE, t, e -> {});
        } finally {
            load.close();
        }
        assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(log()).contains("zeoserver is still running", "sending the stop again", "zeoserver stopped (pid");
        assertThat(load.failed()).as("failed requests").isEmpty();
        assertThat(probe("client1", "plone")).isEqualTo("readonly");
        events.clear();
        assertThat(run(profile(null), Mode.THAW, Timeouts.standard(), e -> {}))
                .as(log())
                .isEqualTo(RunEvent.Outcome.DONE);
    }

    @Test
    @Order(5)
    void aProcessConnectedToZeoThatIsNoClientOfTheClusterStopsTheRunBeforeTheServerIsFrozen() throws Exception {
        Map<String, String> before = configs();
        // A script holding a ZEO connection to the catalog storage, asking for write access.
        Process stranger = new ProcessBuilder(
                        cluster.dir().resolve("testbed/python").toString(), "-c", """
                import sys, time
                from ZEO.ClientStorage import ClientStorage
                s = ClientStorage(('127.0.0.1', 18600), storage='catalog')
                print('connected', flush=True)
                time.sleep(600)
                """)
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(stranger.getInputStream().readNBytes(10))).startsWith("connected");
            RunEvent.Outcome outcome = run(profile(null), Mode.FREEZE, Timeouts.standard(), e -> {});
            assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(finished())
                    .contains(
                            "not restarting zeoserver@local read-only", "pid " + stranger.pid(), "The site is serving");
            assertThat(Files.readString(cluster.zeoConf())).as("ZEO untouched").isEqualTo(before.get("zeo.conf"));
            events.clear();
            assertThat(rollback(profile(null), Timeouts.standard())).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
            assertThat(configs()).as("every file as before, byte for byte").isEqualTo(before);
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(6)
    void aFileThatZeosOwnSchemaRefusesStopsThePreflightBeforeAnythingStops() throws Exception {
        // A typo our reader has no reason to reject, but ZEO's schema does: found before the cluster is touched.
        String zeo = Files.readString(cluster.zeoConf());
        Files.writeString(cluster.zeoConf(), zeo.replace("<zeo>\n", "<zeo>\n  adress 127.0.0.1:18600\n"));
        try {
            RunEvent.Outcome outcome = run(profile(null), Mode.FREEZE, Timeouts.standard(), e -> {});
            assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
            assertThat(finished())
                    .contains(
                            cluster.zeoConf().toString() + " as edited is refused by ZEO's own schema",
                            "adress",
                            "line",
                            "nothing was stopped");
            assertThat(events).noneMatch(e -> e instanceof RunEvent.Serving);
            assertThat(configs().values()).noneMatch(text -> text.contains("read-only true"));
            try (var etc = Files.list(cluster.zeoConf().getParent())) {
                assertThat(etc.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".zeofreeze-check"));
            }
        } finally {
            Files.writeString(cluster.zeoConf(), zeo);
        }
    }

    @Test
    @Order(7)
    void undoingAThawNamesAProcessConnectedToZeoBeforeTheServerIsReadOnlyAgain() throws Exception {
        assertThat(run(profile(null), Mode.FREEZE, Timeouts.standard(), e -> {}))
                .as(log())
                .isEqualTo(RunEvent.Outcome.DONE);
        Map<String, String> frozen = configs();
        // A script connected to the root storage (writable throughout): a process the cluster does not know.
        Process stranger = new ProcessBuilder(
                        cluster.dir().resolve("testbed/python").toString(), "-c", """
                import sys, time
                from ZEO.ClientStorage import ClientStorage
                s = ClientStorage(('127.0.0.1', 18600), storage='1')
                print('connected', flush=True)
                time.sleep(600)
                """)
                .redirectErrorStream(true)
                .start();
        String[] hostPort = cluster.httpAddress("client2").split(":");
        List<ServerSocket> blocker = Collections.synchronizedList(new ArrayList<>());
        Timeouts quick = new Timeouts(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                Duration.ofSeconds(25),
                Duration.ofHours(1));
        try {
            assertThat(new String(stranger.getInputStream().readNBytes(10))).startsWith("connected");
            events.clear();
            // The thaw restarts ZEO writable, then fails on client2, whose port something else takes once it is down.
            RunEvent.Outcome outcome = run(profile(null), Mode.THAW, quick, e -> {
                if (e instanceof RunEvent.Log l && l.text().startsWith("client2 stopped") && blocker.isEmpty()) {
                    try {
                        blocker.add(
                                new ServerSocket(Integer.parseInt(hostPort[1]), 5, InetAddress.getByName(hostPort[0])));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
            assertThat(outcome).as(log()).isEqualTo(RunEvent.Outcome.FAILED);
            blocker.get(0).close();
            events.clear();
            assertThat(rollback(profile(null), quick)).as(log()).isEqualTo(RunEvent.Outcome.ROLLED_BACK);
            assertThat(log())
                    .contains(
                            "restarting zeoserver@local read-only again while processes that are not clients",
                            "pid " + stranger.pid(),
                            "stop them");
            assertThat(configs())
                    .as("frozen again, every file as before the thaw")
                    .isEqualTo(frozen);
        } finally {
            for (ServerSocket s : blocker) {
                s.close();
            }
            stranger.destroyForcibly();
            stranger.waitFor(10, TimeUnit.SECONDS);
        }
        events.clear();
        assertThat(run(profile(null), Mode.THAW, Timeouts.standard(), e -> {}))
                .as(log())
                .isEqualTo(RunEvent.Outcome.DONE);
    }

    Journal journal;

    RunEvent.Outcome run(ClusterProfile profile, Mode mode, Timeouts timeouts, Consumer<RunEvent> also)
            throws Exception {
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH here");
        })) {
            RunSetup prepared = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), hosts);
            RunSetup setup = new RunSetup(
                    prepared.profile(), prepared.discovery(), prepared.plan(), prepared.choice(), hosts, timeouts);
            Runbook runbook = Runbook.of(setup, Strategy.ROLLING);
            // Through the one run service, as both front ends run: it takes and gives back the lock.
            Runs.Ending ending = new Runs(work.resolve("journals"), Clock.systemUTC())
                    .start(
                            new Runs.Prepared(setup, Runs.decide(setup, Optional.of(Strategy.ROLLING)), runbook),
                            Optional.empty(),
                            e -> {
                                events.add(e);
                                also.accept(e);
                            },
                            new CancelToken());
            Runs.Ending.Ran ran = (Runs.Ending.Ran) ending;
            journal = ran.journal();
            return ran.outcome();
        }
    }

    RunEvent.Outcome rollback(ClusterProfile profile, Timeouts timeouts) throws Exception {
        Journal reopened = Journal.open(journal.file(), Clock.systemUTC());
        try (ProfileHosts hosts = new ProfileHosts(profile, e -> {
            throw new IOException("no SSH here");
        })) {
            RunSetup prepared = RunPreparation.fromJournal(reopened, hosts);
            RunSetup setup = new RunSetup(
                    prepared.profile(), prepared.discovery(), prepared.plan(), prepared.choice(), hosts, timeouts);
            return ((Runs.Ending.Ran) new Runs(work.resolve("journals"), Clock.systemUTC())
                            .rollback(reopened, setup, Optional.empty(), events::add))
                    .outcome();
        }
    }

    String finished() {
        return events.stream()
                .filter(RunEvent.Finished.class::isInstance)
                .map(e -> ((RunEvent.Finished) e).message())
                .reduce((a, b) -> b)
                .orElse("");
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
