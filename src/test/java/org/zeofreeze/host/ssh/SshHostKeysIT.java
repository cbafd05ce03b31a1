package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testbed.TestSshd;

/** Host key checking against known_hosts, with a real sshd. */
class SshHostKeysIT {
    private TestSshd sshd;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        sshd = TestSshd.start();
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void aKnownKeyConnectsWithoutAsking() throws Exception {
        List<UnknownHostKey> asked = new ArrayList<>();
        SshSettings settings = sshd.settings().withHostKeyConsent(k -> asked.add(k));
        try (SshHost host = new SshConnector(settings).connect(sshd.target())) {
            assertThat(host.run(List.of("echo", "hi"), Duration.ofSeconds(10)).stdout())
                    .isEqualTo("hi\n");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void anUnknownKeyAcceptedIsRecordedAndConnects() throws Exception {
        Path knownHosts = tmp.resolve("ssh/known_hosts");
        List<UnknownHostKey> asked = new ArrayList<>();
        SshSettings settings = sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> asked.add(k));

        try (SshHost host = new SshConnector(settings).connect(sshd.target())) {
            assertThat(host.run(List.of("echo", "hi"), Duration.ofSeconds(10)).stdout())
                    .isEqualTo("hi\n");
        }

        assertThat(asked).hasSize(1);
        UnknownHostKey key = asked.get(0);
        assertThat(key.host()).isEqualTo("[" + sshd.address() + "]:" + sshd.port());
        assertThat(key.keyType()).isEqualTo("ssh-ed25519");
        assertThat(key.fingerprint()).as("as ssh-keygen -l shows it").isEqualTo(sshd.hostKeyFingerprint());
        assertThat(key.knownHosts()).isEqualTo(knownHosts);
        assertThat(Files.readAllLines(knownHosts)).containsExactly(sshd.knownHostsLine());

        // Recorded: the next connection does not ask, even with a consent that refuses everything.
        try (SshHost again =
                new SshConnector(settings.withHostKeyConsent(HostKeyConsent.REFUSE)).connect(sshd.target())) {
            assertThat(again.isConnected()).isTrue();
        }
    }

    @Test
    void theRecordedKeyIsWhatOpenSshAccepts() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(
                knownHosts,
                "# my hosts\nexample.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        try (SshHost host = new SshConnector(
                        sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> true))
                .connect(sshd.target())) {
            assertThat(host.isConnected()).isTrue();
        }
        assertThat(Files.readAllLines(knownHosts))
                .as("appended on a line of its own")
                .hasSize(3);
        // OpenSSH's own client, strict about host keys, accepts what was written.
        Process ssh = new ProcessBuilder(
                        "ssh",
                        "-F",
                        "/dev/null",
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-o",
                        "UserKnownHostsFile=" + knownHosts,
                        "-o",
                        "GlobalKnownHostsFile=/dev/null",
                        "-i",
                        sshd.target().identityFiles().get(0).toString(),
                        "-p",
                        Integer.toString(sshd.port()),
                        sshd.user() + "@" + sshd.address(),
                        "echo",
                        "ok")
                .redirectErrorStream(true)
                .start();
        String out = new String(ssh.getInputStream().readAllBytes());
        assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("ok");
        assertThat(ssh.exitValue()).isZero();
    }

    @Test
    void anUnknownKeyRefusedMeansNoConnectionAndKnownHostsUnchanged() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        String before = "# nothing for the test host\n";
        Files.writeString(knownHosts, before);
        List<UnknownHostKey> asked = new ArrayList<>();
        SshSettings settings = sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> {
            asked.add(k);
            return false;
        });

        assertThatThrownBy(() -> new SshConnector(settings).connect(sshd.target()))
                .isInstanceOf(HostKeyNotTrustedException.class)
                .hasMessageContaining(sshd.hostKeyFingerprint())
                .hasMessageContaining("was not accepted");

        assertThat(asked).hasSize(1);
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
        assertThat(sshd.log()).as("never authenticated").doesNotContain("Accepted publickey");
    }

    @Test
    void withoutAKnownHostsFileAnUnknownKeyRefusedCreatesNothing() throws Exception {
        Path knownHosts = tmp.resolve("none/known_hosts");
        assertThatThrownBy(() -> new SshConnector(sshd.settings().withKnownHosts(knownHosts)).connect(sshd.target()))
                .isInstanceOf(HostKeyNotTrustedException.class);
        assertThat(Files.exists(knownHosts.getParent())).isFalse();
    }

    @Test
    void aChangedKeyIsRefusedWithoutAskingAndNamesFileLineAndNewFingerprint() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "# line 1 is a comment\n" + sshd.knownHostsLine() + "\n");
        sshd.restartWithNewHostKey();
        String newFingerprint = sshd.hostKeyFingerprint();
        List<UnknownHostKey> asked = new ArrayList<>();
        SshSettings settings = sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> asked.add(k));

        assertThatThrownBy(() -> new SshConnector(settings).connect(sshd.target()))
                .isInstanceOf(HostKeyChangedException.class)
                .hasMessageContaining(newFingerprint)
                .hasMessageContaining(knownHosts + " line 2")
                .hasMessageContaining("[" + sshd.address() + "]:" + sshd.port())
                .satisfies(e ->
                        assertThat(((HostKeyChangedException) e).fingerprint()).isEqualTo(newFingerprint));

        assertThat(asked)
                .as("a changed key is never put to the consent callback")
                .isEmpty();
        assertThat(Files.readString(knownHosts))
                .doesNotContain(sshd.knownHostsLine().split(" ")[2]);
        assertThat(sshd.log()).doesNotContain("Accepted publickey");
    }

    @Test
    void aKeyOfAnotherTypeThanTheRecordedOneIsAskedAboutWithOpenSshsWarning() throws Exception {
        // The host is recorded with an ECDSA key; the server offers only its ed25519 key.
        Path ecdsa = tmp.resolve("ecdsa_key");
        Process keygen = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", ecdsa.toString())
                .redirectErrorStream(true)
                .start();
        keygen.getInputStream().readAllBytes();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] pub = Files.readString(tmp.resolve("ecdsa_key.pub")).trim().split("\\s+");
        Path knownHosts = tmp.resolve("known_hosts");
        String before = "[" + sshd.address() + "]:" + sshd.port() + " " + pub[0] + " " + pub[1] + "\n";
        Files.writeString(knownHosts, before);
        List<UnknownHostKey> asked = new ArrayList<>();
        SshSettings settings = sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> {
            asked.add(k);
            return false;
        });

        assertThatThrownBy(() -> new SshConnector(settings).connect(sshd.target()))
                .isInstanceOf(HostKeyNotTrustedException.class);

        assertThat(asked).singleElement().satisfies(k -> {
            assertThat(k.keyType()).isEqualTo("ssh-ed25519");
            assertThat(k.otherTypes()).containsExactly(new KnownHosts.RecordedKey("ecdsa-sha2-nistp256", 1));
            assertThat(k.warning())
                    .hasValueSatisfying(w ->
                            assertThat(w).contains("another key type is known for this host", knownHosts + " line 1"));
        });
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
        assertThat(sshd.log()).doesNotContain("Accepted publickey");
    }

    @Test
    void hashedEntriesAreRecognised() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain(sshd.address());

        try (SshHost host = new SshConnector(sshd.settings().withKnownHosts(knownHosts)).connect(sshd.target())) {
            assertThat(host.isConnected()).isTrue();
        }
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        String line = sshd.knownHostsLine();
        Files.writeString(knownHosts, line + "\n@revoked * " + line.substring(line.indexOf(' ') + 1) + "\n");
        assertThatThrownBy(() -> new SshConnector(
                                sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> true))
                        .connect(sshd.target()))
                .isInstanceOf(HostKeyNotTrustedException.class)
                .hasMessageContaining("@revoked")
                .hasMessageContaining("line 2");
    }

    @Test
    void theConsentQuestionMayTakeLongerThanTheConnectTimeout() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        SshSettings slowPerson = sshd.settings().withKnownHosts(knownHosts).withHostKeyConsent(k -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
        try (SshHost host =
                new SshConnector(slowPerson).connect(sshd.target().withConnectTimeout(Duration.ofSeconds(1)))) {
            assertThat(host.run(List.of("true"), Duration.ofSeconds(10)).exitCode())
                    .isZero();
        }
    }
}
