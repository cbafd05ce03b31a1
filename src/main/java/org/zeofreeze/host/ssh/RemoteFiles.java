package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.Host;

/** The file half of {@link Host} for an SSH host: over SFTP, or through sudo'd commands. */
interface RemoteFiles {
    List<String> list(String dir) throws IOException;

    byte[] read(String path) throws IOException;

    Optional<FileStat> stat(String path) throws IOException;

    default void writeAtomically(String path, byte[] content) throws IOException {
        writeAtomically(path, content, null);
    }

    /** See {@link Host#writeAtomically(String, byte[], byte[])}. */
    void writeAtomically(String path, byte[] content, byte[] expected) throws IOException;

    void createFile(String path, byte[] content, int mode) throws IOException;

    void makeDirectories(String dir) throws IOException;

    void deleteFile(String path) throws IOException;

    default void close() {}

    /**
     * {@code /a/b/.c.zeofreeze-tmp-RANDOM} for {@code /a/b/c}: a temporary file beside the target,
     * of a name of its own, so that two writers never share (or remove) each other's.
     */
    static String temporaryBeside(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".zeofreeze-tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * GNU cp copying extended attributes, POSIX ACLs and the SELinux label (and mode and owner,
     * where allowed) from the original onto the new file, not its timestamps: SFTP has no way to.
     */
    static List<String> copyAttributes(String from, String to) {
        return List.of("cp", "--attributes-only", "--preserve=all", "--no-preserve=timestamps,links", "--", from, to);
    }
}
