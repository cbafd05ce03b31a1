package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.HostEntry;
import org.zeofreeze.testing.Fixtures;

class ClusterReaderTest {
    @TempDir
    Path dir;

    private static final LocalHost LOCAL = new LocalHost();

    @Test
    void onlyTheLocalHostSeesThisProcesssEnvironment() {
        ClusterProfile profile = new ClusterProfile(
                "two",
                List.of(
                        HostEntry.local("/srv/a"),
                        new HostEntry("web1", "web1.example.org", null, null, "/srv/b", null)),
                null,
                null,
                null,
                false);
        ClusterReader reader = ClusterReader.of(profile, name -> LOCAL);

        assertThat(System.getenv("PATH")).isNotNull();
        assertThat(reader.environment("local").apply("PATH")).isEqualTo(System.getenv("PATH"));
        assertThat(reader.environment("web1").apply("PATH")).isNull();
    }

    @Test
    void readingAgainSeesTheFilesAsTheyAreNow() throws Exception {
        Path buildout = Fixtures.buildout("generated", dir.resolve("b"));
        ClusterProfile profile = ClusterProfile.local("one", buildout.toString());
        ClusterReader reader = ClusterReader.of(profile, name -> LOCAL);
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Discovery first = reader.read(profile);

        Files.writeString(zeo, Files.readString(zeo) + "\n# edited after the first read\n");
        Discovery again = reader.again(first.cluster());

        assertThat(again.cluster().buildouts()).isEqualTo(first.cluster().buildouts());
        assertThat(text(first, zeo)).doesNotContain("edited after the first read");
        assertThat(text(again, zeo)).contains("edited after the first read");
    }

    @Test
    void aHostThatCannotBeReachedIsNamed() {
        Path buildout = Fixtures.buildout("generated", dir.resolve("b"));
        HostProvider hosts = name -> {
            if (name.equals("web2")) {
                throw new IOException("connection refused");
            }
            return LOCAL;
        };
        ClusterReader reader = new ClusterReader(hosts, name -> false);

        Throwable t = catchThrowable(() -> reader.read(List.of(
                new ClusterReader.Place("local", buildout.toString()), new ClusterReader.Place("web2", "/srv/b"))));

        assertThat(t).isInstanceOf(DiscoveryException.class).hasMessage("web2: connection refused");
    }

    private static String text(Discovery d, Path file) {
        return new String(d.document(new HostFile("local", file.toString())).bytes(), StandardCharsets.UTF_8);
    }
}
