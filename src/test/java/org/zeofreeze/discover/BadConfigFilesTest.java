package org.zeofreeze.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.zconfig.ConfigDocument;
import org.zeofreeze.zconfig.ConfigSyntaxError;

/** Files a careless or hostile person could put in a buildout end in one clear error, never a hang or an Error. */
class BadConfigFilesTest {
    @TempDir
    Path buildout;

    private Path zeoConf(String text) throws Exception {
        Path etc = Files.createDirectories(buildout.resolve("parts/zeoserver/etc"));
        return Files.writeString(etc.resolve("zeo.conf"), text);
    }

    private DiscoveryException discoverFails() {
        Throwable t = Assertions.catchThrowable(
                () -> new Discoverer().discover(List.of(new Discoverer.Source(new LocalHost(), buildout.toString()))));
        assertThat(t).isInstanceOf(DiscoveryException.class);
        return (DiscoveryException) t;
    }

    private static void syntaxErrorAt(DiscoveryException e, Path file, int line, String words) {
        assertThat(e.getCause()).isInstanceOfSatisfying(ConfigSyntaxError.class, s -> {
            assertThat(s.file()).isEqualTo(file.toString());
            assertThat(s.line()).isEqualTo(line);
            assertThat(s.reason()).contains(words);
        });
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void includingDevZeroIsRefusedAtTheIncludeLine() throws Exception {
        Path conf = zeoConf("<zeo>\n  address 8100\n</zeo>\n%include /dev/zero\n");
        syntaxErrorAt(discoverFails(), conf, 4, "not a regular file");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void includingAFifoIsRefusedInsteadOfWaitingForever() throws Exception {
        Path conf = zeoConf("%include pipe.conf\n");
        Process p =
                new ProcessBuilder("mkfifo", conf.resolveSibling("pipe.conf").toString()).start();
        assertThat(p.waitFor()).isZero();
        syntaxErrorAt(discoverFails(), conf, 1, "not a regular file");
    }

    @Test
    void includingAHugeFileIsRefusedWithTheLimit() throws Exception {
        Path conf = zeoConf("\n%include huge.conf\n");
        try (var ch = FileChannel.open(
                conf.resolveSibling("huge.conf"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'#'}), ConfigDocument.MAX_BYTES); // sparse: costs no disk
        }
        syntaxErrorAt(discoverFails(), conf, 2, "16 MiB");
    }

    @Test
    void tenThousandNestedSectionsAreASyntaxErrorNotAStackOverflow() throws Exception {
        Path conf = zeoConf("<zeo>\naddress 8100\n</zeo>\n" + "<a>\n".repeat(10_000) + "</a>\n".repeat(10_000));
        syntaxErrorAt(discoverFails(), conf, 3 + 101, "nested");
    }

    @Test
    void aZeoConfThatIsNotUtf8IsRefusedWithItsLine() throws Exception {
        Path conf = zeoConf("<zeo>\n  address 8100\n</zeo>\n");
        Files.write(conf, new byte[] {'#', ' ', (byte) 0xff, '\n'}, StandardOpenOption.APPEND);
        syntaxErrorAt(discoverFails(), conf, 4, "UTF-8");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMainFileThatIsAFifoIsRefused() throws Exception {
        Path etc = Files.createDirectories(buildout.resolve("parts/zeoserver/etc"));
        Process p = new ProcessBuilder("mkfifo", etc.resolve("zeo.conf").toString()).start();
        assertThat(p.waitFor()).isZero();
        assertThat(discoverFails()).hasMessageContaining("not a regular file");
    }
}
