package org.zeofreeze.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** This computer. */
public final class LocalHost implements Host {
    public static final String NAME = "local";
    /** How long reading one file may take on this computer. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Duration readTimeout;

    public LocalHost() {
        this(NAME);
    }

    /** This computer under the name a profile gives it. */
    public LocalHost(String name) {
        this(name, READ_TIMEOUT);
    }

    LocalHost(String name, Duration readTimeout) {
        this.name = name;
        this.readTimeout = readTimeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.map(e -> e.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(Path.of(path));
    }

    /**
     * As {@link Host#readRegularFile}, and never more than {@code maxBytes + 1} bytes even from a file
     * that grows; the read runs on its own thread so that a file swapped for a FIFO, or a hung
     * network mount, ends in an error after {@link #READ_TIMEOUT} instead of a hang.
     */
    @Override
    public byte[] readRegularFile(String path, long maxBytes) throws IOException {
        Host.checkReadable(path, stat(path), maxBytes);
        return Host.checkLength(path, readWithin(path, maxBytes), maxBytes);
    }

    /** At most {@code maxBytes + 1} bytes of {@code path}, or an error once the read took {@code readTimeout}. */
    byte[] readWithin(String path, long maxBytes) throws IOException {
        FutureTask<byte[]> read = new FutureTask<>(() -> {
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                return in.readNBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)));
            }
        });
        Thread reader = new Thread(read, "read " + path);
        reader.setDaemon(true);
        reader.start();
        byte[] bytes;
        try {
            bytes = read.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reader.interrupt();
            throw new IOException(path + ": reading took longer than " + readTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + path);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException(path + ": " + e.getCause(), e.getCause());
        }
        return bytes;
    }

    @Override
    public Optional<FileStat> stat(String path) throws IOException {
        Path p = Path.of(path);
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:size,mode,uid,gid,isDirectory,isRegularFile");
            return Optional.of(new FileStat(
                    (Long) a.get("size"),
                    ((Integer) a.get("mode")) & 07777,
                    (Integer) a.get("uid"),
                    (Integer) a.get("gid"),
                    (Boolean) a.get("isDirectory"),
                    (Boolean) a.get("isRegularFile")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeAtomically(String path, byte[] content) throws IOException {
        replace(path, content, null);
    }

    @Override
    public void writeAtomically(String path, byte[] content, byte[] expected) throws IOException {
        replace(path, content, Objects.requireNonNull(expected, "expected"));
    }

    private void replace(String path, byte[] content, byte[] expected) throws IOException {
        // Through a symbolic link to the file it names: the link stays, the rename stays in one directory.
        Path target = Path.of(path).toRealPath();
        FileStat before = stat(target.toString()).orElseThrow(() -> new NoSuchFileException(path));
        Path tmp = temporaryBeside(target);
        boolean renamed = false;
        try {
            writeAndSync(tmp, content, 0600);
            copyAttributes(target, tmp);
            keepOwner(path, before, tmp);
            Files.setPosixFilePermissions(tmp, permissions(before.mode()));
            if (expected != null && !Arrays.equals(Files.readAllBytes(target), expected)) {
                throw new FileChangedException(path, name);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
        } finally {
            if (!renamed) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(target.getParent());
    }

    /**
     * Extended attributes, POSIX ACLs and the SELinux label of the original onto the new file;
     * Java reaches only the user.* attributes, GNU cp all of them (timestamps are the write's own).
     */
    private void copyAttributes(Path from, Path to) throws IOException {
        CommandResult r;
        try {
            r = run(
                    List.of(
                            "cp",
                            "--attributes-only",
                            "--preserve=all",
                            "--no-preserve=timestamps,links",
                            "--",
                            from.toString(),
                            to.toString()),
                    Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying the attributes of " + from);
        }
        if (!r.ok()) {
            throw new IOException("cannot keep the attributes (ACLs, extended attributes) of " + from + ": "
                    + r.stderr().strip());
        }
    }

    private static void keepOwner(String path, FileStat before, Path tmp) throws IOException {
        if (currentUid(tmp) == before.uid() && (Integer) Files.getAttribute(tmp, "unix:gid") == before.gid()) {
            return;
        }
        try {
            Files.setAttribute(tmp, "unix:uid", before.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(tmp, "unix:gid", before.gid(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            // Only root may give a file away; as the owner the ids are already ours.
            if (before.uid() != currentUid(tmp)) {
                throw new IOException(
                        "cannot keep the owner of " + path + " (uid " + before.uid() + "): " + e.getMessage());
            }
        }
    }

    /** A name of its own per write, so that two writers never share (or delete) each other's file. */
    private static Path temporaryBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".zeofreeze-tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** Atomic and exclusive: the complete file appears under its name, or the call fails because the name is taken. */
    @Override
    public void createFile(String path, byte[] content, int mode) throws IOException {
        Path target = Path.of(path);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(path, null, "already exists");
        }
        Path tmp = temporaryBeside(target);
        try {
            writeAndSync(tmp, content, mode);
            // link(2) fails when the name exists, where a rename would replace it.
            Files.createLink(target, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(target.getParent());
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout, OutputListener listener)
            throws IOException, InterruptedException {
        requireExecutable(argv);
        // Supervised: its standard input is a pipe this process holds open, and ends when it dies.
        Process process = new ProcessBuilder(Supervised.argv(argv)).start();
        StreamPump out = new StreamPump(process.getInputStream(), line -> listener.line(line, false));
        StreamPump err = new StreamPump(process.getErrorStream(), line -> listener.line(line, true));
        out.start();
        err.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Cancelled: the command must not outlive the request.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            out.join();
            err.join();
            throw new CommandTimeoutException(argv, timeout, out.text(), err.text());
        }
        out.join();
        err.join();
        process.getOutputStream().close();
        return new CommandResult(process.exitValue(), out.text(), err.text());
    }

    /** As ProcessBuilder would say it: a program that is not there is an IOException, not an exit code. */
    private static void requireExecutable(List<String> argv) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String program = argv.get(0);
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IOException("Cannot run program \"" + program + "\": not an executable file");
            }
            return;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return;
            }
        }
        throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
    }

    @Override
    public void deleteFile(String path) throws IOException {
        Files.deleteIfExists(Path.of(path));
    }

    @Override
    public void makeDirectories(String dir) throws IOException {
        Files.createDirectories(Path.of(dir));
    }

    private static int currentUid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }

    private static void writeAndSync(Path file, byte[] content, int mode) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }

    private static void syncDirectory(Path dir) {
        // A rename is durable once its directory is flushed; not every file system allows it.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
