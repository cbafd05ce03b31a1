package org.zeofreeze.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The .deb built by installer/build.sh and installed with apt-get for as long as this is open,
 * then removed and purged, also after a failure (and by a shutdown hook if the benchmark is
 * stopped). Holds DebPackageIT's lock meanwhile: both install and remove the same package, and
 * one must not pull it from under the other. Needs root.
 */
final class InstalledDeb implements AutoCloseable {
    static final String PACKAGE = "zeofreeze";
    static final Path GUI = Path.of("/opt/zeofreeze/bin/ZeoFreeze");
    private static final Path LOCK = Path.of("/run/lock/zeofreeze-debpackageit.lock");

    private final FileChannel channel;
    private final FileLock lock;
    private final Thread onExit = new Thread(InstalledDeb::removeQuietly, "remove-" + PACKAGE);
    private boolean closed;

    private InstalledDeb(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Builds the .deb from target/zeofreeze-*.jar and target/lib (mvn package) into {@code dest}. */
    static Path build(Path dest) throws Exception {
        Shell.Result r = Shell.run(
                1200,
                List.of(
                        "env",
                        "ZEOFREEZE_DEST=" + dest.toAbsolutePath(),
                        Path.of("installer/build.sh").toAbsolutePath().toString(),
                        "deb"));
        if (r.exit() != 0) {
            throw new IOException("installer/build.sh deb failed (exit " + r.exit() + "):\n" + r.output());
        }
        try (Stream<Path> files = Files.list(dest)) {
            List<Path> debs = files.filter(p -> p.toString().endsWith(".deb")).toList();
            if (debs.size() != 1) {
                throw new IOException("expected one .deb in " + dest + ", found " + debs);
            }
            return debs.get(0);
        }
    }

    static InstalledDeb install(Path deb) throws Exception {
        FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        InstalledDeb installed = new InstalledDeb(channel, lock);
        try {
            Runtime.getRuntime().addShutdownHook(installed.onExit);
            // A package left by an interrupted run would make this an upgrade.
            apt(60, "dpkg", "--purge", PACKAGE);
            apt(600, "apt-get", "install", "-y", "-q", deb.toAbsolutePath().toString())
                    .orFail("apt-get install " + deb);
            if (!Files.isExecutable(GUI)) {
                throw new IOException(GUI + " is not there after installing " + deb);
            }
            return installed;
        } catch (Exception e) {
            installed.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            removeQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        } finally {
            lock.release();
            channel.close();
        }
    }

    private static void removeQuietly() {
        try {
            Shell.Result r = apt(300, "apt-get", "remove", "-y", "-q", PACKAGE);
            if (r.exit() != 0) {
                System.err.println("bench: apt-get remove " + PACKAGE + " failed:\n" + r.output());
            }
            apt(120, "dpkg", "--purge", PACKAGE); // dpkg keeps a removed package's record until purged
        } catch (Exception e) {
            System.err.println("bench: could not remove " + PACKAGE + ": " + e);
        }
    }

    /** apt-get or dpkg without questions, waiting while another holds the package database. */
    private static Shell.Result apt(long timeoutSeconds, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive"));
        cmd.addAll(List.of(argv));
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            Shell.Result r = Shell.run(timeoutSeconds, cmd);
            if (r.exit() == 0 || !r.output().contains("lock") || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(2000);
        }
    }
}
