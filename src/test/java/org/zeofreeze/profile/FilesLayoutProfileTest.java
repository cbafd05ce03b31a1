package org.zeofreeze.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.FilesLayout;

/** A host that names its configurations instead of a buildout, as an admin writes it in a profile. */
class FilesLayoutProfileTest {
    @TempDir
    Path dir;

    private static final String HOST = """
            {"name": "zeo", "layout": "files", %s
             "server": {"part": "zeoserver", "config": "/srv/plone/etc/zeo.conf"},
             "clients": [{"part": "client1", "config": "/srv/plone/etc/client1.conf", "http": "127.0.0.1:8081"},
                         {"part": "client2", "config": "/srv/plone/etc/client2.conf", "http": "127.0.0.1:8082"}]}
            """;

    private Path write(String hostJson, String control) throws Exception {
        Path file = dir.resolve("hand-kept.json");
        Files.writeString(
                file, "{\"name\": \"hand-kept\", \"hosts\": [" + hostJson + "], \"control\": " + control + "}");
        return file;
    }

    @Test
    void aFilesHostIsReadWithItsPartsAndHomeDirectory() throws Exception {
        ClusterProfile profile = ProfileStore.read(write(
                HOST.formatted("\"homeDir\": \"/srv/plone\", \"python\": \"/srv/plone/venv/bin/python\","),
                "{\"kind\": \"supervisor\"}"));

        HostEntry host = profile.hosts().get(0);
        assertThat(host.isFiles()).isTrue();
        assertThat(host.buildoutDir()).isEqualTo("/srv/plone");
        FilesLayout files = host.filesLayout();
        assertThat(files.servers())
                .containsExactly(new FilesLayout.Part("zeoserver", "/srv/plone/etc/zeo.conf", true, null));
        assertThat(files.clients())
                .extracting(FilesLayout.Part::name, FilesLayout.Part::http)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("client1", "127.0.0.1:8081"),
                        org.assertj.core.groups.Tuple.tuple("client2", "127.0.0.1:8082"));
        assertThat(files.pythonPath()).contains("/srv/plone/venv/bin/python");
    }

    @Test
    void theHomeDirectoryDefaultsToTheZeoConfsDirectory() throws Exception {
        ClusterProfile profile = ProfileStore.read(write(HOST.formatted(""), "{\"kind\": \"supervisor\"}"));

        assertThat(profile.hosts().get(0).buildoutDir()).isEqualTo("/srv/plone/etc");
    }

    @Test
    void aFilesProfileRoundTripsAndABuildoutOneIsWrittenAsBefore() throws Exception {
        ClusterProfile profile =
                ProfileStore.read(write(HOST.formatted(""), "{\"kind\": \"systemd\", \"user\": true}"));
        Path again = dir.resolve("again.json");
        ProfileStore.write(profile, again);

        assertThat(ProfileStore.read(again)).isEqualTo(profile);
        ProfileStore.write(ClusterProfile.local("b", "/srv/b"), again);
        assertThat(Files.readString(again))
                .doesNotContain("layout")
                .doesNotContain("homeDir")
                .doesNotContain("clients");
    }

    @Test
    void aRelativePathIsRefusedNamingTheProfileTheHostAndTheField() throws Exception {
        Path file = write(
                HOST.formatted("").replace("/srv/plone/etc/client1.conf", "etc/client1.conf"),
                "{\"kind\": \"supervisor\"}");

        assertThatThrownBy(() -> ProfileStore.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("host 'zeo'")
                .hasMessageContaining("\"clients[0].config\" is 'etc/client1.conf'")
                .hasMessageContaining("absolute path");
    }

    @Test
    void aPartNamedTwiceIsRefused() throws Exception {
        Path file = write(HOST.formatted("").replace("\"client2\"", "\"client1\""), "{\"kind\": \"supervisor\"}");

        assertThatThrownBy(() -> ProfileStore.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("host 'zeo'")
                .hasMessageContaining("\"clients[1].part\" 'client1' is named twice");
    }

    @Test
    void aClientWithoutItsHttpAddressIsRefused() throws Exception {
        Path file =
                write(HOST.formatted("").replace(", \"http\": \"127.0.0.1:8082\"", ""), "{\"kind\": \"supervisor\"}");

        assertThatThrownBy(() -> ProfileStore.read(file))
                .hasMessageContaining("\"clients[1].http\" is 'null'")
                .hasMessageContaining("host:port");
    }

    @Test
    void aPartThatWouldReadAsAnOptionIsRefused() throws Exception {
        Path file = write(HOST.formatted("").replace("\"zeoserver\"", "\"-zeoserver\""), "{\"kind\": \"supervisor\"}");

        assertThatThrownBy(() -> ProfileStore.read(file)).hasMessageContaining("\"server.part\" is '-zeoserver'");
    }

    @Test
    void theBuildoutScriptsCannotControlAFilesHost() throws Exception {
        Path file = write(HOST.formatted(""), "{\"kind\": \"buildout\"}");

        assertThatThrownBy(() -> ProfileStore.read(file))
                .hasMessageContaining("profile 'hand-kept': host 'zeo' has the files layout")
                .hasMessageContaining("\"control\"");
    }

    @Test
    void filesFieldsWithoutTheLayoutAreRefused() {
        assertThatThrownBy(() -> new HostEntry(
                        "web",
                        "",
                        null,
                        null,
                        "/srv/b",
                        null,
                        null,
                        null,
                        new PartFile("z", "/z.conf", null),
                        null,
                        null))
                .hasMessageContaining("host 'web'")
                .hasMessageContaining("\"layout\": \"files\"");
    }

    @Test
    void anUnknownLayoutIsRefused() throws Exception {
        Path file = write("{\"name\": \"zeo\", \"layout\": \"pip\"}", "null");

        assertThatThrownBy(() -> ProfileStore.read(file)).hasMessageContaining("\"layout\" is 'pip'");
    }

    @Test
    void systemdStartsStopsAndAsksEachPartsUnit() {
        ProcessControl control = new ProcessControl.Systemd(null, true, Map.of("client1", "zope@client1.service"));

        assertThat(control.start("/srv/plone", "client1"))
                .containsExactly("systemctl", "--user", "start", "--", "zope@client1.service");
        assertThat(control.stop("/srv/plone", "zeoserver"))
                .containsExactly("systemctl", "--user", "stop", "--", "zeoserver");
        assertThat(control.status("/srv/plone", "client1"))
                .containsExactly(
                        "systemctl",
                        "--user",
                        "show",
                        "--property=ActiveState,SubState,MainPID",
                        "--",
                        "zope@client1.service");
        assertThat(new ProcessControl.Systemd(null, null, null).start("/b", "client2"))
                .containsExactly("systemctl", "start", "--", "client2");
    }

    @Test
    void systemdIsReadFromTheProfile() throws Exception {
        ClusterProfile profile = ProfileStore.read(
                write(HOST.formatted(""), "{\"kind\": \"systemd\", \"units\": {\"zeoserver\": \"zeo.service\"}}"));

        assertThat(profile.control())
                .isEqualTo(new ProcessControl.Systemd("systemctl", false, Map.of("zeoserver", "zeo.service")));
    }

    @Test
    void supervisorctlIsToldTheSitesOwnConfigFile() {
        ProcessControl control = new ProcessControl.Supervisor(
                "/srv/sv/bin/supervisorctl", Map.of("client1", "zope1"), "/srv/etc/sv.conf");

        assertThat(control.stop("/srv/plone", "client1"))
                .containsExactly("/srv/sv/bin/supervisorctl", "-c", "/srv/etc/sv.conf", "stop", "zope1");
        assertThat(new ProcessControl.Supervisor(null, null).status("/b", "zeoserver"))
                .containsExactly("supervisorctl", "status", "zeoserver");
        assertThatThrownBy(() -> new ProcessControl.Supervisor(null, null, "etc/sv.conf"))
                .hasMessageContaining("\"configFile\" is 'etc/sv.conf'");
    }

    @Test
    void aUnitThatWouldReadAsAnOptionIsRefused() {
        assertThatThrownBy(() -> new ProcessControl.Systemd(null, false, Map.of("client1", "--now")))
                .hasMessageContaining("'client1'")
                .hasMessageContaining("'--now'");
    }
}
