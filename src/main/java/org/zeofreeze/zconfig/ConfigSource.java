package org.zeofreeze.zconfig;

import java.io.IOException;

/** Where {@code %include}d files come from: the local disk, or a remote host. */
@FunctionalInterface
public interface ConfigSource {
    ConfigDocument load(String absolutePath) throws IOException;
}
