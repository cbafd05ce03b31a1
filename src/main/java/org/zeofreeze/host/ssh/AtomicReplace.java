package org.zeofreeze.host.ssh;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.zeofreeze.host.FileStat;

/**
 * The one order in which a file on an SSH host is replaced, whether the operations go over SFTP
 * or through sudo'd commands: a temporary file of its own beside the file a link points to (so a
 * link stays a link and the rename stays in one directory), private while it is written and
 * flushed, given the original's extended attributes, ACLs and label, then its owner and group,
 * then its mode (after the owner, which clears set-id bits), then renamed over the original in one
 * step, after the original is checked to be what the caller expected. On any failure the
 * temporary file goes and the original is untouched.
 */
final class AtomicReplace {
    /** What one transport does for each part of the replace. */
    interface Operations {
        /** The original; empty if there is none. */
        Optional<FileStat> stat(String path) throws IOException;

        /** The file {@code path} names, through symbolic links. */
        String resolve(String path) throws IOException;

        /** A new file readable by its owner only, its content flushed to disk. */
        void writeTemporary(String tmp, byte[] content) throws IOException;

        /** Extended attributes, ACLs and the SELinux label of {@code target} onto {@code tmp}. */
        void copyAttributes(String target, String tmp, String path) throws IOException;

        void chown(String tmp, int uid, int gid, String path) throws IOException;

        void chmod(String tmp, int mode) throws IOException;

        /** Renames over {@code target}; with {@code expected}, only if it still holds exactly that. */
        void renameOver(String tmp, String target, byte[] expected, String path) throws IOException;

        void removeQuietly(String tmp);

        /** Gives {@code tmp} the name {@code path} only if that name is free: never replaces a file. */
        void linkNew(String tmp, String path) throws IOException;

        /** The host's name, for messages. */
        String hostName();
    }

    private AtomicReplace() {}

    /** Replaces {@code path}'s content; returns the file written (the link's target for a link). */
    static String replace(Operations ops, String path, byte[] content, byte[] expected) throws IOException {
        FileStat before = ops.stat(path).orElseThrow(() -> new NoSuchFileException(path, null, "on " + ops.hostName()));
        String target = ops.resolve(path);
        String tmp = RemoteFiles.temporaryBeside(target);
        boolean renamed = false;
        try {
            ops.writeTemporary(tmp, content);
            ops.copyAttributes(target, tmp, path);
            FileStat written = ops.stat(tmp).orElseThrow(() -> new IOException(tmp + " vanished on " + ops.hostName()));
            if (written.uid() != before.uid() || written.gid() != before.gid()) {
                ops.chown(tmp, before.uid(), before.gid(), path);
            }
            ops.chmod(tmp, before.mode());
            ops.renameOver(tmp, target, expected, path);
            renamed = true;
        } finally {
            if (!renamed) {
                ops.removeQuietly(tmp);
            }
        }
        return target;
    }

    /**
     * Creates {@code path} whole or not at all, and never over an existing file: written beside
     * it, given its mode, then linked to its name only if that name is still free.
     */
    static void create(Operations ops, String path, byte[] content, int mode) throws IOException {
        if (ops.stat(path).isPresent()) {
            throw new FileAlreadyExistsException(path, null, "already exists on " + ops.hostName());
        }
        String tmp = RemoteFiles.temporaryBeside(path);
        try {
            ops.writeTemporary(tmp, content);
            ops.chmod(tmp, mode);
            ops.linkNew(tmp, path);
        } finally {
            ops.removeQuietly(tmp); // after a link the temporary name is left over; after a rename it is gone
        }
    }
}
