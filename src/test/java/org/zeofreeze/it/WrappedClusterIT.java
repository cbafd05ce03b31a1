package org.zeofreeze.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testbed.TestCluster;
import org.zeofreeze.testing.Engines;

/**
 * A real cluster with zc.zlibstorage wrapped around its storages, as large sites run it: the
 * server serves {@code <zlibstorage catalog>} around its {@code <filestorage>}, each client wraps
 * its root {@code <zeoclient>} (the recipe's storage-wrapper) and the catalog's in
 * {@code <zlibstorage>}. Freezing the catalog makes it refuse commits through the wrapped
 * clients, the root still takes them, and every client serves.
 */
class WrappedClusterIT {
    @TempDir
    static Path work;

    static TestCluster cluster;

    @BeforeAll
    static void build() throws Exception {
        cluster = TestCluster.build(work.resolve("zeocluster"), 18450, 2, "--wrapped");
        cluster.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theWrappedCatalogFrozenRefusesCommitsThroughTheWrappedClientsAndTheRootTakesThem() throws Exception {
        assertThat(Files.readString(cluster.zopeConf("client1"))).contains("<zlibstorage>");
        Cluster model = Engines.discover(cluster.dir()).cluster();
        assertThat(model.root()).contains(new StorageId("local", "zeoserver", "1"));
        assertThat(model.usesOf(new StorageId("local", "zeoserver", "catalog"))).hasSize(2);
        assertThat(model.findings()).isEmpty();
        Plan byDefault = Engines.plan(cluster.dir(), Selection.freeze());
        assertThat(byDefault.selected()).extracting(StorageId::name).containsExactly("plone", "catalog");

        var apply = ZeoFreezeLauncher.run(
                "", "apply", "--buildout", cluster.dir().toString(), "--freeze", "catalog", "--config-only", "--yes");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(cluster.zeoConf()))
                .containsPattern("<zlibstorage catalog>\\s*<filestorage catalog>[^<]*read-only true");
        cluster.stop();
        cluster.start();

        assertThat(cluster.allRunning()).isTrue();
        for (String client : cluster.clientNames()) {
            assertThat(cluster.http(client, Duration.ofSeconds(30)))
                    .as(client + " answers HTTP")
                    .isBetween(200, 499);
            assertThat(cluster.probe(cluster.zopeConf(client), "catalog", 10))
                    .as(client + " catalog")
                    .isEqualTo("readonly");
            assertThat(cluster.probe(cluster.zopeConf(client), "plone", 10))
                    .as(client + " plone")
                    .isEqualTo("committed");
        }
        assertThat(cluster.probe(cluster.zopeConf("client1"), "main", 10))
                .as("the root")
                .isEqualTo("committed");
    }
}
