package org.zeofreeze.ui;

import java.io.IOException;
import org.zeofreeze.host.Host;
import org.zeofreeze.profile.HostEntry;

/** Opens the hosts of a profile. Called off the FX thread; a connection may ask about its host key. */
@FunctionalInterface
public interface HostConnector {

    Host connect(HostEntry entry, HostKeyConsent consent) throws IOException;
}
