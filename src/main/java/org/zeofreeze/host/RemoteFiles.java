package org.zeofreeze.host;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The file half of {@link Host} for an SSH host: over SFTP, or through sudo'd commands. */
interface RemoteFiles {
    List<String> list(String dir) throws IOException;

    byte[] read(String path) throws IOException;

    Optional<FileStat> stat(String path) throws IOException;

    void writeAtomically(String path, byte[] content) throws IOException;

    void createFile(String path, byte[] content, int mode) throws IOException;

    void makeDirectories(String dir) throws IOException;

    default void close() {
    }

    /** {@code /a/b/.c.zeofreeze-tmp} for {@code /a/b/c}: a temporary file beside the target. */
    static String temporaryBeside(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".zeofreeze-tmp";
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
