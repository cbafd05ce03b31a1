package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.ClientDatabase;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.ZeoServer;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.GeneratorFixtures;
import org.zeofreeze.testing.GeneratorFixtures.RootedHost;

/** The configurations other tools than buildout write are read where those tools write them. */
class GeneratedLayoutsTest {
    @TempDir
    Path dir;

    private static Cluster discover(Discoverer.Source... sources) throws Exception {
        return new Discoverer().discover(List.of(sources)).cluster();
    }

    private static ZopeClient client(Cluster cluster, String name) {
        return cluster.clients().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static ClientDatabase database(ZopeClient client, String name) {
        return client.databases().stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPlonexProjectIsItsZeoServerAndItsRunwsgiClientLinkedThroughTheSocket() throws Exception {
        Path project = GeneratorFixtures.lay("plonex", dir);
        Cluster cluster = discover(new Discoverer.Source(new LocalHost(), project.toString()));
        ZeoServer server = cluster.servers().get(0);
        assertThat(cluster.servers()).hasSize(1);
        assertThat(server.name()).isEqualTo("zeoserver");
        assertThat(server.confFile()).isEqualTo(project + "/tmp/zeoserver/etc/zeo.conf");
        assertThat(server.storages()).extracting(Storage::name).containsExactly("1");
        ZopeClient runwsgi = client(cluster, "runwsgi");
        assertThat(cluster.clients()).hasSize(1);
        assertThat(runwsgi.databases()).extracting(ClientDatabase::name).containsExactly("main", "catalog");
        assertThat(cluster.storageOf(runwsgi, database(runwsgi, "main")))
                .contains(server.storages().get(0).id());
        // plonex's zeoserver serves no catalog storage: its template writes only <filestorage 1>
        assertThat(cluster.storageOf(runwsgi, database(runwsgi, "catalog"))).isEmpty();
    }

    @Test
    void aCookiecutterInstanceIsAClientOfTheServerItNames() throws Exception {
        Path buildout = Fixtures.buildout("generated", dir);
        GeneratorFixtures.lay("cookiecutter-zope-instance", buildout);
        Cluster cluster = discover(new Discoverer.Source(new LocalHost(), buildout.toString()));
        ZopeClient instance = client(cluster, "instance");
        assertThat(cluster.clients()).extracting(ZopeClient::name).containsExactly("client1", "client2", "instance");
        assertThat(instance.confFile()).isEqualTo(buildout + "/instance/etc/zope.conf");
        assertThat(cluster.storageOf(instance, database(instance, "main"))
                        .orElseThrow()
                        .name())
                .isEqualTo("1");
        assertThat(database(instance, "main").isRoot()).isTrue();
    }

    @Test
    void filesNoKnownToolWroteAtThosePlacesAreNotRead() throws Exception {
        Path buildout = Fixtures.buildout("generated", dir);
        Files.createDirectories(buildout.resolve("tmp/x/etc"));
        Files.createDirectories(buildout.resolve("instance/etc"));
        Files.createDirectories(buildout.resolve("etc"));
        Files.copy(buildout.resolve("parts/zeoserver/etc/zeo.conf"), buildout.resolve("tmp/x/etc/zeo.conf"));
        Files.copy(buildout.resolve("parts/client1/etc/zope.conf"), buildout.resolve("instance/etc/zope.conf"));
        Files.copy(buildout.resolve("parts/zeoserver/etc/zeo.conf"), buildout.resolve("etc/zeo.conf"));
        Cluster cluster = discover(new Discoverer.Source(new LocalHost(), buildout.toString()));
        assertThat(cluster.servers()).extracting(ZeoServer::name).containsExactly("zeoserver");
        assertThat(cluster.clients()).extracting(ZopeClient::name).containsExactly("client1", "client2");
    }

    @Test
    void thePloneZeoImagesFileIsAServerReadWithTheEnvironmentItsStartScriptGives() throws Exception {
        GeneratorFixtures.lay("plone-zeo", dir);
        Map<String, String> env = new HashMap<>(GeneratorFixtures.PLONE_ZEO_DEFAULTS);
        ZeoServer writable = discover(new Discoverer.Source(new RootedHost("zeo", dir), "/app", env::get))
                .servers()
                .get(0);
        assertThat(writable.name()).isEqualTo("app");
        assertThat(writable.confFile()).isEqualTo("/app/etc/zeo.conf");
        assertThat(writable.serverReadOnly()).isFalse();
        assertThat(writable.storages()).extracting(Storage::name).containsExactly("1");
        env.put("ZEO_READ_ONLY", "true");
        ZeoServer readOnly = discover(new Discoverer.Source(new RootedHost("zeo", dir), "/app", env::get))
                .servers()
                .get(0);
        // server-wide: the whole server, not one storage
        assertThat(readOnly.serverReadOnly()).isTrue();
        assertThat(readOnly.storages().get(0).readOnly()).isFalse();
    }

    @Test
    void thePloneBackendImagesZeoConfIsAClientDespiteItsName() throws Exception {
        Path zeo = dir.resolve("zeo");
        Path backend = dir.resolve("backend");
        GeneratorFixtures.lay("plone-zeo", zeo);
        GeneratorFixtures.lay("plone-backend", backend);
        Map<String, String> env = GeneratorFixtures.ploneBackendEnvironment("zeo.example.org:8100", "/data/x/1");
        Cluster cluster = discover(
                new Discoverer.Source(new RootedHost("zeo", zeo), "/app", GeneratorFixtures.PLONE_ZEO_DEFAULTS::get),
                new Discoverer.Source(new RootedHost("backend", backend), "/app", env::get));
        assertThat(cluster.servers()).extracting(ZeoServer::host).containsExactly("zeo");
        ZopeClient client = cluster.clients().get(0);
        assertThat(client.host()).isEqualTo("backend");
        assertThat(client.confFile()).isEqualTo("/app/etc/zeo.conf");
        assertThat(cluster.storageOf(client, database(client, "main"))
                        .orElseThrow()
                        .name())
                .isEqualTo("1");
    }

    @Test
    void anImageFileReadWithoutItsContainersEnvironmentIsRefusedWithWhereTheSettingLives() throws Exception {
        GeneratorFixtures.lay("plone-zeo", dir.resolve("zeo"));
        GeneratorFixtures.lay("plone-backend", dir.resolve("backend"));
        assertThatThrownBy(() -> discover(
                        new Discoverer.Source(
                                new RootedHost("zeo", dir.resolve("zeo")),
                                "/app",
                                GeneratorFixtures.PLONE_ZEO_DEFAULTS::get),
                        new Discoverer.Source(new RootedHost("backend", dir.resolve("backend")), "/app")))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith(
                        "backend: /app/etc/zeo.conf, line 4: environment variable 'CLIENT_HOME' is not set")
                .hasMessageContaining("the Zope client configuration of the plone-backend image")
                .hasMessageContaining("from the container's environment at every start")
                .hasMessageContaining(
                        "ZEO_READ_ONLY in the container's environment is the read-only of its <zodb_db main>")
                .hasMessageContaining("ZeoFreeze reads $(NAME) values from the environment of this computer")
                .hasMessageNotContaining("Exception");
    }
}
