package org.zeofreeze.host.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every SSH connection of this program shares: where host keys are checked and recorded,
 * the SSH agent, the key files tried when a host names none, and the two questions that may
 * have to be put to a person.
 *
 * @param knownHosts          OpenSSH known_hosts file (plain and hashed entries are read; new
 *                            keys are appended in plain form)
 * @param agentSocket         the SSH agent's socket ({@code SSH_AUTH_SOCK}), when one runs
 * @param defaultIdentities   key files tried when the target names none (only those that exist)
 */
public record SshSettings(
        Path knownHosts,
        Optional<Path> agentSocket,
        List<Path> defaultIdentities,
        HostKeyConsent hostKeyConsent,
        PassphrasePrompt passphrasePrompt) {

    public SshSettings {
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(agentSocket, "agentSocket");
        defaultIdentities = List.copyOf(defaultIdentities);
        Objects.requireNonNull(hostKeyConsent, "hostKeyConsent");
        Objects.requireNonNull(passphrasePrompt, "passphrasePrompt");
    }

    /**
     * As OpenSSH would for the user running this program: {@code ~/.ssh/known_hosts}, the agent of
     * {@code SSH_AUTH_SOCK}, and {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}.
     */
    public static SshSettings forCurrentUser(HostKeyConsent consent, PassphrasePrompt prompt) {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        Optional<Path> agent = Optional.ofNullable(System.getenv("SSH_AUTH_SOCK"))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        return new SshSettings(ssh.resolve("known_hosts"), agent, defaultIdentitiesIn(ssh), consent, prompt);
    }

    /** The key files OpenSSH tries by default, in its order, in a {@code .ssh} directory. */
    public static List<Path> defaultIdentitiesIn(Path sshDir) {
        return List.of(sshDir.resolve("id_ed25519"), sshDir.resolve("id_ecdsa"), sshDir.resolve("id_rsa"));
    }

    public SshSettings withKnownHosts(Path file) {
        return new SshSettings(file, agentSocket, defaultIdentities, hostKeyConsent, passphrasePrompt);
    }

    public SshSettings withAgentSocket(Optional<Path> socket) {
        return new SshSettings(knownHosts, socket, defaultIdentities, hostKeyConsent, passphrasePrompt);
    }

    public SshSettings withDefaultIdentities(List<Path> files) {
        return new SshSettings(knownHosts, agentSocket, files, hostKeyConsent, passphrasePrompt);
    }

    public SshSettings withHostKeyConsent(HostKeyConsent consent) {
        return new SshSettings(knownHosts, agentSocket, defaultIdentities, consent, passphrasePrompt);
    }

    public SshSettings withPassphrasePrompt(PassphrasePrompt prompt) {
        return new SshSettings(knownHosts, agentSocket, defaultIdentities, hostKeyConsent, prompt);
    }
}
