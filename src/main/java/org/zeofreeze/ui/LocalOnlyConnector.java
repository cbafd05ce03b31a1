package org.zeofreeze.ui;

import java.io.IOException;
import org.zeofreeze.host.Host;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.profile.HostEntry;

/** Reaches "this computer" only; a host with an SSH address is refused with the reason. */
public final class LocalOnlyConnector implements HostConnector {
    private final LocalHost local = new LocalHost();

    @Override
    public Host connect(HostEntry entry, HostKeyConsent consent) throws IOException {
        if (entry.isLocal()) {
            return local;
        }
        throw new IOException("SSH connections are not available in this build yet; "
                + "run ZeoFreeze on " + entry.address() + " itself, with the host as \"this computer\"");
    }
}
