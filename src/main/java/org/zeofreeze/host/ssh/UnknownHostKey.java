package org.zeofreeze.host.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A host key that known_hosts does not list.
 *
 * @param host        the host as known_hosts names it: {@code name}, or {@code [name]:port} when
 *                    the port is not 22
 * @param keyType     e.g. {@code ssh-ed25519}
 * @param fingerprint in OpenSSH's form, {@code SHA256:} and unpadded base64
 * @param knownHosts  the file the key would be recorded in
 * @param otherTypes  keys of other types known_hosts already holds for the host: when there are
 *                    any, the host is not new, and a key of a new type deserves suspicion
 */
public record UnknownHostKey(
        String host, String keyType, String fingerprint, Path knownHosts, List<KnownHosts.RecordedKey> otherTypes) {
    public UnknownHostKey {
        otherTypes = List.copyOf(otherTypes);
    }

    /** A key of a host known_hosts does not mention at all. */
    public UnknownHostKey(String host, String keyType, String fingerprint, Path knownHosts) {
        this(host, keyType, fingerprint, knownHosts, List.of());
    }

    /**
     * The warning to show with the question when another key type is known for this host, as
     * OpenSSH warns; empty for a host never seen.
     */
    public Optional<String> warning() {
        if (otherTypes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Warning: another key type is known for this host: "
                + otherTypes.stream()
                        .map(k -> k.keyType() + " (" + knownHosts + " line " + k.line() + ")")
                        .collect(Collectors.joining(", "))
                + ". It now offers a " + keyType + " key instead; unless you know "
                + "the host was given a new key, someone else may be answering in its place.");
    }

    @Override
    public String toString() {
        return "The authenticity of host " + host + " can't be established. " + keyType + " key fingerprint is "
                + fingerprint + "." + warning().map(w -> " " + w).orElse("");
    }
}
