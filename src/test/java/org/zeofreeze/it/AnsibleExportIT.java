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
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;

/**
 * {@code zeofreeze export ansible} on the real cluster reached over a real sshd ("zeo",
 * 127.0.0.60: the ZEO server and two clients), with a migration target ("new", 127.0.0.61), and
 * the export run by the pinned ansible-playbook over SSH: it passes ansible-lint's production
 * profile; {@code --check --diff} shows the plan's diff and changes nothing; a file edited after
 * the export stops the playbook before any process is stopped; site.yml freezes (the frozen
 * storages refuse commits, the root accepts, every client serves, the copy is identical); and
 * rollback.yml puts back every file byte for byte.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsibleExportIT {
    private static final Duration PLAYBOOK = Duration.ofMinutes(10);

    @TempDir
    static Path work;

    static TestSshd zeoHost;
    static TestSshd newHost;
    static TestCluster cluster;
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
        cluster = TestCluster.build(work.resolve("hostA/zeocluster"), 18700, 2); // ports of its own: 187xx
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
        List<String> argv = new ArrayList<>(List.of("-i", "inventory.yml"));
        argv.addAll(List.of(args));
        return ansible.run(
                export,
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
                        "/usr/bin/python3"),
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

    @Test
    @Order(1)
    void theExportPassesAnsibleLintsProductionProfileAndOnlyItsOwnerMayReadIt() throws Exception {
        TestCluster.Result lint = ansible.run(
                export,
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
    void thePlaybookFreezesCopiesAndEveryClientServes() throws Exception {
        TestCluster.Result run = playbook("site.yml");

        assertThat(run.exit()).as(run.output()).isZero();
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
    @Order(5)
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
}
