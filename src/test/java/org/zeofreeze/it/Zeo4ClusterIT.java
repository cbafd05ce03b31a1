package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
import org.zeofreeze.testbed.MovedStorage;
import org.zeofreeze.testbed.TestCluster;

/**
 * A Plone 5.0-era cluster on Python 2.7: the ZEO 4.3.1 server of plone.recipe.zeoserver 1.4 (zdaemon's
 * bin/zeoserver) and two stand-in clients (real ZEO 4 ClientStorages serving HTTP from a Zope 2.13-shaped
 * zope.conf, built by build-old-cluster.sh). ZEO 4 clients fail at once while their server restarts, so the
 * rolling strategy is refused and the full stop freezes, copies and thaws, proven from outside; a move
 * goes by full stop too, and serves the catalog writable at a second ZEO 4 server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Zeo4ClusterIT {
    @TempDir
    static Path work;

    static TestCluster cluster;
    static TestCluster target;
    static Map<String, String> asBuilt;

    @BeforeAll
    static void build() throws Exception {
        cluster = TestCluster.buildZeo4(
                work.resolve("zeocluster"), 19400, 2); // ports of its own: other ITs use 181xx-189xx
        target = TestCluster.buildZeo4(work.resolve("newserver"), 19450, 0, "--server-only");
        cluster.start();
        asBuilt = configs();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (target != null) {
            target.close();
        }
    }

    static Map<String, String> configs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("zeo.conf", Files.readString(cluster.zeoConf()));
        for (String c : cluster.clientNames()) {
            out.put(c, Files.readString(cluster.zopeConf(c)));
        }
        return out;
    }

    static Path profile() throws IOException {
        Path profile = work.resolve("zeo4.json");
        ProfileStore.write(
                new ClusterProfile(
                        "zeo4-it",
                        List.of(HostEntry.local(cluster.dir().toString())),
                        null,
                        new MigrationTarget("new", "", null, null, target.dir().toString(), List.of()),
                        null,
                        false),
                profile);
        return profile;
    }

    static ZeoFreezeLauncher.Result zeofreeze(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(
                "run",
                "--profile",
                profile().toString(),
                "--yes",
                "--journal-dir",
                work.resolve("journals").toString()));
        argv.addAll(List.of(args));
        return ZeoFreezeLauncher.run("", argv.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void theRollingStrategyIsRefusedForZeo4ClientsAndNothingChanges() throws Exception {
        ZeoFreezeLauncher.Result r = zeofreeze("-f", "catalog", "--strategy", "rolling");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("ZEO 4").doesNotContain("Exception");
        assertThat(configs()).isEqualTo(asBuilt);
    }

    @Test
    @Order(2)
    void theFullStopFreezesTheCatalogCopiesItAndEveryClientServesAgain() throws Exception {
        ZeoFreezeLauncher.Result r = zeofreeze("-f", "catalog");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("full stop", "ZEO 4");
        // zdaemon 4 on Python 2.7: every process stopped by SIGTERM to its manager and to itself
        assertThat(Pattern.compile("stopped \\(pid \\d+ has exited\\) with its zdaemon manager \\(pid \\d+\\)")
                        .matcher(r.out())
                        .results()
                        .count())
                .as(r.out())
                .isEqualTo(cluster.clients() + 1);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "catalog", 15)).isEqualTo("readonly");
        assertThat(cluster.probe(cluster.zopeConf("client2"), "main", 15)).isEqualTo("committed");
        for (String c : cluster.clientNames()) {
            assertThat(cluster.http(c, Duration.ofSeconds(30)))
                    .as(c + " serves")
                    .isEqualTo(200);
            assertThat(Files.readString(cluster.zopeConf(c))).contains("read-only true");
        }
        String frozen = Hashes.sha256(Files.readAllBytes(cluster.fs("catalog")));
        try (var files = Files.walk(target.dir())) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("catalog.fs"))
                            .toList())
                    .as("the frozen catalog copied to the new server")
                    .singleElement()
                    .satisfies(f ->
                            assertThat(Hashes.sha256(Files.readAllBytes(f))).isEqualTo(frozen));
        }
    }

    @Test
    @Order(3)
    void theThawByFullStopLeavesEveryFileAsBuiltAndTheCatalogWritable() throws Exception {
        ZeoFreezeLauncher.Result r = zeofreeze("--thaw", "-f", "catalog", "--no-presync");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(configs()).as("byte for byte as built").isEqualTo(asBuilt);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "catalog", 15)).isEqualTo("committed");
        for (String c : cluster.clientNames()) {
            assertThat(cluster.http(c, Duration.ofSeconds(30)))
                    .as(c + " serves")
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(4)
    void theMoveByFullStopPutsTheCatalogIntoServiceAtTheNewServerAndEveryClientServesThere() throws Exception {
        ZeoFreezeLauncher.Result r = zeofreeze("--move", "-f", "catalog");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "full stop",
                        "the move's target",
                        "move-all",
                        "verified: catalog at the target accepts write access");
        String oldCatalog = Hashes.sha256(Files.readAllBytes(cluster.fs("catalog")));
        for (String c : cluster.clientNames()) {
            assertThat(Files.readString(cluster.zopeConf(c)))
                    .as(c)
                    .contains("server 127.0.0.1:19450")
                    .doesNotContain("read-only true");
            assertThat(cluster.http(c, Duration.ofSeconds(30)))
                    .as(c + " serves")
                    .isEqualTo(200);
        }
        new MovedStorage(cluster, target, "catalog").commitLandsAtTheNewServer("client2", oldCatalog);
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 15))
                .as("the root, at the old server")
                .isEqualTo("committed");
    }

    @Test
    @Order(5)
    void aRollbackOfTheMoveIsRefusedOnceTheClientsCouldWriteAtTheNewServer() throws Exception {
        Map<String, String> before = configs();
        Path journal = ZeoFreezeLauncher.latestJournal(work.resolve("journals"));
        ZeoFreezeLauncher.Result r = ZeoFreezeLauncher.run("", "rollback", "--journal", journal.toString(), "--yes");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("catalog", "move them back").doesNotContain("Exception");
        assertThat(configs()).as("nothing changed").isEqualTo(before);
    }
}
