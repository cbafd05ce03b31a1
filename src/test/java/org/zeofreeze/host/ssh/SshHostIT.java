package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.CommandTimeoutException;
import org.zeofreeze.host.FileChangedException;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testbed.TestSshd;

/**
 * Files and commands of SshHost on a real OpenSSH sshd on loopback. The "remote" files live on
 * this machine, so the tests look at them directly.
 */
class SshHostIT {
    private static final String ODD = "a dir; with $odd `names` and 'quotes' \"too\"";

    private static TestSshd sshd;
    private static SshHost host;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        sshd = TestSshd.start();
        host = new SshConnector(sshd.settings()).connect(sshd.target());
    }

    @AfterAll
    static void stopServer() {
        if (host != null) {
            host.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void theRemoteProgramReceivesExactlyTheArguments() throws Exception {
        List<String> args = List.of(
                "with space",
                "it's",
                "say \"hi\"",
                "$HOME",
                "${PATH}",
                "`id`",
                "$(id)",
                "a;b",
                "a && b",
                "*",
                "?",
                "two\nlines",
                "",
                "Zürich ✓",
                "back\\slash",
                "-n",
                "~",
                "#hash",
                "a|b>c");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(args);
        CommandResult r = host.run(argv, Duration.ofSeconds(20));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).endsWith("\0");
        assertThat(Arrays.asList(
                        r.stdout().substring(0, r.stdout().length() - 1).split("\0", -1)))
                .isEqualTo(args);
    }

    @Test
    void aPathWithShellCharactersIsOneArgument() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(ODD));
        Files.writeString(dir.resolve("f"), "content");
        CommandResult r = host.run(List.of("cat", dir.resolve("f").toString()), Duration.ofSeconds(20));
        assertThat(r.stdout()).isEqualTo("content");
    }

    @Test
    void exitCodeAndStderrAreReported() throws Exception {
        CommandResult r = host.run(List.of("sh", "-c", "echo out; echo err >&2; exit 7"), Duration.ofSeconds(20));
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void outputLinesArriveWhileTheCommandStillRuns() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Long> when = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        CommandResult r = host.run(
                List.of("sh", "-c", "echo one; sleep 2; echo two >&2; sleep 1; printf 'progress\\r'; echo three"),
                Duration.ofSeconds(30),
                (line, stderr) -> {
                    seen.add((stderr ? "err:" : "out:") + line);
                    when.add(System.nanoTime() - start);
                });
        long total = System.nanoTime() - start;
        assertThat(r.exitCode()).isZero();
        assertThat(seen).containsExactly("out:one", "err:two", "out:progress", "out:three");
        assertThat(total - when.get(0))
                .as("'one' came at least 2.5 s before the end")
                .isGreaterThan(2_500_000_000L);
    }

    @Test
    void aCommandThatOverrunsIsStoppedAndReported() throws Exception {
        String marker = "31" + (System.nanoTime() % 100000);
        List<Boolean> sleeping = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        // Generous: a login shell's start-up files can take a few seconds on a busy machine.
        assertThatThrownBy(() -> host.run(
                        List.of("sh", "-c", "echo started; exec sleep " + marker),
                        Duration.ofSeconds(8),
                        (line, stderr) -> {
                            if (stderr) {
                                return;
                            }
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            sleeping.add(processesRunning("sleep", marker) > 0);
                        }))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("8 s")
                .satisfies(
                        e -> assertThat(((CommandTimeoutException) e).stdout()).isEqualTo("started\n"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(sleeping).as("the command was running").containsExactly(true);
        assertThat(processesRunning("sleep", marker))
                .as("the remote command was killed")
                .isZero();
        assertThat(host.run(List.of("true"), Duration.ofSeconds(10)).exitCode())
                .as("the connection still works")
                .isZero();
    }

    @Test
    void listReadAndStat() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(ODD));
        Files.writeString(dir.resolve("b.conf"), "b\n");
        Files.write(dir.resolve("a.fs"), new byte[] {0, 1, 2, (byte) 255, '\r', '\n'});
        Files.createDirectory(dir.resolve("c"));
        Files.writeString(dir.resolve("ünï code"), "");
        Files.setPosixFilePermissions(dir.resolve("b.conf"), PosixFilePermissions.fromString("rw-r-----"));

        assertThat(host.list(dir.toString())).containsExactly("a.fs", "b.conf", "c", "ünï code");
        assertThat(host.list(dir.resolve("missing").toString())).isEmpty();
        assertThat(host.read(dir.resolve("a.fs").toString())).containsExactly(0, 1, 2, 255, '\r', '\n');
        FileStat st = host.stat(dir.resolve("b.conf").toString()).orElseThrow();
        assertThat(st.size()).isEqualTo(2);
        assertThat(st.mode()).isEqualTo(0640);
        assertThat(st.uid()).isEqualTo(Files.getAttribute(dir.resolve("b.conf"), "unix:uid"));
        assertThat(st.directory()).isFalse();
        assertThat(host.stat(dir.resolve("c").toString()).orElseThrow().directory())
                .isTrue();
        assertThat(host.stat(dir.resolve("nope").toString())).isEmpty();
        assertThatThrownBy(() -> host.read(dir.resolve("nope").toString())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writeAtomicallyReplacesTheContentKeepingOwnerGroupAndMode() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(ODD));
        Path conf = dir.resolve("zope.conf");
        Files.writeString(conf, "old\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        // root's connection gives the file away, as a buildout owned by another user would be.
        Files.setAttribute(conf, "unix:uid", 65534);
        Files.setAttribute(conf, "unix:gid", 65534);

        byte[] content = "read-only true\n$x `y` 'z' ü\n".getBytes(StandardCharsets.UTF_8);
        host.writeAtomically(conf.toString(), content);

        assertThat(Files.readAllBytes(conf)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
                .isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(conf, "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(conf, "unix:gid")).isEqualTo(65534);
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .containsExactly("zope.conf");
        }
        assertThatThrownBy(() -> host.writeAtomically(dir.resolve("absent").toString(), content))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }

    @Test
    void writeAtomicallyIsARenameNotAnOverwrite() throws Exception {
        Path conf = tmp.resolve("zeo.conf");
        Files.writeString(conf, "old\n");
        Object inodeBefore = Files.getAttribute(conf, "unix:ino");
        host.writeAtomically(conf.toString(), "new\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.getAttribute(conf, "unix:ino")).isNotEqualTo(inodeBefore);
        assertThat(Files.readString(conf)).isEqualTo("new\n");
    }

    @Test
    void createFileWritesANewFileWithTheModeAndNeverReplacesOne() throws Exception {
        Path backup = tmp.resolve("zope.conf.zeofreeze-20260101T000000Z.bak");
        host.createFile(backup.toString(), "backup\n".getBytes(StandardCharsets.UTF_8), 0600);
        assertThat(Files.readString(backup)).isEqualTo("backup\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");

        assertThatThrownBy(() -> host.createFile(backup.toString(), "other".getBytes(StandardCharsets.UTF_8), 0644))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(backup)).isEqualTo("backup\n");
        try (var entries = Files.list(tmp)) {
            assertThat(entries.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void makeDirectoriesCreatesParentsAndAcceptsExistingOnes() throws Exception {
        Path deep = tmp.resolve(ODD).resolve("var/zeofreeze/ünï");
        host.makeDirectories(deep.toString());
        assertThat(Files.isDirectory(deep)).isTrue();
        host.makeDirectories(deep.toString());
        assertThat(host.isDirectory(deep.toString())).isTrue();
    }

    @Test
    void aLargeFileRoundTrips() throws Exception {
        Path big = tmp.resolve("Data.fs");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Files.writeString(big, "x");
        host.writeAtomically(big.toString(), content);
        assertThat(Files.readAllBytes(big)).isEqualTo(content);
        assertThat(host.read(big.toString())).isEqualTo(content);
    }

    /** Processes running this program with exactly these arguments (not a shell whose command line mentions them). */
    static long processesRunning(String program, String... args) {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/" + program)).orElse(false)
                                && Arrays.equals(p.info().arguments().orElse(new String[0]), args))
                .count();
    }

    @Test
    void aSymlinkedFileStaysALinkAndKeepsItsExtendedAttributesAndAcl() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path real = Files.writeString(shared.resolve("zope.conf"), "old\n");
        local("setfattr", "-n", "user.origin", "-v", "buildout", real.toString());
        local("setfacl", "-m", "u:nobody:r", real.toString());
        Path dir = Files.createDirectories(tmp.resolve(ODD));
        Path link = Files.createSymbolicLink(dir.resolve("zope.conf"), real);

        host.writeAtomically(
                link.toString(), "new\n".getBytes(StandardCharsets.UTF_8), "old\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
        assertThat(local("getfattr", "--only-values", "-n", "user.origin", real.toString()))
                .isEqualTo("buildout");
        assertThat(local("getfacl", "-c", real.toString())).contains("user:nobody:r--");
        try (var entries = Files.list(shared)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .containsExactly("zope.conf");
        }
    }

    @Test
    void writeAtomicallyLeavesAFileThatIsNotWhatWasExpected() throws Exception {
        Path conf = Files.writeString(tmp.resolve("zeo.conf"), "edited meanwhile\n");

        assertThatThrownBy(() -> host.writeAtomically(
                        conf.toString(),
                        "new\n".getBytes(StandardCharsets.UTF_8),
                        "old\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileChangedException.class);

        assertThat(Files.readString(conf)).isEqualTo("edited meanwhile\n");
        try (var entries = Files.list(tmp)) {
            assertThat(entries.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void deleteFileRemovesAFileAndAMissingOneIsNoError() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(ODD));
        Path lock = Files.writeString(dir.resolve("run.lock"), "held\n");

        host.deleteFile(lock.toString());
        host.deleteFile(lock.toString());

        assertThat(lock).doesNotExist();
        assertThat(dir).isDirectory();
    }

    private static String local(String... argv) throws Exception {
        CommandResult r = new LocalHost().run(List.of(argv), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(String.join(" ", argv) + ": " + r.stderr()).isZero();
        return r.stdout();
    }
}
