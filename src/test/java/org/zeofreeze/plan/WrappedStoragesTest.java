package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.DatabaseKind;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.ui.choose.ChooseViewModel;

/**
 * Client storages wrapped the way plone.recipe.zope2instance writes them (storage-wrapper,
 * demo-storage, before-storage) and server storages wrapped through zeo-conf-additional: the
 * {@code <zeoclient>} inside is found, linked and frozen; the root is known and never chosen.
 */
class WrappedStoragesTest {
    @TempDir
    Path dir;

    private static final String ZEO_CONF = """
            %define INSTANCE /srv/plone
            %import zc.zlibstorage
            <zeo>
              address 127.0.0.1:8100
              read-only false
            </zeo>
            <serverzlibstorage 1>
              <filestorage 1>
                path $INSTANCE/var/filestorage/Data.fs
                blob-dir $INSTANCE/var/blobstorage
              </filestorage>
            </serverzlibstorage>
            <zlibstorage catalog>
              <filestorage catalog>
                path $INSTANCE/var/filestorage/catalog.fs
              </filestorage>
            </zlibstorage>
            <demostorage scratch>
              <filestorage base>
                path $INSTANCE/var/filestorage/scratch.fs
              </filestorage>
            </demostorage>
            """;

    private static String zopeConf(String mainStorage, String catalogStorage) {
        return """
                %import zc.zlibstorage
                <zodb_db main>
                """ + mainStorage + """
                    mount-point /
                </zodb_db>
                <zodb_db catalog>
                """ + catalogStorage + """
                    mount-point /plone/portal_catalog:/catalog
                </zodb_db>
                """;
    }

    private static String zeoClient(String storage) {
        return """
                      <zeoclient>
                        read-only false
                        server 127.0.0.1:8100
                        storage %s
                        name zeostorage
                      </zeoclient>
                """.formatted(storage);
    }

    private static String wrapped(String type, String storage) {
        return "    <" + type + ">\n" + zeoClient(storage) + "    </" + type + ">\n";
    }

    private Path buildout(String main, String catalog) throws Exception {
        Path b = dir.resolve("buildout");
        Files.createDirectories(b.resolve("parts/zeoserver/etc"));
        Files.writeString(b.resolve("parts/zeoserver/etc/zeo.conf"), ZEO_CONF);
        for (String client : List.of("client1", "client2")) {
            Files.createDirectories(b.resolve("parts/" + client + "/etc"));
            Files.writeString(b.resolve("parts/" + client + "/etc/zope.conf"), zopeConf(main, catalog));
        }
        return b;
    }

    private Path zlibWrappedBuildout() throws Exception {
        return buildout(wrapped("zlibstorage", "1"), wrapped("zlibstorage", "catalog"));
    }

    private static final StorageId ROOT = new StorageId("local", "zeoserver", "1");
    private static final StorageId CATALOG = new StorageId("local", "zeoserver", "catalog");

    @Test
    void aWrappedZeoClientIsLinkedToItsStorageAndTheRootIsKnown() throws Exception {
        Cluster cluster = Engines.discover(zlibWrappedBuildout()).cluster();
        assertThat(cluster.root()).contains(ROOT);
        assertThat(cluster.usesOf(CATALOG))
                .hasSize(2)
                .allSatisfy(u -> assertThat(u.database().kind()).isEqualTo(DatabaseKind.ZEO));
        assertThat(cluster.findings()).isEmpty();
    }

    @Test
    void theDefaultFreezeOfAWrappedClusterLeavesTheRootAloneAndFreezesTheCatalogInEveryClient() throws Exception {
        Plan plan = Engines.plan(zlibWrappedBuildout(), Selection.freeze());
        assertThat(plan.selected()).containsExactly(CATALOG);
        assertThat(plan.changes())
                .extracting(FileChange::relativePath)
                .containsExactlyInAnyOrder(
                        "parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf");
        String patch = plan.patches().get("local");
        // The server's inner <filestorage catalog> and each client's wrapped <zeoclient> of the catalog.
        assertThat(patch).contains("+    read-only true\n", "-        read-only false\n+        read-only true\n");
        assertThat(patch.split("\\+        read-only true", -1)).hasSize(3);
    }

    @Test
    void demoAndBeforeStorageClientsGetReadOnlyInTheirZeoClient() throws Exception {
        Path b = buildout(
                wrapped("zlibstorage", "1"),
                wrapped("demostorage", "catalog")
                        .replace(
                                "    </demostorage>",
                                "      <filestorage changes>\n        path /tmp/changes.fs\n      </filestorage>\n    </demostorage>"));
        Files.writeString(
                b.resolve("parts/client2/etc/zope.conf"),
                zopeConf(wrapped("zlibstorage", "1"), "    %import zc.beforestorage\n" + wrapped("before", "catalog")));
        Plan plan = Engines.plan(b, Selection.freeze("catalog"));
        assertThat(plan.changes()).hasSize(3);
        assertThat(plan.patches().get("local").split("\\+        read-only true", -1))
                .hasSize(3);
    }

    @Test
    void theRootMountedThroughAWrapperIsRefused() throws Exception {
        assertThatThrownBy(() -> Engines.plan(zlibWrappedBuildout(), Selection.freeze("1")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("is the root storage");
    }

    @Test
    void aStorageOneClientMountsAtTheRootIsRefusedEvenWhenAnotherClientDisagrees() throws Exception {
        Path b = zlibWrappedBuildout();
        // client2 mounts the catalog at '/' (a mistake, but then Zope writes to it at start-up).
        Files.writeString(b.resolve("parts/client2/etc/zope.conf"), """
                <zodb_db catalog>
                """ + zeoClient("catalog") + """
                    mount-point /
                </zodb_db>
                """);
        assertThatThrownBy(() -> Engines.plan(b, Selection.freeze("catalog")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("'catalog' is the root storage");
    }

    @Test
    void anUnknownRootMeansNothingIsChosenByDefault() throws Exception {
        Path b = buildout(
                "    <relstorage>\n      <postgresql>\n        dsn x\n      </postgresql>\n    </relstorage>\n",
                wrapped("zlibstorage", "catalog"));
        Cluster cluster = Engines.discover(b).cluster();
        assertThat(cluster.root()).isEmpty();
        assertThat(cluster.findings())
                .extracting(Object::toString)
                .anySatisfy(f -> assertThat(f).contains("client1 database 'main' uses <relstorage>", "zope.conf:2"));
        assertThatThrownBy(() -> Engines.plan(b, Selection.freeze()))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("nothing is chosen by default")
                .hasMessageContaining("'catalog'");
        assertThat(ChooseViewModel.optionsFor(cluster, Mode.FREEZE))
                .as("the Choose page ticks nothing")
                .noneMatch(o -> o.selectedProperty().get());
        // Named explicitly, the catalog is frozen on the server and in both clients.
        assertThat(Engines.plan(b, Selection.freeze("catalog")).changes()).hasSize(3);
    }

    @Test
    void aServerAloneHasNoKnownRootEitherAndSaysWhereTheClientsAre() throws Exception {
        Path b = dir.resolve("server-only");
        Files.createDirectories(b.resolve("parts/zeoserver/etc"));
        Files.writeString(b.resolve("parts/zeoserver/etc/zeo.conf"), ZEO_CONF);
        assertThatThrownBy(() -> Engines.plan(b, Selection.freeze()))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("no Zope client was found")
                .hasMessageContaining("nothing is chosen by default");
    }

    @Test
    void aClientThatAsksAnUnknownServerForAStorageOfTheFrozenNameStopsThePlan() throws Exception {
        Path b = zlibWrappedBuildout();
        Files.writeString(
                b.resolve("parts/client2/etc/zope.conf"),
                zopeConf(
                        wrapped("zlibstorage", "1"),
                        wrapped("zlibstorage", "catalog").replace("127.0.0.1:8100", "127.0.0.1:8199")));
        assertThatThrownBy(() -> Engines.plan(b, Selection.freeze("catalog")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("client2 database 'catalog'")
                .hasMessageContaining("client2/etc/zope.conf:")
                .hasMessageContaining("waiting for write access forever");
    }

    @Test
    void aServerDemoStorageIsNotFreezableAndSaysWhy() throws Exception {
        Cluster cluster = Engines.discover(zlibWrappedBuildout()).cluster();
        Storage scratch =
                cluster.storage(new StorageId("local", "zeoserver", "scratch")).orElseThrow();
        assertThat(scratch.freezable()).isFalse();
        assertThat(scratch.notFreezable()).contains("changes storage");
        assertThatThrownBy(() -> Engines.plan(zlibWrappedBuildout(), Selection.freeze("scratch")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("<demostorage>");
    }
}
