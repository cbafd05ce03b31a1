package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeofreeze.host.ssh.KnownHosts;
import org.zeofreeze.host.ssh.UnknownHostKey;

/** The terminal's host-key question, as OpenSSH asks it. */
class HostKeyQuestionTest {
    private static final Path FILE = Path.of("/home/admin/.ssh/known_hosts");

    @Test
    void aHostNeverSeenGetsThePlainQuestion() {
        String q = Hosts.question(new UnknownHostKey("[127.0.0.2]:2222", "ssh-ed25519", "SHA256:abc", FILE));
        assertThat(q)
                .contains(
                        "The authenticity of host '[127.0.0.2]:2222' can't be established.",
                        "ssh-ed25519 key fingerprint is SHA256:abc.",
                        "Trust it and record it in " + FILE + "? Type yes")
                .doesNotContain("Warning");
    }

    @Test
    void aHostKnownWithAnotherKeyTypeIsWarnedAboutBeforeTheQuestion() {
        String q = Hosts.question(new UnknownHostKey(
                "zeo",
                "ecdsa-sha2-nistp256",
                "SHA256:abc",
                FILE,
                List.of(new KnownHosts.RecordedKey("ssh-ed25519", 3))));
        assertThat(q).contains("Warning: another key type is known for this host: ssh-ed25519 (" + FILE + " line 3)");
        assertThat(q.indexOf("Warning")).isLessThan(q.indexOf("Type yes"));
    }
}
