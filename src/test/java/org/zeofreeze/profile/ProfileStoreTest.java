package org.zeofreeze.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileStoreTest {
    @TempDir
    Path dir;

    @Test
    void aProfileRoundTripsThroughJson() throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles"));
        ClusterProfile profile = new ClusterProfile(
                "www.example.org",
                List.of(
                        new HostEntry("zeo", "zeo1.example.org", "plone", 2222, null, "plone_daemon"),
                        new HostEntry("web1", "web1", null, null, "/srv/plone", null)),
                new ProcessControl.Supervisor(null, Map.of("client1", "instance1")),
                new MigrationTarget("new-zeo", "zeo2.example.org", "plone", null, "/srv/new", List.of()),
                new Maintenance(
                        "web1", List.of("varnishadm", "vcl.use", "maint"), List.of("varnishadm", "vcl.use", "boot")),
                true);
        store.save(profile);
        assertThat(store.names()).containsExactly("www.example.org");
        assertThat(store.load("www.example.org")).isEqualTo(profile);
        assertThat(store.load("www.example.org").hosts().get(0).buildoutDir()).isEqualTo("/usr/local/Plone/zeocluster");
        assertThat(Files.readString(store.pathOf("www.example.org"))).contains("\"kind\" : \"supervisor\"");
    }

    @Test
    void aSecretWrittenIntoAProfileByHandIsNeverKeptWhenTheProfileIsSavedAgain() throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles"));
        Files.createDirectories(store.directory());
        Files.writeString(store.pathOf("prod"), """
                {"name": "prod", "password": "hunter2-top",
                 "hosts": [{"name": "zeo", "address": "zeo1.example.org", "user": "plone", "password": "hunter2-host",
                            "passphrase": "hunter2-key"}]}
                """);
        ClusterProfile read = store.load("prod");
        store.save(read);
        assertThat(Files.readString(store.pathOf("prod")))
                .contains("zeo1.example.org")
                .doesNotContain("hunter2");
    }

    @Test
    void theDefaultsAreTheBuildoutScriptsOnThisComputer() throws Exception {
        ClusterProfile profile = ClusterProfile.local("test", "/tmp/b");
        ProfileStore.write(profile, dir.resolve("p.json"));
        ClusterProfile read = ProfileStore.read(dir.resolve("p.json"));
        assertThat(read.control()).isEqualTo(new ProcessControl.BuildoutScripts());
        assertThat(read.control().stop("/tmp/b", "client1")).containsExactly("/tmp/b/bin/client1", "stop");
        assertThat(read.hosts().get(0).isLocal()).isTrue();
    }

    @Test
    void editingGeneratedFilesIsOffUnlessTheProfileSaysTrue() throws Exception {
        Files.writeString(dir.resolve("plain.json"), "{\"name\": \"x\", \"hosts\": []}");
        assertThat(ProfileStore.read(dir.resolve("plain.json")).editGeneratedFiles())
                .isFalse();
        Files.writeString(dir.resolve("on.json"), "{\"name\": \"x\", \"hosts\": [], \"editGeneratedFiles\": true}");
        ClusterProfile on = ProfileStore.read(dir.resolve("on.json"));
        assertThat(on.editGeneratedFiles()).isTrue();
        ProfileStore.write(on, dir.resolve("again.json"));
        assertThat(ProfileStore.read(dir.resolve("again.json"))).isEqualTo(on);
        assertThat(ClusterProfile.local("x", "/srv/b").editGeneratedFiles()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "\"true\"", "1", "[true]", "{}"})
    void anEditGeneratedFilesThatIsNotTrueOrFalseIsRefusedWithItsLine(String value) throws Exception {
        Files.writeString(
                dir.resolve("bad.json"), "{\"name\": \"x\",\n \"hosts\": [],\n \"editGeneratedFiles\": " + value + "}");
        assertThatThrownBy(() -> ProfileStore.read(dir.resolve("bad.json")))
                .hasMessageContaining("bad.json, line 3: not a ZeoFreeze profile: \"editGeneratedFiles\" is ")
                .hasMessageEndingWith("write true or false (without quotes), or leave it out for false")
                .hasMessageNotContaining("deserialize");
    }

    @Test
    void aBrokenFileNamesItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\n  \"name\": \"x\",\n  \"hosts\": [ {\"name\": }\n]}");
        assertThatThrownBy(() -> ProfileStore.read(dir.resolve("bad.json")))
                .hasMessageContaining("bad.json, line 3: not a ZeoFreeze profile");
    }

    @Test
    void aBuildoutDirectoryThatIsNotAbsoluteIsRefusedWithTheHostNamed() throws Exception {
        Files.writeString(
                dir.resolve("rel.json"),
                "{\"name\": \"x\", \"hosts\": [ {\"name\": \"zeo\", "
                        + "\"address\": \"zeo1\", \"buildoutDir\": \"--log-file=/tmp/x\"} ]}");
        assertThatThrownBy(() -> ProfileStore.read(dir.resolve("rel.json")))
                .hasMessageContaining("rel.json")
                .hasMessageContaining(
                        "the buildout directory of host 'zeo' is '--log-file=/tmp/x': write it as an absolute path");
    }

    @Test
    void theMigrationTargetsDirectoryMustBeAbsoluteAndItsAddressNoOption() {
        assertThatThrownBy(() -> new MigrationTarget("new", "zeo2", null, null, "srv/new", List.of()))
                .hasMessageContaining("the buildout directory of the migration target is 'srv/new'");
        assertThatThrownBy(() ->
                        new MigrationTarget("new", "-oProxyCommand=touch /tmp/x", null, null, "/srv/new", List.of()))
                .hasMessageContaining("may not start with '-'");
    }

    @Test
    void theTargetsZeoAddressIsKeptAsWrittenAndMustNameAHostAndAPort() throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles"));
        MigrationTarget target = new MigrationTarget(
                "new", "zeo2.example.org", null, null, "/srv/new", List.of(), null, null, " zeo2.internal:8200 ");
        ClusterProfile profile = new ClusterProfile(
                "moved", List.of(new HostEntry("zeo", "", null, null, "/srv/plone", null)), null, target, null, false);
        store.save(profile);
        MigrationTarget read = store.load("moved").target();
        assertThat(read.zeoAddress()).isEqualTo("zeo2.internal:8200");
        assertThat(read.zeoServerAddress()).hasValueSatisfying(a -> {
            assertThat(a.host()).isEqualTo("zeo2.internal");
            assertThat(a.port()).isEqualTo(8200);
        });
        assertThat(new MigrationTarget("new", "", null, null, "/srv/new", List.of()).zeoServerAddress())
                .isEmpty();
        for (String bad : List.of("8200", "zeo2:http", "/var/run/zeo.sock", "-oProxyCommand=x:8200")) {
            assertThatThrownBy(() -> new MigrationTarget("new", "", null, null, "/srv/new", List.of(), null, null, bad))
                    .as(bad)
                    .hasMessageContaining("zeoAddress")
                    .hasMessageContaining("host:port");
        }
    }
}
