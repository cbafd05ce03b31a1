package org.zeofreeze.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The hosts of a run by name. An implementation may connect lazily and reconnect after a
 * dropped connection, so that a rollback can reach a host the run lost.
 */
@FunctionalInterface
public interface HostProvider {
    Host get(String name) throws IOException;

    /** The hosts as a function, for APIs that take one; a host that cannot be reached throws unchecked. */
    default Function<String, Host> asFunction() {
        return name -> {
            try {
                return get(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
