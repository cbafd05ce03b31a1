package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Hashes;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testbed.AnsibleVenv;
import org.zeofreeze.testbed.MovedStorage;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;

/**
 * {@code zeofreeze export ansible} on the real cluster reached over a real sshd ("zeo",
 * 127.0.0.60: the ZEO server and two clients), with a migration target ("new", 127.0.0.61), and
 * the export run by the pinned ansible-playbook over SSH: it passes ansible-lint's production
 * profile; {@code --check --diff} shows the plan's diff and changes nothing; a file edited after
 * the export stops the playbook before any process is stopped; a process connected to ZEO that is
 * no client of the cluster stops it before the ZEO server is stopped; site.yml freezes (the
 * frozen storages refuse commits, the root accepts, every client serves, the copy is identical,
 * the playbook's own probe says so); rollback.yml puts back every file byte for byte; a full-stop
 * export run with {@code become} (sudo) freezes and rolls back; a thaw export makes the frozen
 * storages writable again; a move of the catalog to the target host's own ZEO server ends with every
 * client writable there, commits landing in the target's catalog.fs while the old one keeps its
 * bytes, a second run changing nothing and the rollback refused with ZeoFreeze's own sentence. The
 * tests share the one cluster, each ending in a known state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsibleExportIT {
    private static final Duration PLAYBOOK = Duration.ofMinutes(10);
    private static final int ZEO_PORT = 18700;
    /** The move's target: a ZEO server of its own on the target host. */
    private static final int NEW_ZEO_PORT = 18750;

    @TempDir
    static Path work;

    static TestSshd zeoHost;
    static TestSshd newHost;
    static TestCluster cluster;
    static TestCluster newServer;
    static Path home;
    static Path target;
    static Path export;
    static Path profileFile;
    static Path controlDir;
    static AnsibleVenv ansible;
    static Map<String, byte[]> pristine;
    static Map<String, Integer> pristineModes;

    @BeforeAll
    static void setUp() throws Exception {
        ansible = AnsibleVenv.locate();
        zeoHost = TestSshd.startOn("127.0.0.60");
        newHost = TestSshd.startOn("127.0.0.61");
        cluster = TestCluster.build(work.resolve("hostA/zeocluster"), ZEO_PORT, 2); // ports of its own: 187xx
        target = Files.createDirectories(work.resolve("hostC/zeocluster"));
        home = Files.createDirectories(work.resolve("home/.ssh")).getParent();
        Files.writeString(
                home.resolve(".ssh/known_hosts"), zeoHost.knownHostsLine() + "\n" + newHost.knownHostsLine() + "\n");
        Files.copy(TestKeys.clientKey(), home.resolve(".ssh/id_ed25519"));
        // ControlPath sockets must stay under the 108 bytes of a Unix socket path.
        controlDir = Files.createTempDirectory(Path.of("/tmp"), "zf-cp-");
        cluster.start();
        pristine = configs();
        pristineModes = fsModes();
        profileFile = work.resolve("ansible-it.json");
        ProfileStore.write(profile(), profileFile);
        export = work.resolve("export");
        ZeoFreezeLauncher.Result r =
                zeofreeze("export", "ansible", "--profile", profileFile.toString(), "--out", export.toString());
        assertThat(r.exit()).as(r.out()).isZero();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (newServer != null) {
            newServer.close();
        }
        for (TestSshd s : new TestSshd[] {zeoHost, newHost}) {
            if (s != null) {
                s.close();
            }
        }
        if (controlDir != null) {
            try (Stream<Path> files = Files.walk(controlDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The zeo host alone, reached as the login user who sudoes to {@code sudoUser} (none: null); no target. */
    static ClusterProfile profile(String sudoUser) {
        return new ClusterProfile(
                "ansible-it",
                List.of(new HostEntry(
                        "zeo",
                        zeoHost.address(),
                        zeoHost.user(),
                        zeoHost.port(),
                        cluster.dir().toString(),
                        sudoUser)),
                null,
                null,
                null,
                true);
    }

    /** A further export of the cluster as it is now, into a new directory. */
    static Path export(String name, ClusterProfile profile, String... options) throws Exception {
        Path file = work.resolve(name + ".json");
        ProfileStore.write(profile, file);
        Path out = work.resolve(name);
        List<String> argv =
                new ArrayList<>(List.of("export", "ansible", "--profile", file.toString(), "--out", out.toString()));
        argv.addAll(List.of(options));
        ZeoFreezeLauncher.Result r = zeofreeze(argv.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
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
                "ansible-it",
                List.of(new HostEntry(
                        "zeo",
                        zeoHost.address(),
                        zeoHost.user(),
                        zeoHost.port(),
                        cluster.dir().toString(),
                        null)),
                null,
                new MigrationTarget("new", newHost.address(), newHost.user(), newHost.port(), target.toString(), ssh),
                null,
                true);
    }

    /** The packaged command line with the admin's ~/.ssh of this test. */
    static ZeoFreezeLauncher.Result zeofreeze(String... args) throws IOException, InterruptedException {
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

    /** ansible-playbook in the export directory, over SSH with the test key, trusting exactly the test sshd servers. */
    static TestCluster.Result playbook(String... args) throws IOException, InterruptedException {
        return playbookIn(export, args);
    }

    static TestCluster.Result playbookIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("-i", "inventory.yml"));
        argv.addAll(List.of(args));
        return ansible.run(
                dir,
                Map.of(
                        "ANSIBLE_PRIVATE_KEY_FILE",
                        home.resolve(".ssh/id_ed25519").toString(),
                        "ANSIBLE_SSH_ARGS",
                        "-o UserKnownHostsFile=" + home.resolve(".ssh/known_hosts")
                                + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o ControlMaster=auto -o ControlPersist=30s",
                        "ANSIBLE_SSH_CONTROL_PATH_DIR",
                        controlDir.toString(),
                        // the managed host's system Python, not whatever a login shell finds first
                        "ANSIBLE_PYTHON_INTERPRETER",
                        "/usr/bin/python3",
                        // The test bed's only user who can run the cluster (its venv is in root's home) is the
                        // login user: without this, Ansible skips sudo when become_user is the login user.
                        "ANSIBLE_BECOME_ALLOW_SAME_USER",
                        "True"),
                PLAYBOOK,
                "ansible-playbook",
                argv.toArray(String[]::new));
    }

    static Map<String, byte[]> configs() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        out.put("zeo.conf", Files.readAllBytes(cluster.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readAllBytes(cluster.zopeConf(c)));
        }
        return out;
    }

    static Map<String, Integer> fsModes() throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        for (String s : List.of("1", "plone", "catalog")) {
            out.put(s, mode(cluster.fs(s)));
        }
        return out;
    }

    static int mode(Path file) throws IOException {
        int m = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }

    /** The pid of every process of the cluster as its pid file says, each alive. */
    static Map<String, Long> pids() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        out.put("zeoserver", pid(cluster.dir().resolve("var/zeoserver.pid")));
        for (String c : cluster.clientNames()) {
            out.put(c, pid(cluster.dir().resolve("var/" + c + "/Z4.pid")));
        }
        return out;
    }

    private static long pid(Path file) throws IOException {
        long pid = Long.parseLong(Files.readString(file).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as(file + " names a live process")
                .contains(true);
        return pid;
    }

    static void assertEveryClientServes() throws Exception {
        for (String c : cluster.clientNames()) {
            assertThat(cluster.http(c, Duration.ofSeconds(60)))
                    .as(c + " answers HTTP")
                    .isBetween(200, 499);
        }
    }

    static void assertPassesLint(Path dir) throws IOException, InterruptedException {
        TestCluster.Result lint = ansible.run(
                dir,
                Map.of(),
                Duration.ofMinutes(5),
                "ansible-lint",
                "--offline",
                "--profile",
                "production",
                "site.yml",
                "rollback.yml",
                "inventory.yml");
        assertThat(lint.exit()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("Profile 'production' was required, and it passed");
    }

    @Test
    @Order(1)
    void theExportPassesAnsibleLintsProductionProfileAndOnlyItsOwnerMayReadIt() throws Exception {
        assertPassesLint(export);
        try (Stream<Path> all = Files.walk(export)) {
            for (Path p : all.filter(p -> !p.toString().contains(".ansible")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    @Order(2)
    void checkDiffShowsThePlansDiffAndChangesNothing() throws Exception {
        Map<String, Long> pids = pids();
        ZeoFreezeLauncher.Result plan =
                zeofreeze("plan", "--buildout", cluster.dir().toString(), "--patch");
        assertThat(plan.exit()).as(plan.out()).isZero();
        List<String> changedLines = plan.out()
                .lines()
                .filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---"))
                .toList();
        assertThat(changedLines).as("the plan's diff").isNotEmpty();

        TestCluster.Result check = playbook("site.yml", "--check", "--diff");

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output().lines().toList())
                .as("the diffs Ansible shows")
                .containsAll(changedLines);
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(fsModes()).isEqualTo(pristineModes);
        assertThat(pids()).as("no process was restarted").isEqualTo(pids);
        assertThat(target.resolve("var/filestorage/plone.fs")).doesNotExist();
    }

    @Test
    @Order(3)
    void aFileEditedAfterTheExportStopsThePlaybookBeforeAnythingIsStopped() throws Exception {
        Map<String, Long> pids = pids();
        Path edited = cluster.zopeConf("client2");
        Files.writeString(edited, "\n# edited after the export\n", StandardOpenOption.APPEND);
        TestCluster.Result run;
        try {
            run = playbook("site.yml");
        } finally {
            Files.write(edited, pristine.get("client2"));
        }
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains(edited + " changed since the plan was reviewed");
        assertThat(run.output()).doesNotContain("TASK [Stop ");
        assertThat(pids()).as("no process was stopped").isEqualTo(pids);
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(fsModes()).isEqualTo(pristineModes);
        assertEveryClientServes();
    }

    @Test
    @Order(4)
    void aProcessConnectedToZeoThatIsNoClientOfTheClusterStopsThePlaybookBeforeTheServerIsStopped() throws Exception {
        // A script holding a ZEO connection to the catalog storage, asking for write access.
        Process stranger = new ProcessBuilder(
                        cluster.dir().resolve("testbed/python").toString(), "-c", """
                import sys, time
                from ZEO.ClientStorage import ClientStorage
                s = ClientStorage(('127.0.0.1', %d), storage='catalog')
                print('connected', flush=True)
                time.sleep(600)
                """.formatted(ZEO_PORT))
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(stranger.getInputStream().readNBytes(10))).startsWith("connected");
            long server = pids().get("zeoserver");

            TestCluster.Result run = playbook("site.yml");

            assertThat(run.exit()).as(run.output()).isNotZero();
            assertThat(run.output())
                    .contains(
                            "not restarting zeoserver@zeo read-only",
                            "pid " + stranger.pid(),
                            "The server was not stopped");
            assertThat(run.output()).doesNotContain("TASK [Stop zeoserver@zeo]");
            assertThat(Files.readAllBytes(cluster.zeoConf()))
                    .as("zeo.conf untouched")
                    .isEqualTo(pristine.get("zeo.conf"));
            assertThat(pids().get("zeoserver"))
                    .as("the ZEO server was not stopped")
                    .isEqualTo(server);
            assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15))
                    .as("the server still writable")
                    .isEqualTo("committed");
            assertEveryClientServes();
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor(10, TimeUnit.SECONDS);
        }
        // The clients were restarted read-only before the server's turn, as in ZeoFreeze's own run: undone here.
        TestCluster.Result back = playbook("rollback.yml");
        assertThat(back.exit()).as(back.output()).isZero();
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(back.output())
                .as("the rollback's probe")
                .contains("plone writable", "catalog writable", "1 writable");
    }

    @Test
    @Order(5)
    void thePlaybookFreezesCopiesAndEveryClientServes() throws Exception {
        TestCluster.Result run = playbook("site.yml");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .as("the connection check found only the clients")
                .contains("connected to zeoserver@zeo: only the clients of this cluster");
        assertThat(run.output())
                .as("the playbook's own probe of every storage")
                .contains("plone read-only", "catalog read-only", "1 writable");
        assertEveryClientServes();
        for (String c : cluster.clientNames()) {
            assertThat(cluster.probe(cluster.zopeConf(c), "plone", 15))
                    .as(c + " plone")
                    .isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(c), "catalog", 15))
                    .as(c + " catalog")
                    .isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(c), "main", 15))
                    .as(c + " main (the root)")
                    .isEqualTo("committed");
        }
        for (String s : List.of("plone", "catalog")) {
            assertThat(mode(cluster.fs(s)) & 0222)
                    .as(s + ".fs is read-only on disk")
                    .isZero();
            assertThat(Hashes.sha256(Files.readAllBytes(target.resolve("var/filestorage/" + s + ".fs"))))
                    .as("the copy of " + s + ".fs")
                    .isEqualTo(Hashes.sha256(Files.readAllBytes(cluster.fs(s))));
        }
        assertThat(target.resolve("var/filestorage/plone.fs.index")).doesNotExist();
        assertThat(mode(cluster.fs("1"))).isEqualTo(pristineModes.get("1"));

        Map<String, Long> pids = pids();
        TestCluster.Result again = playbook("site.yml");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("changed=0");
        assertThat(pids()).as("a second run restarts nothing").isEqualTo(pids);
    }

    @Test
    @Order(6)
    void rollbackPutsBackEveryFileByteForByte() throws Exception {
        TestCluster.Result run = playbook("rollback.yml");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(fsModes()).isEqualTo(pristineModes);
        assertEveryClientServes();
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 15)).isEqualTo("committed");
        assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 15)).isEqualTo("committed");
        try (Stream<Path> files = Files.list(cluster.zopeConf("client1").getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the backups copy made")
                    .anyMatch(n -> n.startsWith("zope.conf.") && n.endsWith("~"));
        }
    }

    @Test
    @Order(7)
    void aFullStopExportRunWithBecomeFreezesAndRollsBack() throws Exception {
        // The login user sudoes (to root: the test bed's cluster and its venv are root's) for every task;
        // the processes started through sudo carry its SUDO_COMMAND, Ansible's become marker in it.
        Path fullStop = export("full-stop", profile("root"), "--strategy", "full-stop");
        assertThat(Files.readString(fullStop.resolve("inventory.yml")))
                .contains("ansible_become: true", "ansible_become_method: \"sudo\"", "ansible_become_user: \"root\"");
        assertPassesLint(fullStop);

        TestCluster.Result run = playbookIn(fullStop, "site.yml");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "PLAY [Stop the clients on zeo]",
                        "PLAY [Stop the ZEO server on zeo]",
                        "PLAY [Start the ZEO server on zeo]",
                        "plone read-only",
                        "catalog read-only",
                        "1 writable");
        assertThat(run.output())
                .as("no connection check: nothing runs while the server restarts")
                .doesNotContain("only the clients of this cluster");
        for (Map.Entry<String, Long> p : pids().entrySet()) {
            assertThat(environ(p.getValue()))
                    .as(p.getKey() + " was started through sudo by Ansible's become")
                    .anyMatch(v -> v.startsWith("SUDO_COMMAND=") && v.contains("BECOME-SUCCESS-"));
        }
        assertEveryClientServes();
        for (String c : cluster.clientNames()) {
            assertThat(cluster.probe(cluster.zopeConf(c), "plone", 15))
                    .as(c + " plone")
                    .isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(c), "main", 15))
                    .as(c + " main (the root)")
                    .isEqualTo("committed");
        }

        TestCluster.Result back = playbookIn(fullStop, "rollback.yml");

        assertThat(back.exit()).as(back.output()).isZero();
        assertThat(configs()).usingRecursiveComparison().isEqualTo(pristine);
        assertThat(fsModes()).isEqualTo(pristineModes);
        assertEveryClientServes();
        assertThat(cluster.probe(cluster.zopeConf("client1"), "plone", 15)).isEqualTo("committed");
        assertThat(back.output()).contains("plone writable", "catalog writable");
    }

    @Test
    @Order(8)
    void aThawExportMakesTheFrozenStoragesWritableAgain() throws Exception {
        TestCluster.Result freeze = playbook("site.yml");
        assertThat(freeze.exit()).as(freeze.output()).isZero();
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 15)).isEqualTo("readonly");
        Path thaw = export("thaw", profile(null), "--thaw");
        assertThat(Files.readString(thaw.resolve("site.yml")))
                .as("a server restarted writable needs no connection check")
                .doesNotContain("zf_strangers");
        assertThat(Files.readString(thaw.resolve("rollback.yml")))
                .as("undoing the thaw names strangers")
                .contains("Name the strangers connected to zeoserver@zeo");
        assertPassesLint(thaw);

        TestCluster.Result run = playbookIn(thaw, "site.yml");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("plone writable", "catalog writable", "1 writable");
        assertEveryClientServes();
        for (String c : cluster.clientNames()) {
            assertThat(cluster.probe(cluster.zopeConf(c), "plone", 15))
                    .as(c + " plone")
                    .isEqualTo("committed");
            assertThat(cluster.probe(cluster.zopeConf(c), "catalog", 15))
                    .as(c + " catalog")
                    .isEqualTo("committed");
        }
        for (String s : List.of("plone", "catalog")) {
            assertThat(mode(cluster.fs(s)) & 0200)
                    .as(s + ".fs is writable on disk again")
                    .isNotZero();
        }
        assertThat(new String(configs().get("zeo.conf"), StandardCharsets.UTF_8))
                .as("no storage read-only in zeo.conf")
                .doesNotContain("read-only true");
    }

    @Test
    @Order(9)
    void theProbeFailsThePlaybookWhenAStorageMeantFrozenAcceptsWriteAccess() throws Exception {
        // The freeze's own verification, run against the thawed cluster: its probe must say so.
        TestCluster.Result run =
                playbook("site.yml", "--start-at-task", "Probe the storages of zeoserver@zeo from outside");

        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output())
                .contains(
                        "the storages of zeoserver@zeo should answer",
                        "plone read-only",
                        "but it answered",
                        "plone writable");
    }

    @Test
    @Order(10)
    void aMoveOfTheCatalogToTheTargetsZeoServerEndsWritableThereAndItsRollbackIsRefused() throws Exception {
        // The target host's own ZEO server: the catalog is frozen, copied, served there read-only and proven
        // identical, every client switched one at a time, then writable there one at a time.
        newServer = TestCluster.build(work.resolve("hostD/zeocluster"), NEW_ZEO_PORT, 0, "--server-only");
        ClusterProfile move = new ClusterProfile(
                "ansible-it-move",
                List.of(new HostEntry(
                        "zeo",
                        zeoHost.address(),
                        zeoHost.user(),
                        zeoHost.port(),
                        cluster.dir().toString(),
                        null)),
                null,
                new MigrationTarget(
                        "new",
                        newHost.address(),
                        newHost.user(),
                        newHost.port(),
                        newServer.dir().toString(),
                        profile().target().sshCommand(),
                        null,
                        null,
                        "127.0.0.1:" + NEW_ZEO_PORT),
                null,
                true);
        Path moveExport = export("move", move, "--move", "-f", "catalog");
        assertPassesLint(moveExport);
        Map<String, byte[]> unmoved = configs();
        byte[] unmovedTarget = Files.readAllBytes(newServer.zeoConf());
        Map<String, Long> unmovedPids = pids();

        TestCluster.Result check = playbookIn(moveExport, "site.yml", "--check", "--diff");

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output().lines())
                .as("the diffs of the target's zeo.conf and the clients' files")
                .anyMatch(l -> l.startsWith("+") && l.contains("<filestorage catalog>"))
                .anyMatch(l -> l.startsWith("+") && l.contains("server 127.0.0.1:" + NEW_ZEO_PORT));
        assertThat(configs()).usingRecursiveComparison().isEqualTo(unmoved);
        assertThat(Files.readAllBytes(newServer.zeoConf())).isEqualTo(unmovedTarget);
        assertThat(pids()).as("--check restarts nothing").isEqualTo(unmovedPids);
        assertThat(newServer.fs("catalog")).as("--check copies nothing").doesNotExist();

        TestCluster.Result run = playbookIn(moveExport, "site.yml");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "PLAY [Serve the copies at zeoserver@new, read-only, and prove them identical]",
                        "verified: at the target, read-only, as at the frozen source: catalog read-only",
                        "PLAY [Make the moved storages writable at zeoserver@new, restarted alone]",
                        "PLAY [Verify the move");
        List<String> order = List.of(
                "PLAY [Point client1@zeo at the target, read-only",
                "PLAY [Point client2@zeo at the target, read-only",
                "PLAY [Make the moved storages writable at zeoserver@new",
                "PLAY [Restart client1@zeo writable at the target",
                "PLAY [Restart client2@zeo writable at the target",
                "PLAY [Verify the move");
        assertThat(order.stream().map(p -> run.output().indexOf(p)).toList())
                .as("the second roll begins only after the last client of the first")
                .allMatch(i -> i > 0)
                .isSorted();
        assertEveryClientServes();
        for (String c : cluster.clientNames()) {
            String conf = Files.readString(cluster.zopeConf(c));
            String catalog = conf.substring(conf.indexOf("<zodb_db catalog>"));
            catalog = catalog.substring(0, catalog.indexOf("</zodb_db>"));
            assertThat(catalog)
                    .as(c + "'s catalog <zeoclient>")
                    .contains("server 127.0.0.1:" + NEW_ZEO_PORT)
                    .doesNotContain("read-only true");
        }
        new MovedStorage(cluster, newServer, "catalog").commitLandsAtTheNewServer("client2");
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15))
                .as("the root, at the old server")
                .isEqualTo("committed");

        Map<String, Long> pids = pids();
        long target = pid(newServer.dir().resolve("var/zeoserver.pid"));
        Map<String, byte[]> files = configs();
        byte[] targetConf = Files.readAllBytes(newServer.zeoConf());
        long grown = Files.size(newServer.fs("catalog"));

        TestCluster.Result again = playbookIn(moveExport, "site.yml");

        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("changed=0").doesNotContainPattern("changed=[1-9]");
        assertThat(pids()).as("a second run restarts nothing").isEqualTo(pids);
        assertThat(pid(newServer.dir().resolve("var/zeoserver.pid"))).isEqualTo(target);
        assertThat(Files.size(newServer.fs("catalog")))
                .as("nothing copied over the target's catalog")
                .isEqualTo(grown);

        TestCluster.Result back = playbookIn(moveExport, "rollback.yml");

        assertThat(back.exit()).as(back.output()).isNotZero();
        assertThat(back.output().replaceAll("\\s+", " "))
                .contains("this move reached its second roll: catalog became writable at 127.0.0.1:" + NEW_ZEO_PORT
                        + " and clients may have written there.")
                .contains("move them back: a new move with that server as the target.");
        assertThat(back.output()).doesNotContain("TASK [Stop ").doesNotContainPattern("changed=[1-9]");
        assertThat(configs()).usingRecursiveComparison().isEqualTo(files);
        assertThat(Files.readAllBytes(newServer.zeoConf())).isEqualTo(targetConf);
        assertThat(pids()).as("the refused rollback restarts nothing").isEqualTo(pids);
        assertThat(pid(newServer.dir().resolve("var/zeoserver.pid"))).isEqualTo(target);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 15)).isEqualTo("committed");
    }

    /** The environment a process was started with, one VAR=value each. */
    static List<String> environ(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1)
                .split("\0"));
    }
}
