package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testbed.MovedStorage;
import org.zeofreeze.testbed.SiteLoad;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testbed.TestHaproxy;

/**
 * A cluster that is no buildout, as pip installs run it: the real runzeo and runwsgi with
 * hand-written zeo.conf, zope.conf and zope.ini under a real supervisord, behind a real HAProxy.
 * The profile names each configuration ("layout": "files") and no Python: the probe finds the
 * interpreter of the running ZEO server. Through the packaged command line: a rolling freeze with
 * a copy under load fails no request, the frozen storages refuse commits while the root commits,
 * the copies are the frozen files, and the thaw, or a rollback from the journal, puts every
 * configuration back byte for byte; a move puts the catalog into service at a new server that is no
 * buildout either (its own zeo.conf under its own supervisord), clients switched one at a time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesLayoutIT {
    private static final int ZEO_PORT = 18900; // ports of its own: other ITs use 181xx-188xx

    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestCluster newServer;
    static TestHaproxy haproxy;
    static Map<String, String> before;
    static Path profile;

    @BeforeAll
    static void build() throws Exception {
        cluster = TestCluster.buildFiles(work.resolve("plone"), ZEO_PORT, 2);
        cluster.start();
        haproxy = TestHaproxy.start(work.resolve("haproxy"), cluster, ZEO_PORT + 90);
        before = configs();
        Files.createDirectories(work.resolve("target"));
        profile = work.resolve("hand-kept.json");
        Files.writeString(profile, profileJson());
    }

    @AfterAll
    static void stop() throws Exception {
        if (newServer != null) {
            newServer.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every hand-kept file of the cluster (backups a run leaves beside them aside), by path. */
    static Map<String, String> configs() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(cluster.dir().resolve("etc"))) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().contains(".zeofreeze-"))
                    .toList()) {
                out.put(cluster.dir().relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }

    /** The profile as an admin writes it: the files named one by one, supervisord as the control. */
    static String profileJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("name", "hand-kept");
        ObjectNode host = root.putArray("hosts")
                .addObject()
                .put("name", "zeo")
                .put("address", "")
                .put("layout", "files")
                .put("homeDir", cluster.dir().toString());
        host.putObject("server")
                .put("part", "zeoserver")
                .put("config", cluster.zeoConf().toString());
        ArrayNode clients = host.putArray("clients");
        for (String c : cluster.clientNames()) {
            clients.addObject()
                    .put("part", c)
                    .put("config", cluster.zopeConf(c).toString())
                    .put("http", cluster.httpAddress(c));
        }
        root.putObject("control")
                .put("kind", "supervisor")
                .put("supervisorctl", cluster.env("supervisor").orElseThrow() + "/bin/supervisorctl")
                .put("configFile", cluster.env("supervisord_conf").orElseThrow());
        root.putObject("target")
                .put("name", "new")
                .put("address", "")
                .put("buildoutDir", work.resolve("target").toString());
        ObjectNode maintenance = root.putObject("maintenance");
        haproxy.command("drain").forEach(maintenance.putArray("drainCommand")::add);
        haproxy.command("ready").forEach(maintenance.putArray("undrainCommand")::add);
        maintenance.put("drainSeconds", 1).put("siteUrl", haproxy.url());
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    String probe(String client, String db) throws Exception {
        return cluster.probe(cluster.zopeConf(client), db, 15);
    }

    ZeoFreezeLauncher.Result run(String... args) throws Exception {
        return run(profile, args);
    }

    ZeoFreezeLauncher.Result run(Path profile, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(
                "run",
                "--profile",
                profile.toString(),
                "--yes",
                "--journal-dir",
                work.resolve("journals").toString()));
        argv.addAll(List.of(args));
        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        ZeoFreezeLauncher.Result r;
        try {
            r = ZeoFreezeLauncher.run("", argv.toArray(String[]::new));
        } finally {
            load.close();
        }
        assertThat(load.requests()).as("requests made").hasSizeGreaterThan(20);
        assertThat(load.failed()).as("failed requests\n" + r.out()).isEmpty();
        return r;
    }

    @Test
    @Order(1)
    void aRollingFreezeWithACopyFailsNoRequestAndTheCopiesAreTheFrozenFiles() throws Exception {
        ZeoFreezeLauncher.Result r = run("--freeze", "plone", "--freeze", "catalog");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Strategy: rolling",
                        "zeo: " + cluster.zeoConf() + " as edited is accepted by ZEO's own schema",
                        "roll:zeo/client1",
                        "roll:zeo/client2",
                        "zeo:zeo/zeoserver",
                        // the probe ran with the interpreter of the running runzeo: no bin/zeoserver, no "python"
                        "verified: zeoserver/plone refuses write access at the ZEO server",
                        "verified: zeoserver/catalog refuses write access at the ZEO server",
                        "verified: zeoserver/1 (root) accepts write access at the ZEO server",
                        "verified: client1 answers HTTP at " + cluster.httpAddress("client1"),
                        "catalog copied and verified",
                        "plone copied and verified",
                        "Site: seen from outside (" + haproxy.url() + "): all ",
                        "DONE");
        assertThat(r.out()).doesNotContain("NOT verified").doesNotContain("could not check");
        assertThat(r.out().indexOf("roll:zeo/client2")).isLessThan(r.out().indexOf("[running] zeo:zeo/zeoserver"));
        // the copy's paths come from zeo.conf, relative to the home directory
        for (String storage : List.of("plone", "catalog")) {
            Path copy = work.resolve("target/var/filestorage/" + storage + ".fs");
            assertThat(Files.mismatch(cluster.fs(storage), copy))
                    .as(copy.toString())
                    .isEqualTo(-1L);
        }
        assertThat(Files.readString(cluster.zeoConf())).contains("read-only true");
        assertThat(probe("client1", "plone")).isEqualTo("readonly");
        assertThat(probe("client2", "catalog")).isEqualTo("readonly");
        assertThat(probe("client2", "main")).isEqualTo("committed");
        assertThat(cluster.allRunning()).as("every supervisord program RUNNING").isTrue();
    }

    @Test
    @Order(2)
    void theThawPutsEveryFileBackByteForByteAndFailsNoRequest() throws Exception {
        ZeoFreezeLauncher.Result r = run("--thaw");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verified: zeoserver/catalog accepts write access at the ZEO server", "DONE");
        assertThat(configs()).isEqualTo(before);
        assertThat(probe("client1", "catalog")).isEqualTo("committed");
        assertThat(probe("client2", "plone")).isEqualTo("committed");
        assertThat(cluster.allRunning()).isTrue();
    }

    @Test
    @Order(4)
    void aFreezeRolledBackFromItsJournalLeavesEveryFileAsItWas() throws Exception {
        ZeoFreezeLauncher.Result r = run("--freeze", "catalog");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(probe("client1", "catalog")).isEqualTo("readonly");
        Path journal = ZeoFreezeLauncher.latestJournal(work.resolve("journals"));

        SiteLoad load = SiteLoad.start(haproxy.url(), 2);
        try {
            // the journal carries the profile with its named files: the rollback reads the cluster as the run did
            r = ZeoFreezeLauncher.run("", "rollback", "--journal", journal.toString(), "--yes");
        } finally {
            load.close();
        }
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(load.failed()).as("failed requests\n" + r.out()).isEmpty();
        assertThat(configs()).isEqualTo(before);
        assertThat(probe("client2", "catalog")).isEqualTo("committed");
        assertThat(cluster.allRunning()).isTrue();
    }

    @Test
    @Order(3)
    void aProfileThatNamesAFileBadlyIsRefusedWithExit2NamingTheHostAndTheField() throws Exception {
        Path relative = work.resolve("relative.json");
        Files.writeString(
                relative, Files.readString(profile).replace(cluster.zeoConf().toString(), "etc/zeo.conf"));
        ZeoFreezeLauncher.Result r = ZeoFreezeLauncher.run("", "plan", "--profile", relative.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(relative.toString(), "host 'zeo'", "\"server.config\" is 'etc/zeo.conf'");

        Path missing = work.resolve("missing.json");
        Files.writeString(
                missing,
                Files.readString(profile)
                        .replace(cluster.zopeConf("client2").toString(), cluster.dir() + "/etc/client9/zope.conf"));
        r = ZeoFreezeLauncher.run("", "plan", "--profile", missing.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        cluster.dir() + "/etc/client9/zope.conf does not exist",
                        "host 'zeo'",
                        "client 'client2'",
                        "\"clients[1].config\"",
                        "profile 'hand-kept'");
        assertThat(configs()).isEqualTo(before);
    }

    /** The profile with a move's target that is no buildout: its zeo.conf named, its own supervisord. */
    static String moveProfileJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(profileJson());
        ObjectNode target = root.putObject("target")
                .put("name", "new")
                .put("address", "")
                .put("buildoutDir", newServer.dir().toString());
        target.putObject("server")
                .put("part", "zeoserver")
                .put("config", newServer.zeoConf().toString());
        target.putObject("control")
                .put("kind", "supervisor")
                .put("supervisorctl", newServer.env("supervisor").orElseThrow() + "/bin/supervisorctl")
                .put("configFile", newServer.env("supervisord_conf").orElseThrow());
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    @Test
    @Order(5)
    void aMoveToANewServerThatIsNoBuildoutFailsNoRequestAndTheCatalogIsWrittenThere() throws Exception {
        newServer = TestCluster.buildFiles(work.resolve("newserver"), ZEO_PORT + 50, 0, "--server-only");
        newServer.startSupervisord(); // the move starts its zeoserver program
        Path moveProfile = work.resolve("move.json");
        Files.writeString(moveProfile, moveProfileJson());
        String frozenCatalog = new MovedStorage(cluster, newServer, "catalog").oldSha256();

        ZeoFreezeLauncher.Result r = run(moveProfile, "--move", "-f", "catalog");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "move-target:serve",
                        "move-switch:zeo/client2",
                        "move-target:writable",
                        "move-writable:zeo/client1",
                        "verified: catalog at the target accepts write access",
                        "DONE");
        assertThat(r.out()).doesNotContain("NOT verified").doesNotContain("could not check");
        String newAddress = "server 127.0.0.1:" + (ZEO_PORT + 50);
        for (String c : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(c)))
                    .as(c)
                    .contains(newAddress)
                    .doesNotContain("read-only true");
        }
        assertThat(Files.readString(newServer.zeoConf())).contains("<filestorage catalog>");
        new MovedStorage(cluster, newServer, "catalog").commitLandsAtTheNewServer("client2", frozenCatalog);
        assertThat(probe("client1", "main")).as("the root, at the old server").isEqualTo("committed");
        assertThat(cluster.allRunning()).as("every supervisord program RUNNING").isTrue();
        assertThat(newServer.allRunning())
                .as("the new server's zeoserver RUNNING")
                .isTrue();
    }
}
