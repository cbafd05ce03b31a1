package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Finding;
import org.zeofreeze.cluster.RuntimeVersions;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

/**
 * ZeoFreeze's edits against a real ZEO server and real Zope clients (built with zc.buildout and
 * the Plone recipes): runzeo and Zope accept them, a frozen storage refuses commits, the root
 * takes them, no client hangs — and the guide's trap is real, and never produced by a plan.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterIT {
    @TempDir
    static Path work;

    static TestCluster cluster;

    @BeforeAll
    static void build() throws Exception {
        cluster = TestCluster.build(work.resolve("zeocluster"), 18100, 2);
        cluster.start();
        pristine = configs();
    }

    /** The configuration files as the recipes wrote them. */
    static Map<String, String> pristine;

    static Map<String, String> configs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("zeo.conf", Files.readString(cluster.zeoConf()));
        for (String client : cluster.clientNames()) {
            out.put(client, Files.readString(cluster.zopeConf(client)));
        }
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void discoveryFindsTheRealLayout() throws Exception {
        Cluster model = Engines.discover(cluster.dir()).cluster();
        assertThat(model.storages()).extracting(Storage::name).containsExactly("1", "plone", "catalog");
        assertThat(model.root()).contains(new StorageId("local", "zeoserver", "1"));
        assertThat(model.clients()).hasSize(2);
        assertThat(model.usesOf(new StorageId("local", "zeoserver", "catalog"))).hasSize(2);
        assertThat(model.findings()).isEmpty();
        // What the real bin/ scripts run: the test cluster's venv (Python 3.11, ZEO 6.2, ZODB 6.2).
        assertThat(model.servers().get(0).runtime()).isEqualTo(new RuntimeVersions("3.11", "6.2", "6.2"));
        assertThat(model.clients())
                .allSatisfy(c -> assertThat(c.runtime().zeo()).isEqualTo("6.2"));
        Plan plan = Engines.plan(cluster.dir(), Selection.freeze());
        assertThat(plan.selected()).extracting(StorageId::name).containsExactly("plone", "catalog");
        assertThat(plan.changes()).hasSize(3);
    }

    @Test
    @Order(2)
    void frozenStoragesRefuseCommitsTheRootTakesThemAndEveryClientServes() throws Exception {
        var apply =
                ZeoFreezeLauncher.run("", "apply", "--buildout", cluster.dir().toString(), "--config-only", "--yes");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();

        cluster.stop();
        cluster.start();

        assertThat(cluster.allRunning()).isTrue();
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(30)))
                    .as(client + " answers HTTP")
                    .isBetween(200, 499);
            assertThat(cluster.probe(cluster.zopeConf(client), "catalog", 10)).isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(client), "plone", 10)).isEqualTo("readonly");
        }
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 10)).isEqualTo("committed");
    }

    @Test
    @Order(3)
    void theGuidesTrapAClientAskingForWriteAccessToAServerFrozenStorageCannotConnect() throws Exception {
        // The storage is frozen on the server (order 2); a zope.conf as it was before the freeze asks for write access.
        Path unfrozen = work.resolve("client1-unfrozen.conf");
        Path backup;
        try (var files = Files.list(cluster.zopeConf("client1").getParent())) {
            backup = files.filter(f -> f.getFileName().toString().endsWith(".bak"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.copy(backup, unfrozen);
        Instant start = Instant.now();
        assertThat(cluster.probe(unfrozen, "catalog", 5)).isEqualTo("disconnected");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(40));

        // ZeoFreeze sees that state for what it is...
        Path half = work.resolve("half");
        Fixtures.buildout("generated", half);
        Files.copy(
                cluster.zeoConf(), half.resolve("parts/zeoserver/etc/zeo.conf"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(backup, half.resolve("parts/client1/etc/zope.conf"), StandardCopyOption.REPLACE_EXISTING);
        Cluster model = Engines.discover(half).cluster();
        assertThat(model.findings())
                .filteredOn(f -> f.severity() == Finding.Severity.DANGER)
                .anySatisfy(f -> assertThat(f.message()).contains("'catalog'", "site hangs"));
        // ...and its own plans never produce it: every frozen storage is frozen in every client.
        Cluster real = Engines.discover(cluster.dir()).cluster();
        assertThat(real.findings()).isEmpty();
        for (Storage s : real.storages()) {
            assertThat(real.frozenEverywhere(s) || !real.frozenAnywhere(s))
                    .as(s.name())
                    .isTrue();
        }
    }

    @Test
    @Order(4)
    void thawMakesEverythingWritableAgain() throws Exception {
        var thaw = ZeoFreezeLauncher.run(
                "", "apply", "--buildout", cluster.dir().toString(), "--thaw", "--config-only", "--yes");
        assertThat(thaw.exit()).as(thaw.out() + thaw.err()).isZero();
        // The freeze inserted read-only lines into the hand-written <zeoclient>s and <filestorage>s; the
        // thaw takes them out again (the apply records say which), so every file is as the recipes wrote it.
        assertThat(configs()).isEqualTo(pristine);
        cluster.stop();
        cluster.start();
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(30))).isBetween(200, 499);
            for (String db : List.of("main", "plone", "catalog")) {
                assertThat(cluster.probe(cluster.zopeConf(client), db, 10))
                        .as(client + " " + db)
                        .isEqualTo("committed");
            }
        }
    }

    @Test
    @Order(5)
    void freezingTheRootIsRefusedAndChangesNothing() throws Exception {
        Map<String, byte[]> before = Fixtures.snapshot(cluster.dir().resolve("parts"));
        var refused = ZeoFreezeLauncher.run(
                "", "apply", "--buildout", cluster.dir().toString(), "--freeze", "1", "--config-only", "--yes");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("'1' is the root storage", "Zope writes to the root database at start-up");
        assertThat(Fixtures.snapshot(cluster.dir().resolve("parts")))
                .usingRecursiveComparison()
                .isEqualTo(before);
        assertThat(cluster.probe(cluster.zopeConf("client2"), "main", 10)).isEqualTo("committed");
    }
}
