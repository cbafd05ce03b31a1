package org.zeofreeze.host;

import java.io.IOException;

/**
 * The hosts of a run by name. An implementation may connect lazily and reconnect after a
 * dropped connection, so that a rollback can reach a host the run lost.
 */
@FunctionalInterface
public interface HostProvider {
    Host get(String name) throws IOException;
}
