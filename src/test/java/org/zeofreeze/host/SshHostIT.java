package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testbed.TestSshd;

/** SshHost against a real OpenSSH sshd on loopback; the "remote" files are on this machine, so tests check them directly. */
class SshHostIT {
    private static TestSshd sshd;
    private static SshHost host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = TestSshd.start();
        host = new SshConnector(sshd.settings()).connect(sshd.target());
    }

    @AfterAll
    static void stopServer() {
        if (host != null) {
            host.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void theRemoteProgramReceivesExactlyTheArguments() throws Exception {
        List<String> args = List.of("with space", "it's", "say \"hi\"", "$HOME", "`id`", "$(id)", "a;b", "*", "two\nlines", "",
                "Zürich ✓", "back\\slash", "-n");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(args);
        CommandResult r = host.run(argv, Duration.ofSeconds(20));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).endsWith("\0");
        assertThat(Arrays.asList(r.stdout().substring(0, r.stdout().length() - 1).split("\0", -1))).isEqualTo(args);
    }

    @Test
    void listReadStatOverSftp() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a dir; with $odd `names`"));
        Files.writeString(dir.resolve("b.conf"), "b\n");
        Files.write(dir.resolve("a.fs"), new byte[] {0, 1, 2, (byte) 255});
        Files.createDirectory(dir.resolve("c"));
        assertThat(host.list(dir.toString())).containsExactly("a.fs", "b.conf", "c");
        assertThat(host.list(dir.resolve("missing").toString())).isEmpty();
        assertThat(host.read(dir.resolve("a.fs").toString())).containsExactly(0, 1, 2, 255);
        FileStat st = host.stat(dir.resolve("b.conf").toString()).orElseThrow();
        assertThat(st.size()).isEqualTo(2);
        assertThat(st.directory()).isFalse();
        assertThat(host.stat(dir.resolve("c").toString()).orElseThrow().directory()).isTrue();
        assertThat(host.stat(dir.resolve("nope").toString())).isEmpty();
    }
}
