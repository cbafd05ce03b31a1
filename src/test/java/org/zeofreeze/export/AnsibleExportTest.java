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
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.RunbookChecks;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.Step;
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

    /** The guide's cluster moving its storages to the ZEO server of a new buildout ("new", local), with the zeo host's name. */
    RunSetup moveSetup(Maintenance maintenance) throws Exception {
        Path b = buildout();
        Path target = dir.resolve("new");
        Files.createDirectories(target.resolve("parts/zeoserver/etc"));
        Files.writeString(
                target.resolve("parts/zeoserver/etc/zeo.conf"),
                "<zeo>\n  address 127.0.0.1:8200\n</zeo>\n<filestorage other>\n  path " + target
                        + "/var/other.fs\n</filestorage>\n");
        Files.createDirectories(target.resolve("bin"));
        Files.writeString(
                target.resolve("bin/zeoserver"), "#!/opt/python3.12/bin/python3.12\nimport sys\nsys.path[0:0] = []\n");
        ClusterProfile profile = new ClusterProfile(
                "guide",
                List.of(new HostEntry("zeo", "", null, null, b.toString(), null)),
                null,
                new MigrationTarget("new", "", null, null, target.toString(), List.of()),
                maintenance,
                true);
        return RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new);
    }

    /** The YAML's folded double-quoted strings joined again (the folds only break long lines). */
    static String unfold(String yml) {
        return yml.replaceAll("\\\\\n *", "").replace("\\x20", " ");
    }

    /** Where each play of a playbook begins, by its name. */
    static List<Integer> playsAt(String yml, List<String> names) {
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (String n : names) {
            int at = yml.indexOf("- name: \"" + n, from);
            assertThat(at).as("the play '" + n + "' after the one before").isPositive();
            out.add(at);
            from = at;
        }
        return out;
    }

    @Test
    void aRollingMoveHasTheRunbooksMoveStepsInItsOrderEachClientAloneInBothRolls() throws Exception {
        RunSetup setup = moveSetup(null);
        List<String> ids = Runbook.of(setup, Strategy.ROLLING).steps().stream()
                .map(Step::id)
                .toList();
        assertThat(ids)
                .containsSubsequence(
                        "copy",
                        "move-target:serve",
                        "move-switch:zeo/client1",
                        "move-switch:zeo/client2",
                        "move-target:writable",
                        "move-writable:zeo/client1",
                        "move-writable:zeo/client2",
                        "move-verify");

        AnsibleExport export = AnsibleExport.of(setup, Strategy.ROLLING, AT);
        String site = text(export, "site.yml");
        for (String yml : List.of("site.yml", "rollback.yml")) {
            assertThat(text(export, yml).lines())
                    .as("ansible-lint's yaml[line-length]: " + yml)
                    .allMatch(l -> l.length() <= 160);
        }

        List<Integer> at = playsAt(
                site,
                List.of(
                        "Check zeo before anything is stopped",
                        "Check new before anything is stopped",
                        "Restart client1@zeo with its databases read-only",
                        "Restart zeoserver@zeo alone",
                        "Copy the frozen storage",
                        "Serve the copies at zeoserver@new, read-only, and prove them identical",
                        "Point client1@zeo at the target, read-only",
                        "Point client2@zeo at the target, read-only",
                        "Make the moved storages writable at zeoserver@new",
                        "Restart client1@zeo writable at the target",
                        "Restart client2@zeo writable at the target",
                        "Verify the move"));
        String serve = unfold(site.substring(at.get(5), at.get(6)));
        assertThat(serve)
                .as("started if it does not run, proven identical with the runbook's own probe")
                .contains(
                        "register: \"zf_target_up\"",
                        "zf_target_up.state is defined",
                        "lookup('ansible.builtin.file', 'zeofreeze-facts.py')",
                        "\"/opt/python3.12/bin/python3.12\"",
                        "\"127.0.0.1:8200\"",
                        "zf_target_facts.stdout_lines | intersect(zf_source_facts_0.stdout_lines)");
        for (int i = 6; i <= 10; i++) {
            if (i == 8) {
                continue;
            }
            assertThat(site.substring(at.get(i), at.get(i + 1)))
                    .as("one client at a time, stopped and started")
                    .contains("serial: 1", "Stop client", "Start client", "ansible.builtin.copy");
        }
        String switch1 = site.substring(at.get(6), at.get(7));
        String writable1 = site.substring(at.get(9), at.get(10));
        for (MovePlan.Phase phase : List.of(MovePlan.Phase.SERVE, MovePlan.Phase.WRITABLE)) {
            FileChange c = setup.move().plan().changes(phase).stream()
                    .filter(f -> f.path().endsWith("client1/etc/zope.conf"))
                    .findFirst()
                    .orElseThrow();
            String play = phase == MovePlan.Phase.SERVE ? switch1 : writable1;
            String src = play.substring(
                    play.indexOf("src: \"after/") + 6, play.indexOf('"', play.indexOf("src: \"after/") + 6));
            assertThat(export.files().get("files/" + src))
                    .as(phase + ": client1's file as the phase writes it")
                    .isEqualTo(c.after());
        }
        assertThat(text(export, "files/zeofreeze-facts.py")).isEqualTo(RunbookChecks.storageFactsProbe());
        assertThat(site.substring(at.get(11)))
                .contains(
                        "'deepereconomics.org writable' in (zf_move_target.stdout_lines",
                        "'deepereconomics.org read-only' in (zf_move_source_0.stdout_lines",
                        "writable' in (zf_move_source_0.stdout_lines",
                        "answers HTTP");
    }

    @Test
    void aSecondRunWritesNoFileAnEarlierPhaseWroteAndCopiesNothingOnceTheTargetServes() throws Exception {
        RunSetup setup = moveSetup(null);
        String site = text(AnsibleExport.of(setup, Strategy.ROLLING, AT), "site.yml");
        FileChange writable = setup.move().plan().writable().stream()
                .filter(f -> f.path().endsWith("client1/etc/zope.conf"))
                .findFirst()
                .orElseThrow();
        String freeze = site.substring(
                site.indexOf("- name: \"Restart client1@zeo with its databases read-only"),
                site.indexOf("- name: \"Restart client2@zeo with its databases read-only"));
        assertThat(freeze)
                .as("the freeze's write of client1 is done once the move's writable phase wrote the file")
                .contains(writable.afterSha256());
        String copy = site.substring(site.indexOf("- name: \"Copy the frozen storage"));
        FileChange targetServe = setup.move().plan().serve().stream()
                .filter(f -> f.host().equals("new"))
                .findFirst()
                .orElseThrow();
        String copyPlay = unfold(copy.substring(0, copy.indexOf("- name: \"Serve the copies")));
        List<String> copyTasks = List.of(copyPlay.split("\n    - name: "));
        assertThat(copyTasks.subList(1, copyTasks.size()))
                .as("every task of the copy: not once the target serves the copies")
                .isNotEmpty()
                .allMatch(t -> t.contains("ansible_check_mode or (not (hostvars['new']")
                        && t.contains(targetServe.afterSha256()));
    }

    @Test
    void aMovesRollbackRefusesWithTheRunbooksSentenceOnceAClientIsWritableAtTheTarget() throws Exception {
        RunSetup setup = moveSetup(null);
        String rollback = text(AnsibleExport.of(setup, Strategy.ROLLING, AT), "rollback.yml");

        int refusal = rollback.indexOf("- name: \"Refuse to roll back a move");
        assertThat(refusal).isGreaterThan(rollback.indexOf("- name: \"Check new before anything is stopped"));
        assertThat(rollback.indexOf("ansible.builtin.command")).isGreaterThan(refusal);
        String sentence = Runbook.of(setup, Strategy.ROLLING).rollbackRefusalText(setup);
        assertThat(sentence).startsWith("this move reached its second roll: ");
        String play = unfold(rollback.substring(refusal, rollback.indexOf("\n- name:", refusal)));
        assertThat(play.replace("\\\"", "\"")).contains(sentence);
        for (FileChange w : Runbook.writeAccessChanges(setup)) {
            assertThat(play).contains("stat.checksum != '" + w.afterSha256() + "'");
        }
        assertThat(Runbook.writeAccessChanges(setup))
                .extracting(FileChange::path)
                .allMatch(p -> p.endsWith("zope.conf"))
                .hasSize(2);
        assertThat(playsAt(
                        rollback,
                        List.of(
                                "Refuse to roll back a move",
                                "Make the moved storages read-only again at zeoserver@new",
                                "Point client2@zeo back at the old server",
                                "Point client1@zeo back at the old server",
                                "Put back the zeo.conf of zeoserver@new",
                                "Restart zeoserver@zeo alone",
                                "Restart client1@zeo")))
                .isSorted();
    }

    @Test
    void aTargetTheMoveStartedIsMarkedAndItsRollbackStopsItInsteadOfStartingItAgain() throws Exception {
        RunSetup setup = moveSetup(null);
        AnsibleExport export = AnsibleExport.of(setup, Strategy.ROLLING, AT);
        String mark = setup.move().server().confFile() + ".zeofreeze-started";

        String site = unfold(text(export, "site.yml"));
        int serveAt = site.indexOf("- name: \"Serve the copies at zeoserver@new");
        String serve = site.substring(serveAt, site.indexOf("\n- name:", serveAt));
        int markAt = serve.indexOf("- name: \"Mark zeoserver@new as started by the move");
        assertThat(markAt).as("the mark is written in the serve phase").isPositive();
        String markTask = serve.substring(markAt, serve.indexOf("- name:", markAt + 1));
        assertThat(markTask)
                .as("only when the target did not run before")
                .contains("dest: \"" + mark + "\"", "when: \"not (zf_target_up.state is defined)\"");
        assertThat(markAt)
                .as("before the target is started")
                .isLessThan(serve.indexOf("- name: \"Start zeoserver@new\"", markAt));

        String rollback = unfold(text(export, "rollback.yml"));
        int undoAt = rollback.indexOf("- name: \"Put back the zeo.conf of zeoserver@new");
        String undo = rollback.substring(undoAt, rollback.indexOf("\n- name:", undoAt));
        List<String> tasks = List.of(undo.split("\n    - name: "));
        assertThat(tasks)
                .anyMatch(t -> t.startsWith("\"Find whether the move started zeoserver@new")
                        && t.contains("path: \"" + mark + "\"")
                        && t.contains("register: \"zf_target_started\""));
        assertThat(tasks)
                .as("stopped when it runs and the move started it, even with its zeo.conf already put back")
                .anyMatch(t -> t.startsWith("\"Stop zeoserver@new")
                        && t.contains("zf_target_up.state is defined and (")
                        && t.contains(" or zf_target_started.stat.exists)"));
        assertThat(tasks)
                .as("not started again when the move started it")
                .anyMatch(t ->
                        t.startsWith("\"Start zeoserver@new") && t.contains("and not zf_target_started.stat.exists"));
        assertThat(tasks)
                .anyMatch(t -> t.startsWith("\"Forget that the move started zeoserver@new")
                        && t.contains("path: \"" + mark + "\"")
                        && t.contains("state: \"absent\""));
    }

    @Test
    void aFullStopMoveServesTheCopiesThenSwitchesEveryClientWithAllOfThemDown() throws Exception {
        Maintenance switchOver = new Maintenance("zeo", List.of("site", "maintenance"), List.of("site", "live"));
        RunSetup setup = moveSetup(switchOver);
        String site = text(AnsibleExport.of(setup, Strategy.FULL_STOP, AT), "site.yml");

        List<Integer> at = playsAt(
                site,
                List.of(
                        "Maintenance on",
                        "Copy the frozen storage",
                        "Serve the copies at zeoserver@new",
                        "Switch every client of the moved storages to the target",
                        "Verify the move",
                        "Maintenance off"));
        String all = site.substring(at.get(3), at.get(4));
        assertThat(all.indexOf("Stop client1@zeo")).isPositive().isLessThan(all.indexOf("ansible.builtin.copy"));
        assertThat(all.indexOf("Stop zeoserver@new")).isLessThan(all.indexOf("ansible.builtin.copy"));
        assertThat(all.indexOf("Start zeoserver@new"))
                .isGreaterThan(all.lastIndexOf("ansible.builtin.copy"))
                .isLessThan(all.indexOf("Start client1@zeo"));
        assertThat(all).doesNotContain("serial: 1").doesNotContain("Point client");
    }

    @Test
    void aRetireIsRefusedSayingHow() throws Exception {
        Path b = buildout();
        Path target = dir.resolve("new");
        Files.createDirectories(target.resolve("parts/zeoserver/etc"));
        Files.writeString(target.resolve("parts/zeoserver/etc/zeo.conf"), "<zeo>\n  address 127.0.0.1:8200\n</zeo>\n");
        ClusterProfile profile = new ClusterProfile(
                "guide",
                List.of(new HostEntry("zeo", "", null, null, b.toString(), null)),
                null,
                new MigrationTarget("new", "", null, null, target.toString(), List.of()),
                null,
                true);
        RunSetup setup =
                RunPreparation.prepareMove(profile, Selection.parse(Mode.FREEZE, List.of()), LocalHost::new, true);

        assertThatThrownBy(() -> AnsibleExport.of(setup, Strategy.ROLLING, AT))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("a retire is not exported to Ansible yet");
    }
}
