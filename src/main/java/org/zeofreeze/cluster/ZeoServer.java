package org.zeofreeze.cluster;

import java.util.List;

/**
 * A ZEO server read from {@code parts/NAME/etc/zeo.conf} on a host. {@code serverReadOnly} is
 * the server-wide {@code <zeo> read-only}, which would block the root storage too; {@code runtime}
 * the Python, ZEO and ZODB its {@code bin/NAME} script runs.
 */
public record ZeoServer(
        String host,
        String name,
        String confFile,
        List<Address> addresses,
        boolean serverReadOnly,
        List<Storage> storages,
        RuntimeVersions runtime) {
    public ZeoServer {
        addresses = List.copyOf(addresses);
        storages = List.copyOf(storages);
    }
}
