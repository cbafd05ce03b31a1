package org.zeofreeze.host.ssh;

import java.io.IOException;

/** The host's key is not in known_hosts and was not accepted (or is revoked there). */
public final class HostKeyNotTrustedException extends IOException {
    public HostKeyNotTrustedException(String message) {
        super(message);
    }
}
