package org.zeofreeze.host;

/** Paths on a host as text (a remote host's, so never through java.nio's rules of this computer). */
public final class RemotePath {
    private RemotePath() {}

    /** The directory of {@code path}: "/" for a file at the top, or a name with no slash. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
