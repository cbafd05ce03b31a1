package org.zeofreeze.cluster;

import java.util.List;

/** A Zope client read from {@code parts/NAME/etc/zope.conf} on a host, and what its {@code bin/NAME} runs. */
public record ZopeClient(String host, String name, String confFile, List<ClientDatabase> databases, RuntimeVersions runtime) {
    public ZopeClient {
        databases = List.copyOf(databases);
    }
}
