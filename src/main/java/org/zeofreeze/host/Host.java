package org.zeofreeze.host;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A machine of the cluster, reached locally or over SSH. Paths are absolute POSIX paths on
 * that machine.
 */
public interface Host {
    /** The name a person knows the host by ({@code local} for this computer). */
    String name();

    /** Names of the entries of a directory, sorted; empty when it does not exist. */
    List<String> list(String dir) throws IOException;

    byte[] read(String path) throws IOException;

    /**
     * Reads a file that must be a regular file (links followed) of at most {@code maxBytes}: a FIFO,
     * device, socket or directory is refused before it is opened, so it cannot hang the read or fill
     * the memory. Over SSH each request has the connection's file-operation timeout.
     */
    default byte[] readRegularFile(String path, long maxBytes) throws IOException {
        checkReadable(path, stat(path), maxBytes);
        return checkLength(path, read(path), maxBytes);
    }

    /** Refuses a missing file, one that is not regular, or one larger than {@code maxBytes}. */
    static void checkReadable(String path, Optional<FileStat> stat, long maxBytes) throws IOException {
        FileStat st = stat.orElseThrow(() -> new NoSuchFileException(path));
        if (!st.regular()) {
            throw new IOException(path + " is not a regular file ("
                    + (st.directory() ? "a directory" : "a FIFO, device or socket") + "); only regular files are read");
        }
        checkSize(path, st.size(), maxBytes);
    }

    static byte[] checkLength(String path, byte[] bytes, long maxBytes) throws IOException {
        checkSize(path, bytes.length, maxBytes);
        return bytes;
    }

    private static void checkSize(String path, long size, long maxBytes) throws IOException {
        if (size > maxBytes) {
            String limit = maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MiB" : maxBytes + " bytes";
            throw new IOException(
                    path + " is larger than " + limit + ", more than any configuration file; it is not read");
        }
    }

    Optional<FileStat> stat(String path) throws IOException;

    /**
     * Replaces a file's content atomically (temporary file in the same directory, flushed, renamed
     * over the original) keeping its owner, group, permission bits, extended attributes, ACLs and
     * SELinux label; a symbolic link stays one (the file it names is replaced).
     */
    void writeAtomically(String path, byte[] content) throws IOException;

    /**
     * As {@link #writeAtomically(String, byte[])}, but only over a file that holds exactly
     * {@code expected} right before the rename; otherwise nothing is replaced and
     * {@link FileChangedException} is thrown. A symbolic link stays one: its target is written
     * (atomically, in the target's directory). Owner, group, mode, extended attributes, ACLs and
     * SELinux label are kept, and no temporary file is left on any failure.
     */
    default void writeAtomically(String path, byte[] content, byte[] expected) throws IOException {
        if (!Arrays.equals(read(path), expected)) {
            throw new FileChangedException(path, name());
        }
        writeAtomically(path, content);
    }

    /**
     * Writes a new file that must not exist yet (backups, locks), with the given permission bits:
     * atomically and exclusively, so the complete file appears under its name or the call fails
     * with {@link java.nio.file.FileAlreadyExistsException}, even when another process creates
     * the same name at the same moment.
     */
    void createFile(String path, byte[] content, int mode) throws IOException;

    /** Removes a file (never a directory); a file that is not there is no error. */
    default void deleteFile(String path) throws IOException {
        CommandResult r;
        try {
            r = run(List.of("rm", "-f", "--", path), Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while removing " + path);
        }
        if (!r.ok()) {
            throw new IOException("cannot remove " + path + " on " + name() + ": "
                    + r.stderr().strip());
        }
    }

    /** Creates a directory and its parents, like {@code mkdir -p}. */
    void makeDirectories(String dir) throws IOException;

    /**
     * Runs a command given as an argument list (never a shell string: each argument reaches the
     * program as it is, whatever it holds). Output is collected and also passed to the listener
     * as it arrives. A command still running after the timeout is killed and reported as such.
     */
    CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException;

    default CommandResult run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        return run(argv, timeout, OutputListener.NONE);
    }

    default boolean exists(String path) throws IOException {
        return stat(path).isPresent();
    }

    default boolean isDirectory(String path) throws IOException {
        return stat(path).map(FileStat::directory).orElse(false);
    }
}
