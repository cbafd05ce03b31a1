package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.cluster.ZopeClient;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.testing.Fixtures;

/**
 * A cluster that is no buildout: hand-kept zeo.conf and zope.conf files the profile names, read
 * through the same ClusterReader as a buildout, and planned the same way.
 */
class FilesLayoutTest {
    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void cluster() throws Exception {
        home = dir.resolve("srv/plone");
        Files.createDirectories(home.resolve("etc/client1"));
        Files.createDirectories(home.resolve("etc/client2"));
        Files.writeString(home.resolve("etc/zeo.conf"), """
                %define VAR HOME/var
                <zeo>
                  address 127.0.0.1:18900
                  pid-filename $VAR/zeo.pid
                </zeo>
                <filestorage 1>
                  path $VAR/filestorage/Data.fs
                </filestorage>
                <filestorage catalog>
                  path $VAR/filestorage/catalog.fs
                  blob-dir $VAR/blobstorage-catalog
                </filestorage>
                """.replace("HOME", home.toString()));
        for (String client : List.of("client1", "client2")) {
            Files.writeString(home.resolve("etc/" + client + "/zope.conf"), """
                    instancehome HOME
                    <zodb_db main>
                      <zeoclient>
                        server 127.0.0.1:18900
                        storage 1
                      </zeoclient>
                      mount-point /
                    </zodb_db>
                    <zodb_db catalog>
                      <zeoclient>
                        server 127.0.0.1:18900
                        storage catalog
                      </zeoclient>
                      mount-point /catalog
                    </zodb_db>
                    """.replace("HOME", home.toString()));
        }
    }

    private HostEntry host(String serverConf) {
        return Fixtures.localFilesHost(
                "zeo",
                null,
                new PartFile("zeoserver", serverConf, null),
                List.of(
                        new PartFile("client1", home + "/etc/client1/zope.conf", "127.0.0.1:18901"),
                        new PartFile("client2", home + "/etc/client2/zope.conf", "127.0.0.1:18902")),
                null);
    }

    private ClusterProfile profile(HostEntry host) {
        return new ClusterProfile(
                "hand-kept", List.of(host), new ProcessControl.Supervisor(null, null), null, null, false);
    }

    @Test
    void theNamedConfigurationsAreTheCluster() throws Exception {
        ClusterProfile profile = profile(host(home + "/etc/zeo.conf"));
        Cluster cluster =
                ClusterReader.of(profile, LocalHost::new).read(profile).cluster();

        assertThat(cluster.servers()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("zeoserver");
            assertThat(s.confFile()).isEqualTo(home + "/etc/zeo.conf");
            assertThat(s.storages()).extracting(st -> st.name()).containsExactly("1", "catalog");
        });
        assertThat(cluster.clients()).extracting(ZopeClient::name).containsExactly("client1", "client2");
        assertThat(cluster.root()).contains(new StorageId("zeo", "zeoserver", "1"));
        assertThat(cluster.usesOf(new StorageId("zeo", "zeoserver", "catalog"))).hasSize(2);
        // the home directory stands in for the buildout: its default is the zeo.conf's directory
        assertThat(cluster.buildouts()).singleElement().satisfies(b -> {
            assertThat(b.dir()).isEqualTo(home + "/etc");
            assertThat(b.filesLayout()).isPresent();
        });
    }

    @Test
    void aFreezeEditsTheNamedFilesAndNamesThemRelativeToTheHomeDirectory() throws Exception {
        HostEntry entry = Fixtures.localFilesHost(
                "zeo",
                home.toString(),
                new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                List.of(new PartFile("client1", home + "/etc/client1/zope.conf", "127.0.0.1:18901")),
                null);
        ClusterProfile profile = profile(entry);
        ClusterReader reader = ClusterReader.of(profile, LocalHost::new);
        Discovery discovery = reader.read(profile);

        Plan plan = new Planner().plan(discovery, Selection.freeze("catalog"));

        assertThat(plan.changes())
                .extracting(FileChange::relativePath)
                .containsExactlyInAnyOrder("etc/zeo.conf", "etc/client1/zope.conf");
        assertThat(plan.patch("zeo")).contains("+++ b/etc/zeo.conf").contains("+  read-only true");
        // client2's zope.conf is not named, so it is not part of the cluster and not edited
        assertThat(plan.changes()).noneMatch(c -> c.path().contains("client2"));
        // a read again during a run sees the same layout, not a buildout
        assertThat(reader.again(discovery.cluster()).cluster().clients())
                .extracting(ZopeClient::name)
                .containsExactly("client1");
    }

    @Test
    void theVersionsAreReadFromTheSitePackagesOfTheNamedPython() throws Exception {
        Path venv = dir.resolve("venv");
        Files.createDirectories(venv.resolve("bin"));
        Files.createFile(venv.resolve("bin/python"));
        Files.createDirectories(venv.resolve("lib/python2.7/site-packages/ZEO-4.3.1.dist-info"));
        Files.createDirectories(venv.resolve("lib/python2.7/site-packages/ZODB-4.4.5.dist-info"));
        HostEntry entry = Fixtures.localFilesHost(
                "zeo",
                null,
                new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                List.of(new PartFile("client1", home + "/etc/client1/zope.conf", "127.0.0.1:18901")),
                venv.resolve("bin/python").toString());
        ClusterProfile profile = profile(entry);

        Cluster cluster =
                ClusterReader.of(profile, LocalHost::new).read(profile).cluster();

        // a ZEO 4 client must be known as one: the rolling strategy is refused for it
        assertThat(cluster.clients().get(0).runtime())
                .isEqualTo(new org.zeofreeze.cluster.RuntimeVersions("2.7", "4.3.1", "4.4.5"));
        assertThat(profile(host(home + "/etc/zeo.conf")).hosts().get(0).python())
                .isNull();
        Cluster unnamed = ClusterReader.of(profile(host(home + "/etc/zeo.conf")), LocalHost::new)
                .read(profile(host(home + "/etc/zeo.conf")))
                .cluster();
        assertThat(unnamed.clients().get(0).runtime().known()).isFalse();
    }

    @Test
    void aMoveTakesTheCopysPathsFromZeoConfRelativeToTheHomeDirectory() throws Exception {
        Path target = dir.resolve("new");
        Files.createDirectories(target.resolve("parts/zeoserver/etc"));
        Files.writeString(
                target.resolve("parts/zeoserver/etc/zeo.conf"),
                "<zeo>\n  address 127.0.0.1:18990\n</zeo>\n<filestorage 1>\n  path " + target
                        + "/var/filestorage/Data.fs\n</filestorage>\n");
        HostEntry entry = Fixtures.localFilesHost(
                "zeo",
                home.toString(),
                new PartFile("zeoserver", home + "/etc/zeo.conf", null),
                List.of(new PartFile("client1", home + "/etc/client1/zope.conf", "127.0.0.1:18901")),
                null);
        ClusterProfile profile = new ClusterProfile(
                "hand-kept",
                List.of(entry),
                new ProcessControl.Supervisor(null, null),
                new MigrationTarget("new", "", null, null, target.toString(), List.of()),
                null,
                false);

        MovePlan move = RunPreparation.prepareMove(
                        profile, Selection.parse(Mode.FREEZE, List.of("catalog")), LocalHost::new)
                .move()
                .plan();

        String targetZeo = new String(
                move.serve().stream()
                        .filter(c -> c.host().equals("new"))
                        .findFirst()
                        .orElseThrow()
                        .after(),
                java.nio.charset.StandardCharsets.UTF_8);
        // the source's $VAR/filestorage/catalog.fs, relative to the home directory, under the target's directory
        assertThat(targetZeo)
                .contains("<filestorage catalog>")
                .contains("path " + target + "/var/filestorage/catalog.fs")
                .contains("blob-dir " + target + "/var/blobstorage-catalog");
        assertThat(move.serve())
                .filteredOn(c -> c.path().equals(home + "/etc/client1/zope.conf"))
                .singleElement()
                .satisfies(c -> assertThat(c.diff()).contains("+    server 127.0.0.1:18990"));
    }

    @Test
    void aMoveToATargetThatIsNoBuildoutServesTheCopiesFromItsNamedZeoConf() throws Exception {
        Path target = dir.resolve("new");
        Files.createDirectories(target.resolve("etc"));
        Path targetConf = target.resolve("etc/zeo.conf");
        Files.writeString(
                targetConf,
                "<zeo>\n  address 127.0.0.1:18990\n</zeo>\n<filestorage 1>\n  path " + target
                        + "/var/filestorage/Data.fs\n</filestorage>\n");
        // something that looks like a buildout beside it is not read: the target names its file
        Files.createDirectories(target.resolve("parts/zeoserver/etc"));
        Files.writeString(target.resolve("parts/zeoserver/etc/zeo.conf"), "<zeo>\n  address 9\n</zeo>\n");
        MigrationTarget files = new MigrationTarget(
                "new",
                "",
                null,
                null,
                target.toString(),
                List.of(),
                null,
                null,
                null,
                null,
                new PartFile("zeo", targetConf.toString(), null));
        ClusterProfile profile = new ClusterProfile(
                "hand-kept",
                List.of(host(home + "/etc/zeo.conf")),
                new ProcessControl.Supervisor(null, null),
                files,
                null,
                false);

        MovePlan move = RunPreparation.prepareMove(
                        profile, Selection.parse(Mode.FREEZE, List.of("catalog")), LocalHost::new)
                .move()
                .plan();

        FileChange served = move.serve().stream()
                .filter(c -> c.host().equals("new"))
                .findFirst()
                .orElseThrow();
        assertThat(served.path()).isEqualTo(targetConf.toString());
        assertThat(new String(served.after(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<filestorage catalog>")
                // home is the source's etc/ (the default): the storage lies outside it and keeps its path
                .contains("path " + home + "/var/filestorage/catalog.fs");
        assertThat(move.serve())
                .filteredOn(c -> c.path().equals(home + "/etc/client1/zope.conf"))
                .singleElement()
                .satisfies(c -> assertThat(c.diff()).contains("+    server 127.0.0.1:18990"));
    }

    @Test
    void aTargetThatNamesItsZeoConfNeedsAControlOtherThanTheBuildoutScripts() {
        MigrationTarget files = new MigrationTarget(
                "new",
                "",
                null,
                null,
                "/srv/new",
                List.of(),
                null,
                null,
                null,
                null,
                new PartFile("zeo", "/srv/new/zeo.conf", null));

        assertThatThrownBy(
                        () -> new ClusterProfile("mixed", List.of(HostEntry.local("/srv/b")), null, files, null, false))
                .hasMessageContaining("profile 'mixed': the migration target 'new' names its zeo.conf")
                .hasMessageContaining("\"control\"");
        assertThatThrownBy(() -> new MigrationTarget(
                        "new",
                        "",
                        null,
                        null,
                        "/srv/new",
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        new PartFile("zeo", "zeo.conf", null)))
                .hasMessageContaining("\"server.config\" is 'zeo.conf'");
    }

    @Test
    void aMissingFileIsNamedWithItsHostAndField() {
        ClusterProfile profile = profile(host(home + "/etc/zeo-missing.conf"));

        Throwable t =
                catchThrowable(() -> ClusterReader.of(profile, LocalHost::new).read(profile));

        assertThat(t)
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(home + "/etc/zeo-missing.conf does not exist")
                .hasMessageContaining("host 'zeo'")
                .hasMessageContaining("(\"server.config\")")
                .hasMessageContaining("profile 'hand-kept'");
    }

    @Test
    void aMissingHomeDirectoryIsNamed() {
        HostEntry entry = Fixtures.localFilesHost(
                "zeo", home + "/nowhere", new PartFile("zeoserver", home + "/etc/zeo.conf", null), List.of(), null);
        ClusterProfile profile = profile(entry);

        Throwable t =
                catchThrowable(() -> ClusterReader.of(profile, LocalHost::new).read(profile));

        assertThat(t).isInstanceOf(DiscoveryException.class).hasMessageContaining("\"homeDir\"");
    }
}
