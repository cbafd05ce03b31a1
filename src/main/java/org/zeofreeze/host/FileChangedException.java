package org.zeofreeze.host;

import java.io.IOException;

/** A file did not hold what the writer expected right before it was to be replaced; it was left as it is. */
public final class FileChangedException extends IOException {
    public FileChangedException(String path, String host) {
        super(path + (host == null || host.equals(LocalHost.NAME) ? "" : " on " + host)
                + " was changed by someone else just now; it was left as it is");
    }
}
