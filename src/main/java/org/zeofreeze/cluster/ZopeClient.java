package org.zeofreeze.cluster;

import java.util.List;

/** A Zope client read from {@code parts/NAME/etc/zope.conf} on a host. */
public record ZopeClient(String host, String name, String confFile, List<ClientDatabase> databases) {
    public ZopeClient {
        databases = List.copyOf(databases);
    }
}
