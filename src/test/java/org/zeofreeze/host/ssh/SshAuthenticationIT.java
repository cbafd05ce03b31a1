package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testbed.TestKeys;
import org.zeofreeze.testbed.TestSshd;

/** Keys (files, passphrases, the agent), ~/.ssh/config aliases and ProxyJump against real sshd servers. */
class SshAuthenticationIT {
    private static final String PASSPHRASE = "correct horse ü $tapl'e";

    private static TestSshd sshd;
    private static Path encryptedKey;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        sshd = TestSshd.start();
        encryptedKey = TestKeys.generate(
                Files.createTempDirectory("zeofreeze-enc-key-").resolve("id_ed25519"), "ed25519", PASSPHRASE);
        sshd.authorize(Path.of(encryptedKey + ".pub"));
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    @Test
    void anEncryptedKeyIsDecryptedWithThePassphraseAskedOnceAndThenWiped() throws Exception {
        List<char[]> handedOut = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        PassphrasePrompt prompt = (key, attempt) -> {
            questions.add(key + "#" + attempt);
            char[] p = PASSPHRASE.toCharArray();
            handedOut.add(p);
            return p;
        };
        SshConnector connector = new SshConnector(sshd.settings().withPassphrasePrompt(prompt));
        SshTarget target = sshd.target().withIdentityFiles(List.of(encryptedKey));
        try (SshHost host = connector.connect(target)) {
            assertThat(host.run(List.of("echo", "in"), Duration.ofSeconds(10)).stdout())
                    .isEqualTo("in\n");
        }
        try (SshHost again = connector.connect(target)) {
            assertThat(again.isConnected()).isTrue();
        }
        assertThat(questions).as("asked once for both connections").containsExactly(encryptedKey + "#1");
        assertThat(new String(handedOut.get(0)))
                .as("the passphrase is wiped after use")
                .isEqualTo("\0".repeat(PASSPHRASE.length()));
    }

    @Test
    void aWrongPassphraseIsAskedAgainThenReportedClearly() throws Exception {
        List<Integer> attempts = new ArrayList<>();
        PassphrasePrompt wrong = (key, attempt) -> {
            attempts.add(attempt);
            return "not it".toCharArray();
        };
        SshTarget target = sshd.target().withIdentityFiles(List.of(encryptedKey));
        assertThatThrownBy(() -> new SshConnector(sshd.settings().withPassphrasePrompt(wrong)).connect(target))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining(encryptedKey.toString())
                .hasMessageContaining("wrong passphrase, 3 attempts")
                .hasMessageContaining(target.address());
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void aKeyWhosePassphraseIsNotGivenIsSkippedForTheNext() throws Exception {
        List<Path> keys = List.of(encryptedKey, TestKeys.clientKey());
        try (SshHost host = new SshConnector(sshd.settings().withPassphrasePrompt(PassphrasePrompt.NONE))
                .connect(sshd.target().withIdentityFiles(keys))) {
            assertThat(host.isConnected()).isTrue();
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedWithTheListOfWhatWasTried() throws Exception {
        Path stranger = TestKeys.generate(tmp.resolve("stranger"), "ed25519", "");
        Path missing = tmp.resolve("missing_key");
        assertThatThrownBy(() -> new SshConnector(sshd.settings())
                        .connect(sshd.target().withIdentityFiles(List.of(missing, stranger))))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("Permission denied for " + sshd.target().address())
                .hasMessageContaining(missing + " (no such file)")
                .hasMessageContaining(stranger + " (refused)");
    }

    @Test
    void theDefaultKeysAreUsedWhenTheTargetNamesNone() throws Exception {
        SshSettings settings =
                sshd.settings().withDefaultIdentities(List.of(tmp.resolve("id_ed25519"), TestKeys.clientKey()));
        try (SshHost host = new SshConnector(settings).connect(sshd.target().withIdentityFiles(List.of()))) {
            assertThat(host.isConnected()).isTrue();
        }
    }

    @Test
    void keysOfTheSshAgentAreUsedEd25519AndRsa() throws Exception {
        for (String type : List.of("ed25519", "rsa")) {
            Path key = TestKeys.generate(tmp.resolve(type + "/id_" + type), type, "");
            sshd.authorize(Path.of(key + ".pub"));
            Path socket = tmp.resolve(type + "/agent.sock");
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                waitFor(socket);
                ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
                add.environment().put("SSH_AUTH_SOCK", socket.toString());
                Process p = add.start();
                p.getInputStream().readAllBytes();
                assertThat(p.waitFor()).isZero();
                assertThat(new SshAgent(socket).identities()).hasSize(1);

                SshSettings settings =
                        sshd.settings().withAgentSocket(Optional.of(socket)).withDefaultIdentities(List.of());
                try (SshHost host =
                        new SshConnector(settings).connect(sshd.target().withIdentityFiles(List.of()))) {
                    assertThat(host.run(List.of("echo", type), Duration.ofSeconds(10))
                                    .stdout())
                            .isEqualTo(type + "\n");
                }
                String fingerprint = KnownHosts.fingerprint(
                        new SshAgent(socket).identities().get(0).key());
                assertThat(sshd.log())
                        .as("the server accepted the agent's " + type + " key")
                        .contains(fingerprint);
            } finally {
                agent.destroy();
                agent.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anAgentWithoutTheRightKeyFallsBackToKeyFiles() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            waitFor(socket);
            SshSettings settings = sshd.settings().withAgentSocket(Optional.of(socket));
            try (SshHost host = new SshConnector(settings).connect(sshd.target())) {
                assertThat(host.isConnected()).isTrue();
            }
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAliasOfSshConfigIsResolvedAndConnected() throws Exception {
        Path config = tmp.resolve(".ssh/config");
        Files.createDirectories(config.getParent());
        Files.copy(TestKeys.clientKey(), tmp.resolve(".ssh/zeo_key"));
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "Host zeo-*",
                        "    HostName " + sshd.address(),
                        "    Port " + sshd.port(),
                        "    IdentityFile ~/.ssh/zeo_key",
                        "Host *",
                        "    User " + sshd.user(),
                        ""));
        SshTarget target = SshConfig.load(config, tmp, "someone-else").resolve("zeo-primary");
        try (SshHost host = new SshConnector(sshd.settings()).connect(target)) {
            assertThat(host.name()).isEqualTo("zeo-primary");
            assertThat(host.run(List.of("id", "-un"), Duration.ofSeconds(10))
                            .stdout()
                            .trim())
                    .isEqualTo(sshd.user());
        }
    }

    @Test
    void proxyJumpReachesAHostThroughAnother() throws Exception {
        try (TestSshd inner = TestSshd.start()) {
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, sshd.knownHostsLine() + "\n" + inner.knownHostsLine() + "\n");
            Path config = tmp.resolve("config");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "Host bastion",
                            "  HostName " + sshd.address(),
                            "  Port " + sshd.port(),
                            "  User " + sshd.user(),
                            "  IdentityFile " + TestKeys.clientKey(),
                            "Host inner",
                            "  HostName " + inner.address(),
                            "  Port " + inner.port(),
                            "  User " + inner.user(),
                            "  IdentityFile " + TestKeys.clientKey(),
                            "  ProxyJump bastion",
                            ""));
            SshTarget target = SshConfig.load(config, tmp, sshd.user()).resolve("inner");
            try (SshHost host = new SshConnector(sshd.settings().withKnownHosts(knownHosts)).connect(target)) {
                String connection = host.run(List.of("sh", "-c", "echo $SSH_CONNECTION"), Duration.ofSeconds(10))
                        .stdout();
                assertThat(connection)
                        .as("the inner server sees the connection")
                        .contains(inner.address() + " " + inner.port());
            }
            assertThat(inner.log()).contains("Accepted publickey");

            // The way really leads through the bastion: once it forwards nothing, the inner host is out of reach.
            sshd.restartWith("AllowTcpForwarding no", "DisableForwarding yes");
            try {
                assertThatThrownBy(() -> new SshConnector(sshd.settings().withKnownHosts(knownHosts)).connect(target))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining(target.toString());
            } finally {
                sshd.restartWith();
            }
        }
    }

    private static void waitFor(Path socket) throws InterruptedException, IOException {
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            Thread.sleep(25);
        }
        if (!Files.exists(socket)) {
            throw new IOException("ssh-agent did not create " + socket);
        }
    }
}
