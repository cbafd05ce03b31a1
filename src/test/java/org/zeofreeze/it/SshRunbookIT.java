package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.host.ssh.SshConnector;
import org.zeofreeze.host.ssh.SshHosts;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.Runs;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;

/**
 * The cluster spread over two SSH hosts — "zeo" (127.0.0.2: the ZEO server and one client) and
 * "web2" (127.0.0.3: a second client of the same ZEO server) — with the new server "new"
 * (127.0.0.4) as migration target, each a real OpenSSH sshd on loopback. {@code zeofreeze run}
 * freezes, restarts and copies across them; an SSH connection dropped while configs are being
 * written ends with every file as it was and the site serving.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshRunbookIT {
    @TempDir
    static Path work;

    static TestSshd zeoHost;
    static TestSshd webHost;
    static TestSshd newHost;
    static TestCluster clusterA;
    static Path dirB;
    static Path home;
    static Path target;
    static Map<String, byte[]> pristine;

    @BeforeAll
    static void setUp() throws Exception {
        zeoHost = TestSshd.startOn("127.0.0.2");
        webHost = TestSshd.startOn("127.0.0.3");
        newHost = TestSshd.startOn("127.0.0.4");
        // The cluster's hosts read every command line with dash, as for a login whose shell is
        // /bin/sh (useradd's default): all that is sent must be what dash reads. The new server's
        // login shell stays bash.
        zeoHost.runCommandsUnder("dash");
        webHost.runCommandsUnder("dash");
        clusterA = TestCluster.build(work.resolve("hostA/zeocluster"), 18300, 1);
        // web2's buildout: a client of the same ZEO server, with no ZEO server of its own.
        TestCluster b = TestCluster.build(work.resolve("hostB/zeocluster"), 18310, 1);
        dirB = b.dir();
        TestCluster.quietly(
                "rm",
                "-rf",
                dirB.resolve("parts/zeoserver").toString(),
                dirB.resolve("bin/zeoserver").toString());
        Path conf = dirB.resolve("parts/client1/etc/zope.conf");
        Files.writeString(
                conf,
                Files.readString(conf)
                        .replace("127.0.0.1:18310", "127.0.0.1:18300")
                        .replace(dirB + "/var/blobstorage", clusterA.dir() + "/var/blobstorage"));
        target = Files.createDirectories(work.resolve("hostC/zeocluster"));

        // The admin's ~/.ssh: the three hosts known, the key to reach them.
        home = Files.createDirectories(work.resolve("home/.ssh")).getParent();
        Files.writeString(
                home.resolve(".ssh/known_hosts"),
                zeoHost.knownHostsLine() + "\n" + webHost.knownHostsLine() + "\n" + newHost.knownHostsLine() + "\n");
        Files.copy(TestKeys.clientKey(), home.resolve(".ssh/id_ed25519"));

        clusterA.start();
        startWebClient();
        pristine = configs();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (dirB != null) {
            TestCluster.quietly(dirB.resolve("bin/client1").toString(), "stop");
        }
        if (clusterA != null) {
            clusterA.close();
        }
        for (TestSshd s : new TestSshd[] {zeoHost, webHost, newHost}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static void startWebClient() throws Exception {
        TestCluster.quietly(dirB.resolve("bin/client1").toString(), "start");
        waitHttp("127.0.0.1:18311");
    }

    static void waitHttp(String address) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            TestCluster.Result r = TestCluster.quietly(
                    "curl", "-s", "-o", "/dev/null", "-m", "10", "-w", "%{http_code}", "http://" + address + "/");
            if (r.output().strip().matches("[1-5]\\d\\d")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(address + " does not answer HTTP");
    }

    static Map<String, byte[]> configs() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        out.put("zeo:zeo.conf", Files.readAllBytes(clusterA.zeoConf()));
        out.put("zeo:client1", Files.readAllBytes(clusterA.zopeConf("client1")));
        out.put("web2:client1", Files.readAllBytes(dirB.resolve("parts/client1/etc/zope.conf")));
        return out;
    }

    static ClusterProfile profile() {
        List<String> ssh = List.of(
                "ssh",
                "-p",
                Integer.toString(newHost.port()),
                "-i",
                home.resolve(".ssh/id_ed25519").toString(),
                "-o",
                "UserKnownHostsFile=" + home.resolve(".ssh/known_hosts"),
                "-o",
                "BatchMode=yes");
        return new ClusterProfile(
                "two-hosts",
                List.of(
                        new HostEntry(
                                "zeo",
                                zeoHost.address(),
                                zeoHost.user(),
                                zeoHost.port(),
                                clusterA.dir().toString(),
                                null),
                        new HostEntry(
                                "web2", webHost.address(), webHost.user(), webHost.port(), dirB.toString(), null)),
                null,
                new MigrationTarget("new", newHost.address(), newHost.user(), newHost.port(), target.toString(), ssh),
                null,
                true);
    }

    static void assertServing() throws Exception {
        assertThat(clusterA.http("client1", Duration.ofSeconds(60))).isBetween(200, 499);
        waitHttp("127.0.0.1:18311");
    }

    ZeoFreezeLauncher.Result cli(String... args) throws IOException, InterruptedException {
        List<String> argv =
                new ArrayList<>(List.of(Path.of("zeofreeze").toAbsolutePath().toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("JAVA_OPTS", "-Duser.home=" + home);
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new ZeoFreezeLauncher.Result(p.exitValue(), out, "");
    }

    @Test
    @Order(1)
    void zeofreezeRunFreezesRestartsAndCopiesAcrossTwoSshHostsWithLiveProgress() throws Exception {
        Path profileFile = work.resolve("two-hosts.json");
        ProfileStore.write(profile(), profileFile);
        String sourceHash = Hashes.sha256(Files.readAllBytes(clusterA.fs("catalog")));

        var run = cli(
                "run",
                "--profile",
                profileFile.toString(),
                "--yes",
                "--journal-dir",
                work.resolve("journals").toString());

        assertThat(run.exit()).as(run.out()).isZero();
        // Rolling across the two hosts: each host's client in turn, then ZEO alone, then the copy.
        assertThat(run.out())
                .contains(
                        "Strategy: rolling",
                        "[done] roll:zeo/client1",
                        "[done] roll:web2/client1",
                        "[done] zeo:zeo/zeoserver",
                        "every client is connected to zeoserver again: [client1@zeo, client1@web2]",
                        "verified: zeoserver/catalog refuses write access at the ZEO server",
                        "[copy]",
                        "identical to the source",
                        "DONE: every step finished");
        // Stopped through the zdaemon manager on both hosts, not by the slower script the run
        // falls back to when a signal is refused.
        assertThat(run.out().split("\n"))
                .filteredOn(line -> line.contains("client1 stopped (pid"))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("with its zdaemon manager"));
        assertThat(run.out().indexOf("[done] roll:web2/client1"))
                .isLessThan(run.out().indexOf("[done] zeo:zeo/zeoserver"));
        assertServing();
        assertThat(clusterA.probe(clusterA.zopeConf("client1"), "catalog", 10)).isEqualTo("readonly");
        assertThat(clusterA.probe(dirB.resolve("parts/client1/etc/zope.conf"), "catalog", 10))
                .isEqualTo("readonly");
        assertThat(clusterA.probe(dirB.resolve("parts/client1/etc/zope.conf"), "main", 10))
                .isEqualTo("committed");
        assertThat(Hashes.sha256(Files.readAllBytes(target.resolve("var/filestorage/catalog.fs"))))
                .isEqualTo(sourceHash);

        var thaw = cli(
                "run",
                "--profile",
                profileFile.toString(),
                "--thaw",
                "--yes",
                "--journal-dir",
                work.resolve("journals").toString());
        assertThat(thaw.exit()).as(thaw.out()).isZero();
        assertServing();
        assertThat(clusterA.probe(dirB.resolve("parts/client1/etc/zope.conf"), "catalog", 10))
                .isEqualTo("committed");
        pristine = configs();
    }

    @Test
    @Order(2)
    void anSshConnectionDroppedWhileConfigsAreWrittenEndsWithEverythingAsItWas() throws Exception {
        String sourceHash = Hashes.sha256(Files.readAllBytes(clusterA.fs("catalog")));
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean dropped = new AtomicBoolean();
        SshConnector connector = new SshConnector(zeoHost.settings().withKnownHosts(home.resolve(".ssh/known_hosts")));
        RunEvent.Outcome outcome;
        try (ProfileHosts hosts = new ProfileHosts(profile(), new SshHosts(connector))) {
            RunSetup setup = RunPreparation.prepare(profile(), Selection.parse(Mode.FREEZE, List.of()), hosts);
            Runbook runbook = Runbook.of(setup, Strategy.FULL_STOP);
            outcome = ((Runs.Ending.Ran) new Runs(work.resolve("journals"), Clock.systemUTC())
                            .start(
                                    new Runs.Prepared(
                                            setup, Runs.decide(setup, Optional.of(Strategy.FULL_STOP)), runbook),
                                    Optional.empty(),
                                    e -> {
                                        events.add(e);
                                        if (e instanceof RunEvent.Log l
                                                && "web2".equals(l.host())
                                                && l.text().startsWith("writing ")
                                                && dropped.compareAndSet(false, true)) {
                                            webHost.dropConnections();
                                        }
                                    },
                                    new CancelToken()))
                    .outcome();
        }
        assertThat(dropped).isTrue();
        assertThat(outcome).isEqualTo(RunEvent.Outcome.FAILED);
        String message = events.stream()
                .filter(RunEvent.Finished.class::isInstance)
                .map(e -> ((RunEvent.Finished) e).message())
                .findFirst()
                .orElse("");
        assertThat(message).contains("put back");
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(Hashes.sha256(Files.readAllBytes(clusterA.fs("catalog")))).isEqualTo(sourceHash);
        assertServing();
        assertThat(clusterA.probe(dirB.resolve("parts/client1/etc/zope.conf"), "catalog", 10))
                .isEqualTo("committed");
    }
}
