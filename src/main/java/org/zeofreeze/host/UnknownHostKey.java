package org.zeofreeze.host;

import java.nio.file.Path;

/**
 * A host key that known_hosts does not list.
 *
 * @param host        the host as known_hosts names it: {@code name}, or {@code [name]:port} when
 *                    the port is not 22
 * @param keyType     e.g. {@code ssh-ed25519}
 * @param fingerprint in OpenSSH's form, {@code SHA256:} and unpadded base64
 * @param knownHosts  the file the key would be recorded in
 */
public record UnknownHostKey(String host, String keyType, String fingerprint, Path knownHosts) {
    @Override
    public String toString() {
        return "The authenticity of host " + host + " can't be established. " + keyType + " key fingerprint is "
                + fingerprint + ".";
    }
}
