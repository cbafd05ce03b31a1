package org.zeofreeze.cluster;

import java.util.List;

/**
 * A ZEO server read from {@code parts/NAME/etc/zeo.conf} on a host. {@code serverReadOnly} is
 * the server-wide {@code <zeo> read-only}, which would block the root storage too.
 */
public record ZeoServer(String host, String name, String confFile, List<Address> addresses,
                        boolean serverReadOnly, List<Storage> storages) {
    public ZeoServer {
        addresses = List.copyOf(addresses);
        storages = List.copyOf(storages);
    }
}
