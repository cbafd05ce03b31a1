package org.zeofreeze.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Fixtures;

/**
 * The export of the guide's cluster (a ZEO server, two clients) moved into a temporary
 * directory: what the playbooks say, in which order, and how the files are written. That Ansible
 * runs it is AnsibleExportIT's part.
 */
class AnsibleExportTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    Path buildout() throws Exception {
        Path b = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        try (Stream<Path> files = Files.walk(b)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, Files.readString(f).replace("/usr/local/Plone/zeocluster", b.toString()));
            }
        }
        Files.createDirectories(b.resolve("var/filestorage"));
        Files.writeString(b.resolve("var/filestorage/Data.fs"), "root");
        Files.writeString(b.resolve("var/filestorage/deepereconomics.org.fs"), "site");
        Files.writeString(
                b.resolve("parts/client1/etc/wsgi.ini"),
                "[server:main]\nuse = egg:waitress#main\nlisten = 0.0.0.0:8081\n");
        Files.createDirectories(b.resolve("bin"));
        Files.writeString(
                b.resolve("bin/zeoserver"), "#!/opt/python3.11/bin/python3.11\nimport sys\nsys.path[0:0] = []\n");
        return b;
    }

    RunSetup setup(ClusterProfile profile) throws Exception {
        return RunPreparation.prepare(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new);
    }

    static ClusterProfile profile(Path buildout, Maintenance maintenance) {
        return new ClusterProfile(
                "guide",
                List.of(new HostEntry("zeo", "zeo1.example.org", "plone", 2222, buildout.toString(), "plone_daemon")),
                null,
                null,
                maintenance,
                true);
    }

    static String text(AnsibleExport e, String file) {
        return new String(e.files().get(file), StandardCharsets.UTF_8);
    }

    @Test
    void theFilesOfThePlanAreCarriedByteForByteAndEachIsCheckedBeforeAnythingStops() throws Exception {
        RunSetup setup = setup(profile(buildout(), null));
        AnsibleExport export = AnsibleExport.of(setup, Strategy.ROLLING, AT);
        String site = text(export, "site.yml");

        assertThat(setup.plan().changes()).hasSize(3);
        for (FileChange c : setup.plan().changes()) {
            assertThat(export.files().values())
                    .as(c.path() + " after")
                    .anySatisfy(b -> assertThat(b).isEqualTo(c.after()));
            assertThat(export.files().values())
                    .as(c.path() + " before")
                    .anySatisfy(b -> assertThat(b).isEqualTo(c.before()));
            int guard = site.indexOf(c.beforeSha256());
            assertThat(guard).as("the guard of " + c.path()).isPositive();
            assertThat(guard).as("checked before the first stop").isLessThan(site.indexOf("ansible.builtin.command"));
        }
        assertThat(site)
                .contains("checksum_algorithm: \"sha256\"", "backup: true", "mode: \"0644\"", "any_errors_fatal: true");
        assertThat(site).doesNotContain("template");
    }

    @Test
    void rollingRestartsOneClientAtATimeDrainedThenTheZeoServerAlone() throws Exception {
        Maintenance drain = new Maintenance(
                "zeo",
                List.of(),
                List.of(),
                List.of("hactl", "drain", "{part}"),
                List.of("hactl", "ready", "{part}"),
                3);
        String site = text(AnsibleExport.of(setup(profile(buildout(), drain)), Strategy.ROLLING, AT), "site.yml");

        int client1 = site.indexOf("name: \"Restart client1@zeo");
        int client2 = site.indexOf("name: \"Restart client2@zeo");
        int zeo = site.indexOf("name: \"Restart zeoserver@zeo alone");
        assertThat(client1).isPositive().isLessThan(client2);
        assertThat(client2).isLessThan(zeo);
        assertThat(site.substring(client1, client2))
                .contains(
                        "serial: 1",
                        "\"hactl\"\n",
                        "\"drain\"",
                        "\"client1\"",
                        "seconds: 3",
                        "\"ready\"",
                        "state: \"stopped\"",
                        "port: 8081",
                        "ansible.builtin.uri");
        assertThat(site.substring(zeo)).contains("port: 8100", "state: \"started\"");
        assertThat(site.indexOf("mode: \"0444\""))
                .as("read-only on disk after the restarts")
                .isGreaterThan(zeo);
    }

    @Test
    void fullStopTakesEverythingDownBeforeTheFirstWriteAndStartsZeoBeforeTheClients() throws Exception {
        Maintenance switchOver = new Maintenance("zeo", List.of("site", "maintenance"), List.of("site", "live"));
        String site =
                text(AnsibleExport.of(setup(profile(buildout(), switchOver)), Strategy.FULL_STOP, AT), "site.yml");

        int on = site.indexOf("\"maintenance\"");
        int stopClients = site.indexOf("Stop the clients");
        int stopZeo = site.indexOf("Stop the ZEO server");
        int write = site.indexOf("ansible.builtin.copy");
        int startZeo = site.indexOf("Start the ZEO server");
        int startClients = site.indexOf("Start the clients");
        int off = site.indexOf("\"live\"");
        assertThat(List.of(on, stopClients, stopZeo, write, startZeo, startClients, off))
                .allMatch(i -> i > 0)
                .isSorted();
    }

    @Test
    void aFullStopRollbackTurnsMaintenanceOnStopsPutsBackStartsAndVerifiesAfterMaintenanceOff() throws Exception {
        Maintenance switchOver = new Maintenance("zeo", List.of("site", "maintenance"), List.of("site", "live"));
        String rollback =
                text(AnsibleExport.of(setup(profile(buildout(), switchOver)), Strategy.FULL_STOP, AT), "rollback.yml");

        int checks = rollback.indexOf("before anything is stopped");
        int on = rollback.indexOf("\"maintenance\"");
        int stopClients = rollback.indexOf("Stop the clients");
        int putBack = rollback.indexOf("src: \"before/01-");
        int modes = rollback.indexOf("Set the modes");
        int startZeo = rollback.indexOf("Start the ZEO server");
        int off = rollback.indexOf("\"live\"");
        int verify = rollback.indexOf("name: \"Verify:");
        assertThat(List.of(checks, on, stopClients, putBack, modes, startZeo, off, verify))
                .allMatch(i -> i > 0)
                .isSorted();
    }

    @Test
    void beforeTheZeoServerStopsEveryConnectionToItsPortMustBelongToAClientOfTheCluster() throws Exception {
        AnsibleExport export = AnsibleExport.of(setup(profile(buildout(), null)), Strategy.ROLLING, AT);
        String site = text(export, "site.yml");

        int play = site.indexOf("name: \"Restart zeoserver@zeo alone");
        int list = site.indexOf("name: \"List the connections to zeoserver@zeo on zeo\"", play);
        int pid = site.indexOf("name: \"Read the pid of client1@zeo\"", play);
        int find = site.indexOf("name: \"Find processes connected to zeoserver@zeo", play);
        int refuse =
                site.indexOf("name: \"Refuse to restart zeoserver@zeo read-only while strangers are connected\"", play);
        int stop =
                site.indexOf("name: \"Stop zeoserver@zeo\"", refuse); // the stop command, in the block the check opens
        assertThat(List.of(play, list, pid, find, refuse, stop))
                .allMatch(i -> i > 0)
                .isSorted();
        assertThat(site.substring(list, pid)).contains("\"ss\"", "\"-tnpH\"", "\"sport\"", "\":8100\"", "\"dport\"");
        assertThat(site.substring(pid, find))
                .contains(
                        "src: \"" + dir.resolve("zeocluster") + "/var/client1/Z4.pid\"", "Read the pid of client2@zeo");
        assertThat(site.substring(find, refuse))
                .contains(
                        "\"python3\"",
                        "lookup('ansible.builtin.file', 'zeofreeze-connections.py')",
                        "\"8100\"",
                        "\"listing\"",
                        "{{ zf_ss_0.stdout }}",
                        "\"client\"",
                        "\"client1@zeo\"",
                        "{{ zf_pid_0.content");
        assertThat(site.substring(refuse, stop))
                .contains(
                        "zf_strangers.stdout_lines | length == 0",
                        "not restarting {{ zf_server }} read-only",
                        "The server was not stopped");
        assertThat(site.substring(0, play))
                .as("no check before a client's restart")
                .doesNotContain("zf_strangers");
        assertThat(export.files().get("files/zeofreeze-connections.py")).isNotEmpty();
    }

    /**
     * The shipped check itself, run by python3 on listings as {@code ss -tnpH state established}
     * prints them: the server's end and the client's end on two machines, and a stranger.
     */
    @Test
    void theConnectionCheckNamesEveryConnectionNoClientOfTheClusterHolds() throws Exception {
        AnsibleExport export = AnsibleExport.of(setup(profile(buildout(), null)), Strategy.ROLLING, AT);
        Path script = dir.resolve("check.py");
        Files.write(script, export.files().get("files/zeofreeze-connections.py"));
        String server = String.join(
                "\n",
                "0      0      [::ffff:10.0.0.1]:8100 [::ffff:10.0.0.2]:40001 users:((\"python3.11\",pid=500,fd=7))",
                "0      0      10.0.0.1:8100 10.0.0.2:40002 users:((\"python3.11\",pid=500,fd=8))",
                "0      0      10.0.0.1:8100 10.0.0.1:40003 users:((\"python3.11\",pid=500,fd=9))",
                "0      0      10.0.0.1:40003 10.0.0.1:8100 users:((\"zeopack\",pid=777,fd=3))",
                "0      0      10.0.0.1:8100 10.0.0.9:40004 users:((\"python3.11\",pid=500,fd=10))");
        String client = String.join(
                "\n",
                "0      0      10.0.0.2:40001 10.0.0.1:8100 users:((\"python3.11\",pid=1234,fd=5))",
                "0      0      10.0.0.2:40002 10.0.0.1:8100 users:((\"python3.11\",pid=1234,fd=6))");

        List<String> strangers = python(
                script,
                "8100",
                "zeo",
                "listing",
                "zeo",
                server,
                "listing",
                "web",
                client,
                "client",
                "client1@web",
                "web",
                "1234\n");
        List<String> clientOnly = python(
                script,
                "8100",
                "zeo",
                "listing",
                "zeo",
                server.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow(),
                "listing",
                "web",
                client,
                "client",
                "client1@web",
                "web",
                "1234");
        List<String> pidUnknown = python(
                script,
                "8100",
                "zeo",
                "listing",
                "zeo",
                server,
                "listing",
                "web",
                client,
                "client",
                "client1@web",
                "web",
                "");

        assertThat(strangers)
                .containsExactly(
                        "stranger 10.0.0.1:40003 (zeopack pid 777)",
                        "stranger 10.0.0.9:40004 (a process on another machine)");
        assertThat(clientOnly).as("only the client's connections").isEmpty();
        assertThat(pidUnknown)
                .contains(
                        "stranger 10.0.0.2:40001 (python3.11 pid 1234)",
                        "no pid known for client1@web (pid file missing or unreadable)");
    }

    private static List<String> python(Path script, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("python3", script.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void undoingAThawNamesStrangersButRestartsTheServerReadOnlyAllTheSame() throws Exception {
        RunSetup thaw = RunPreparation.prepare(
                profile(frozen(buildout()), null), Selection.parse(Mode.THAW, List.of()), LocalHost::new);
        AnsibleExport export = AnsibleExport.of(thaw, Strategy.ROLLING, AT);

        assertThat(text(export, "site.yml"))
                .as("a thaw restarts the server writable: nobody can hang")
                .doesNotContain("zf_strangers");
        String rollback = text(export, "rollback.yml");
        int name = rollback.indexOf("name: \"Name the strangers connected to zeoserver@zeo");
        assertThat(name).isPositive().isLessThan(rollback.indexOf("name: \"Stop zeoserver@zeo\"", name));
        assertThat(rollback).doesNotContain("Refuse to restart");
    }

    @Test
    void theVerificationProbesEveryStorageOfTheServerWithTheRunbooksProbeAndExpectsThePlannedAnswer() throws Exception {
        Path b = buildout();
        AnsibleExport export = AnsibleExport.of(setup(profile(b, null)), Strategy.ROLLING, AT);
        String site = text(export, "site.yml");
        String rollback = text(export, "rollback.yml");

        int verify = site.indexOf("name: \"Verify:");
        int probe = site.indexOf("name: \"Probe the storages of zeoserver@zeo from outside\"", verify);
        assertThat(verify).isPositive().isGreaterThan(site.indexOf("Restart zeoserver@zeo alone"));
        assertThat(probe).isPositive();
        assertThat(site.substring(probe))
                .contains(
                        "\"/opt/python3.11/bin/python3.11\"",
                        "\"-c\"",
                        "lookup('ansible.builtin.file', 'zeofreeze-probe.py')",
                        "\"" + b + "/bin/zeoserver\"",
                        "\"127.0.0.1:8100\"",
                        "\"1\"\n",
                        "\"deepereconomics.org\"\n",
                        "delegate_to: \"zeo\"",
                        "not ansible_check_mode",
                        "zf_expected | difference(zf_probe.stdout_lines) | length == 0");
        assertThat(expected(site)).containsExactly("1 writable", "deepereconomics.org read-only");
        assertThat(expected(rollback))
                .as("after the rollback every storage writable again")
                .containsExactly("1 writable", "deepereconomics.org writable");
        String probeText = new String(export.files().get("files/zeofreeze-probe.py"), StandardCharsets.UTF_8);
        assertThat(probeText)
                .as("the runbook's own probe")
                .contains("read_only_fallback=True", "isReadOnly()", "_script = sys.argv.pop(1)");
    }

    @Test
    void aServerWithoutTheBuildoutsPythonFailsTheVerificationSayingWhy() throws Exception {
        Path b = buildout();
        Files.delete(b.resolve("bin/zeoserver"));
        String site = text(AnsibleExport.of(setup(profile(b, null)), Strategy.FULL_STOP, AT), "site.yml");

        assertThat(site)
                .contains(
                        "ansible.builtin.fail",
                        "the storages of zeoserver@zeo could not be probed: no Python of "
                                + "the buildout was found (bin/zeoserver)");
    }

    /** The answers the verification's assert expects, in the order it lists them. */
    static List<String> expected(String playbook) {
        int at = playbook.indexOf("zf_expected:\n");
        assertThat(at).as("zf_expected").isPositive();
        return playbook.substring(at)
                .lines()
                .skip(1)
                .takeWhile(l -> l.strip().startsWith("- "))
                .map(l -> l.strip().substring(3, l.strip().length() - 1))
                .toList();
    }

    /** The buildout with the site's storage frozen, as a freeze leaves it, so that it can be thawed. */
    Path frozen(Path b) throws Exception {
        RunSetup freeze = setup(profile(b, null));
        for (FileChange c : freeze.plan().changes()) {
            Files.write(Path.of(c.path()), c.after());
        }
        return b;
    }

    @Test
    void theInventoryHasTheProfilesHostsWithTheSudoUserAsBecomeUser() throws Exception {
        String inventory =
                text(AnsibleExport.of(setup(profile(buildout(), null)), Strategy.ROLLING, AT), "inventory.yml");

        assertThat(inventory)
                .contains(
                        "zeo:\n",
                        "ansible_host: \"zeo1.example.org\"",
                        "ansible_user: \"plone\"",
                        "ansible_port: 2222",
                        "ansible_become: true",
                        "ansible_become_user: \"plone_daemon\"");
    }

    @Test
    void rollbackPutsBackTheReviewedFilesAndTheModes() throws Exception {
        RunSetup setup = setup(profile(buildout(), null));
        AnsibleExport export = AnsibleExport.of(setup, Strategy.ROLLING, AT);
        String rollback = text(export, "rollback.yml");

        assertThat(rollback).contains("src: \"before/01-", "mode: \"0644\"");
        assertThat(rollback.indexOf("Restart zeoserver@zeo"))
                .as("ZEO first: the storages writable before the clients")
                .isPositive()
                .isLessThan(rollback.indexOf("Restart client1@zeo"));
        assertThat(rollback.indexOf("mode: \"0644\"", rollback.indexOf("Set the modes")))
                .as("writable on disk before ZEO restarts")
                .isLessThan(rollback.indexOf("Restart zeoserver@zeo"));
    }

    @Test
    void aFileWithAPasswordIsCopiedWithoutLogOrDiff() throws Exception {
        Path b = buildout();
        Path conf = b.resolve("parts/client1/etc/zope.conf");
        Files.writeString(
                conf,
                Files.readString(conf)
                        .replaceFirst(
                                "(?m)^(\\s*)server (.*)$",
                                "$1server $2\n$1username zope\n" + "$1password s3cret-Value\n$1realm zeo"));
        String site = text(AnsibleExport.of(setup(profile(b, null)), Strategy.ROLLING, AT), "site.yml");

        int task = site.indexOf("name: \"Write " + conf);
        String copy = site.substring(task, site.indexOf("- name:", task + 1));
        assertThat(copy).contains("no_log: true", "diff: false");
        assertThat(site).doesNotContain("s3cret-Value");
    }

    @Test
    void aValueWithJinjaDelimitersIsNeverEvaluated() {
        assertThat(Yaml.document(List.of("/srv/{{ lookup('pipe', 'id') }}"))).contains("!unsafe \"/srv/{{");
        assertThat(Yaml.document(List.of("plain"))).doesNotContain("!unsafe");
    }

    @Test
    void theExportIsWrittenOwnerOnlyIntoANewOrEmptyDirectory() throws Exception {
        AnsibleExport export = AnsibleExport.of(setup(profile(buildout(), null)), Strategy.ROLLING, AT);
        Path out = dir.resolve("export");
        export.write(out);

        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
        assertThat(out.resolve("site.yml")).exists();
        assertThatThrownBy(() -> export.write(out))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("is not empty");
    }

    @Test
    void aHostNameThatCannotBeAnInventoryNameIsRefused() throws Exception {
        Path b = buildout();
        ClusterProfile odd = new ClusterProfile(
                "guide",
                List.of(new HostEntry("zeo one", "", null, null, b.toString(), null)),
                null,
                null,
                null,
                false);
        assertThatThrownBy(() -> AnsibleExport.of(setup(odd), Strategy.ROLLING, AT))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("'zeo one'")
                .hasMessageContaining("rename it in the profile");
    }
}
