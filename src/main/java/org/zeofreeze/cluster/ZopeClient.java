package org.zeofreeze.cluster;

import java.util.List;
import java.util.Optional;

/**
 * A Zope client read from {@code parts/NAME/etc/zope.conf} on a host, and what its {@code bin/NAME} runs.
 * {@code zserverAddress} is the address of the zope.conf's {@code <http-server>} (ZServer: Zope 2.13, and Zope 4
 * run without WSGI), as written there; a WSGI client says where it listens in its wsgi.ini instead.
 */
public record ZopeClient(
        String host,
        String name,
        String confFile,
        List<ClientDatabase> databases,
        RuntimeVersions runtime,
        Optional<String> zserverAddress) {
    public ZopeClient {
        databases = List.copyOf(databases);
    }

    public ZopeClient(
            String host, String name, String confFile, List<ClientDatabase> databases, RuntimeVersions runtime) {
        this(host, name, confFile, databases, runtime, Optional.empty());
    }
}
