package org.zeofreeze.zconfig;

import java.io.IOException;

/**
 * Where {@code %include}d files come from: the local disk, or a remote host. A file that cannot be
 * read is an IOException; one that ZConfig would not read (not UTF-8) a ConfigSyntaxError.
 */
@FunctionalInterface
public interface ConfigSource {
    ConfigDocument load(String absolutePath) throws IOException, ConfigSyntaxError;
}
