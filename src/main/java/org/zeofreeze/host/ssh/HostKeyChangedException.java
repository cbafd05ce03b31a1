package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The host offered a key other than the one known_hosts holds for it: possibly an attack, possibly
 * a reinstalled server. Never overridden by asking; the person has to fix known_hosts.
 */
public final class HostKeyChangedException extends IOException {
    private final String host;
    private final String fingerprint;

    public HostKeyChangedException(String host, String keyType, String fingerprint, Path knownHosts, int line) {
        super("The " + keyType + " host key of " + host + " has changed: it is now " + fingerprint
                + ", which does not match the key recorded in " + knownHosts + " line " + line
                + ". Someone could be intercepting the connection, or the server was reinstalled."
                + " Not connecting. If the change is expected, remove the old key (ssh-keygen -R '" + host
                + "' -f " + knownHosts + ") and connect again.");
        this.host = host;
        this.fingerprint = fingerprint;
    }

    public String host() {
        return host;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
