package org.zeofreeze.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

class ClusterBuilderTest {

    @Nested
    class TheGuidesLayout {
        @TempDir
        Path dir;

        Cluster cluster() throws Exception {
            return Engines.discover(Fixtures.copyTree("guide", dir)).cluster();
        }

        @Test
        void hasOneServerWithTheRootAndAMountedSiteStorage() throws Exception {
            Cluster cluster = cluster();
            assertThat(cluster.servers()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("zeoserver");
                assertThat(s.addresses()).containsExactly(Address.parse("8100"));
                assertThat(s.serverReadOnly()).isFalse();
            });
            assertThat(cluster.storages()).extracting(Storage::name).containsExactly("1", "deepereconomics.org");
            Storage site = cluster.storage(new StorageId("local", "zeoserver", "deepereconomics.org"))
                    .orElseThrow();
            assertThat(site.path()).isEqualTo("/usr/local/Plone/zeocluster/var/filestorage/deepereconomics.org.fs");
            assertThat(site.blobDir()).isEqualTo("/usr/local/Plone/zeocluster/var/blobstorage-deepereconomics.org");
            assertThat(site.readOnly()).isFalse();
        }

        @Test
        void theRootIsTheStorageBehindTheDatabaseMountedAtSlash() throws Exception {
            assertThat(cluster().root()).contains(new StorageId("local", "zeoserver", "1"));
        }

        @Test
        void everyClientDatabaseIsLinkedToItsStorage() throws Exception {
            Cluster cluster = cluster();
            assertThat(cluster.clients()).extracting(ZopeClient::name).containsExactly("client1", "client2");
            assertThat(cluster.usesOf(new StorageId("local", "zeoserver", "deepereconomics.org")))
                    .hasSize(2);
            ZopeClient client1 = cluster.clients().get(0);
            assertThat(client1.databases())
                    .extracting(ClientDatabase::name, ClientDatabase::kind)
                    .containsExactly(
                            Tuple.tuple("main", DatabaseKind.ZEO),
                            Tuple.tuple("temporary", DatabaseKind.TEMPORARY),
                            Tuple.tuple("deepereconomics.org", DatabaseKind.ZEO));
            assertThat(client1.databases().get(0).storage()).isEqualTo("1");
            assertThat(cluster.findings()).isEmpty();
        }
    }

    @Nested
    class OddButValidFiles {
        @TempDir
        Path dir;

        Cluster cluster() throws Exception {
            return Engines.discover(Fixtures.copyTree("odd", dir)).cluster();
        }

        @Test
        void wrappersCountByTheirOuterNameAndTheInnerFileStorageCarriesReadOnly() throws Exception {
            Cluster cluster = cluster();
            Storage catalog = cluster.storage(new StorageId("local", "zeoserver", "catalog"))
                    .orElseThrow();
            assertThat(catalog.type()).isEqualTo("blobstorage");
            assertThat(catalog.path()).isEqualTo("/srv/plone/var/filestorage/catalog.fs");
            assertThat(catalog.blobDir()).isEqualTo("/srv/plone/var/blobstorage-catalog");
            assertThat(catalog.readOnlySection().line()).isEqualTo(18);
            Storage plone = cluster.storage(new StorageId("local", "zeoserver", "plone"))
                    .orElseThrow();
            assertThat(plone.type()).isEqualTo("zrs");
            assertThat(plone.blobDir()).isEqualTo("/srv/plone/var/blobstorage-plone");
        }

        @Test
        void upperCaseAndOtherBooleanSpellingsAreRead() throws Exception {
            Storage archive = cluster()
                    .storage(new StorageId("local", "zeoserver", "archive"))
                    .orElseThrow();
            assertThat(archive.readOnly()).isTrue();
        }

        @Test
        void severalServersAreTellApartByPort() throws Exception {
            Cluster cluster = cluster();
            assertThat(cluster.servers()).extracting(ZeoServer::name).containsExactly("zeoserver", "zeoserver2");
            ZopeClient client1 = cluster.clients().get(0);
            ClientDatabase images = client1.databases().stream()
                    .filter(d -> d.name().equals("images"))
                    .findFirst()
                    .orElseThrow();
            assertThat(cluster.storageOf(client1, images)).contains(new StorageId("local", "zeoserver2", "images"));
        }

        @Test
        void mountPointsKeepTheirVirtualAndRealParts() throws Exception {
            ZopeClient client1 = cluster().clients().get(0);
            assertThat(client1.databases().get(1).mountPoints())
                    .containsExactly(new MountPoint("/Plone/portal_catalog", "/catalog"));
            assertThat(client1.databases().get(2).mountPoints()).hasSize(2);
        }

        @Test
        void localAndTemporaryDatabasesAreRecognisedAndLeftAlone() throws Exception {
            Cluster cluster = cluster();
            ZopeClient client1 = cluster.clients().get(0);
            assertThat(client1.databases())
                    .filteredOn(d -> d.kind() != DatabaseKind.ZEO)
                    .extracting(ClientDatabase::name)
                    .containsExactly("local", "temporary");
            assertThat(cluster.uses()).noneMatch(u -> u.database().kind() != DatabaseKind.ZEO);
        }

        @Test
        void crlfClientsReadTheSameAsLfClients() throws Exception {
            Cluster cluster = cluster();
            List<ClientDatabase> a = cluster.clients().get(0).databases();
            List<ClientDatabase> b = cluster.clients().get(1).databases();
            assertThat(b)
                    .extracting(ClientDatabase::name, ClientDatabase::storage, ClientDatabase::readOnly)
                    .containsExactlyElementsOf(a.stream()
                            .map(d -> Tuple.tuple(d.name(), d.storage(), d.readOnly()))
                            .toList());
        }
    }

    @Nested
    class Findings {
        @TempDir
        Path dir;

        private Cluster withClientStorage(String zeoExtra, String clientStorage, String clientExtra) throws Exception {
            Path etc = Files.createDirectories(dir.resolve("parts/zeoserver/etc"));
            Files.writeString(
                    etc.resolve("zeo.conf"),
                    "<zeo>\n  address 8100\n" + zeoExtra + "</zeo>\n"
                            + "<filestorage 1>\n  path /v/Data.fs\n</filestorage>\n"
                            + "<filestorage catalog>\n  path /v/catalog.fs\n"
                            + (clientExtra.contains("SERVER-FROZEN") ? "  read-only true\n" : "")
                            + "</filestorage>\n");
            Path c = Files.createDirectories(dir.resolve("parts/client1/etc"));
            Files.writeString(
                    c.resolve("zope.conf"),
                    "<zodb_db main>\n  <zeoclient>\n    server 8100\n    storage 1\n"
                            + "  </zeoclient>\n  mount-point /\n</zodb_db>\n<zodb_db catalog>\n  <zeoclient>\n    server 8100\n"
                            + "    storage " + clientStorage + "\n"
                            + (clientExtra.contains("CLIENT-FROZEN") ? "    read-only true\n" : "")
                            + "  </zeoclient>\n  mount-point /catalog\n</zodb_db>\n");
            return Engines.discover(dir).cluster();
        }

        @Test
        void aStorageTheServerLacksIsNamed() throws Exception {
            Cluster cluster = withClientStorage("", "catalgo", "");
            assertThat(cluster.findings()).singleElement().satisfies(f -> {
                assertThat(f.message()).contains("'catalgo'", "does not define");
                assertThat(f.sources()).extracting(SourceRef::line).containsExactly(9);
            });
        }

        @Test
        void aNameDifferingOnlyInCaseIsAWarningAndStillLinked() throws Exception {
            Cluster cluster = withClientStorage("", "Catalog", "");
            assertThat(cluster.findings())
                    .singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("'Catalog'", "lower-cases"));
            assertThat(cluster.usesOf(new StorageId("local", "zeoserver", "catalog")))
                    .hasSize(1);
        }

        @Test
        void aStorageFrozenOnTheServerOnlyIsTheHangingSiteDanger() throws Exception {
            Cluster cluster = withClientStorage("", "catalog", "SERVER-FROZEN");
            assertThat(cluster.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.DANGER);
                assertThat(f.message()).contains("site hangs");
                assertThat(f.sources()).hasSize(2);
            });
        }

        @Test
        void aStorageFrozenInTheClientOnlyIsAWarning() throws Exception {
            Cluster cluster = withClientStorage("", "catalog", "CLIENT-FROZEN");
            assertThat(cluster.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(f.message()).contains("writable on the server");
            });
        }

        @Test
        void serverWideReadOnlyIsADanger() throws Exception {
            Cluster cluster = withClientStorage("  read-only true\n", "catalog", "");
            assertThat(cluster.findings()).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.DANGER);
                assertThat(f.message()).contains("root too");
                assertThat(f.sources())
                        .extracting(SourceRef::file)
                        .allSatisfy(file -> assertThat(file).endsWith("zeo.conf"));
            });
        }
    }

    @Test
    void addressesMatchByPortWhenTheHostCannotBeDecided() {
        Address listen = Address.parse("0.0.0.0:8100");
        assertThat(Address.parse("8100").couldReach(listen)).isTrue();
        assertThat(Address.parse("zeo.example.org:8100").couldReach(Address.parse("8100")))
                .isTrue();
        assertThat(Address.parse("localhost:8100").couldReach(Address.parse("127.0.0.1:8100")))
                .isTrue();
        assertThat(Address.parse("10.0.0.2:8100").couldReach(Address.parse("10.0.0.1:8100")))
                .isFalse();
        assertThat(Address.parse("127.0.0.1:8101").couldReach(listen)).isFalse();
        assertThat(Address.parse("/var/zeo.sock").couldReach(Address.parse("/var/zeo.sock")))
                .isTrue();
        assertThat(Address.parse("[::1]:8100")).isEqualTo(new Address("::1", 8100, null));
    }
}
