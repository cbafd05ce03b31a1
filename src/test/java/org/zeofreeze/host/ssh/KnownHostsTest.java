package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    Path tmp;

    private static PublicKey newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPublic();
    }

    @Test
    void entryNamesFollowOpenSsh() {
        assertThat(KnownHosts.entryName("Zeo.Example.org", 22)).isEqualTo("zeo.example.org");
        assertThat(KnownHosts.entryName("127.0.0.2", 2222)).isEqualTo("[127.0.0.2]:2222");
    }

    @Test
    void aKeyAddedIsKnownAndReadByOpenSshTools() throws Exception {
        Path file = tmp.resolve("dir/known_hosts");
        KnownHosts kh = new KnownHosts(file);
        PublicKey key = newKey();
        assertThat(kh.check("127.0.0.2", 2222, key).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);

        kh.add("127.0.0.2", 2222, key);

        assertThat(kh.check("127.0.0.2", 2222, key)).isEqualTo(new KnownHosts.Check(KnownHosts.Verdict.KNOWN, 1));
        assertThat(kh.check("127.0.0.2", 22, key).verdict())
                .as("another port is another host")
                .isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.knownKeyTypes("127.0.0.2", 2222)).containsExactly("ssh-rsa");
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
        // ssh-keygen finds the entry and computes the same fingerprint.
        assertThat(run("ssh-keygen", "-F", "[127.0.0.2]:2222", "-f", file.toString()))
                .contains("ssh-rsa");
        assertThat(run("ssh-keygen", "-l", "-E", "sha256", "-f", file.toString()))
                .contains(KnownHosts.fingerprint(key));
        assertThat(KnownHosts.fingerprint(key)).matches("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void anotherKeyForAKnownHostIsChangedWithItsLine() throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(
                file,
                "# comment\n\nexample.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
        KnownHosts kh = new KnownHosts(file);
        PublicKey old = newKey();
        kh.add("zeo", 22, old);
        PublicKey other = newKey();
        assertThat(kh.check("zeo", 22, other)).isEqualTo(new KnownHosts.Check(KnownHosts.Verdict.CHANGED, 4));
        assertThat(kh.check("ZEO", 22, old).verdict()).isEqualTo(KnownHosts.Verdict.KNOWN);
    }

    @Test
    void hashedAndRevokedEntries() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHosts kh = new KnownHosts(file);
        PublicKey key = newKey();
        kh.add("web1", 22, key);
        run("ssh-keygen", "-H", "-f", file.toString());
        assertThat(Files.readString(file)).startsWith("|1|").doesNotContain("web1");
        assertThat(kh.check("web1", 22, key).verdict()).isEqualTo(KnownHosts.Verdict.KNOWN);

        String line = Files.readAllLines(file).get(0);
        Files.writeString(
                file, "@revoked * " + line.substring(line.indexOf(' ') + 1) + "\n", StandardOpenOption.APPEND);
        assertThat(kh.check("web1", 22, key)).isEqualTo(new KnownHosts.Check(KnownHosts.Verdict.REVOKED, 2));
    }

    @Test
    void aFileWithoutFinalNewlineGetsTheEntryOnALineOfItsOwn() throws Exception {
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "# no newline at the end");
        new KnownHosts(file).add("h", 22, newKey());
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("h ssh-rsa AAAA");
    }

    private static PublicKey newEcKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }

    @Test
    void aKeyOfAnotherTypeThanTheRecordedOneIsUnknownButNotNew() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHosts kh = new KnownHosts(file);
        Files.writeString(file, "# comment\n");
        kh.add("zeo", 2222, newKey());
        kh.add("web1", 2222, newEcKey());
        PublicKey offered = newEcKey();

        assertThat(kh.check("zeo", 2222, offered).verdict())
                .as("never trusted on its own")
                .isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.otherKeyTypes("zeo", 2222, offered)).containsExactly(new KnownHosts.RecordedKey("ssh-rsa", 2));
        assertThat(kh.otherKeyTypes("web1", 2222, offered))
                .as("same type: changed, not another type")
                .isEmpty();
        assertThat(kh.otherKeyTypes("zeo", 22, offered))
                .as("another port is another host")
                .isEmpty();
        assertThat(kh.otherKeyTypes("nosuch", 2222, offered)).isEmpty();
    }

    @Test
    void anotherKeyTypeIsFoundUnderAHashedNameButNotOnARevokedLine() throws Exception {
        Path file = tmp.resolve("known_hosts");
        KnownHosts kh = new KnownHosts(file);
        PublicKey rsa = newKey();
        kh.add("zeo", 22, rsa);
        run("ssh-keygen", "-H", "-f", file.toString());
        assertThat(kh.otherKeyTypes("zeo", 22, newEcKey())).containsExactly(new KnownHosts.RecordedKey("ssh-rsa", 1));

        String line = Files.readAllLines(file).get(0);
        Files.writeString(file, "@revoked zeo " + line.substring(line.indexOf(' ') + 1) + "\n");
        assertThat(kh.otherKeyTypes("zeo", 22, newEcKey())).isEmpty();
    }

    @Test
    void theQuestionAboutAKeyOfANewTypeWarnsAsOpenSshDoes() {
        Path file = Path.of("/home/admin/.ssh/known_hosts");
        UnknownHostKey fresh = new UnknownHostKey("zeo", "ecdsa-sha2-nistp256", "SHA256:abc", file);
        assertThat(fresh.warning()).isEmpty();
        UnknownHostKey other = new UnknownHostKey(
                "zeo",
                "ecdsa-sha2-nistp256",
                "SHA256:abc",
                file,
                List.of(new KnownHosts.RecordedKey("ssh-ed25519", 7)));
        assertThat(other.warning())
                .hasValueSatisfying(w -> assertThat(w)
                        .contains(
                                "another key type is known for this host",
                                "ssh-ed25519",
                                file + " line 7",
                                "ecdsa-sha2-nistp256"));
        assertThat(other.toString()).contains("another key type is known for this host");
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
