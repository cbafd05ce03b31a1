package org.zeofreeze.host.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeofreeze.host.CommandResult;
import org.zeofreeze.host.FileChangedException;
import org.zeofreeze.host.FileStat;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.testbed.TestSshd;
import org.zeofreeze.testbed.TestUsers;

/**
 * A buildout owned by another user, reached with {@code sudo -n -u USER}: every file operation and
 * command runs as that user. The test logs in as root (as CI runs) and sudoes to a test user.
 */
class SshSudoIT {
    private static final String USER = "zeofreeze-test";

    private static TestSshd sshd;
    private static SshHost host;
    private static int uid;
    private static int gid;
    private static Path buildout;

    @BeforeAll
    static void start() throws Exception {
        uid = TestUsers.ensure(USER);
        gid = TestUsers.gid(USER);
        sshd = TestSshd.start();
        host = new SshConnector(sshd.settings()).connect(sshd.target().withSudoUser(USER));
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        sshd.close();
    }

    /** A directory only the test user may enter, as a buildout in its home would be. */
    @BeforeEach
    void buildoutOwnedByTheUser() throws Exception {
        Path base = Files.createTempDirectory("zeofreeze-sudo-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        buildout = Files.createDirectory(base.resolve("zeo cluster; $HOME"));
        chown(buildout);
        Files.setPosixFilePermissions(buildout, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void commandsRunAsTheSudoUserWithArgumentsIntact() throws Exception {
        assertThat(host.run(List.of("id", "-un"), Duration.ofSeconds(10))
                        .stdout()
                        .trim())
                .isEqualTo(USER);
        List<String> args = List.of("a b", "it's", "$HOME", "`id`", "x;y", "", "new\nline");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(args);
        String out = host.run(argv, Duration.ofSeconds(10)).stdout();
        assertThat(Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1)))
                .isEqualTo(args);
    }

    @Test
    void readsListsAndStatsFilesOnlyThatUserCanReach() throws Exception {
        Path conf = buildout.resolve("zope.conf");
        Files.writeString(conf, "secret\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        chown(conf);
        Files.write(buildout.resolve("with\nnewline"), new byte[] {(byte) 0xff, 0, '\n'});
        chown(buildout.resolve("with\nnewline"));

        assertThat(host.read(conf.toString())).isEqualTo("secret\n".getBytes(StandardCharsets.UTF_8));
        assertThat(host.read(buildout.resolve("with\nnewline").toString())).containsExactly(0xff, 0, '\n');
        assertThat(host.list(buildout.toString())).containsExactly("with\nnewline", "zope.conf");
        assertThat(host.list(buildout.resolve("missing").toString())).isEmpty();
        FileStat st = host.stat(conf.toString()).orElseThrow();
        assertThat(st.uid()).isEqualTo(uid);
        assertThat(st.mode()).isEqualTo(0600);
        assertThat(st.size()).isEqualTo(7);
        assertThat(st.directory()).isFalse();
        assertThat(host.stat(buildout.toString()).orElseThrow().directory()).isTrue();
        assertThat(host.stat(buildout.resolve("nope").toString())).isEmpty();
        assertThatThrownBy(() -> host.read(buildout.resolve("nope").toString()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writeAtomicallyKeepsOwnerAndMode() throws Exception {
        Path conf = buildout.resolve("zeo.conf");
        Files.writeString(conf, "old\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        chown(conf);
        Object inode = Files.getAttribute(conf, "unix:ino");

        byte[] content = "read-only true\n\0binary\u00ff".getBytes(StandardCharsets.UTF_8);
        host.writeAtomically(conf.toString(), content);

        assertThat(Files.readAllBytes(conf)).isEqualTo(content);
        assertThat(Files.getAttribute(conf, "unix:uid")).isEqualTo(uid);
        assertThat(Files.getAttribute(conf, "unix:gid")).isEqualTo(gid);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
                .isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(conf, "unix:ino"))
                .as("renamed into place")
                .isNotEqualTo(inode);
        try (var entries = Files.list(buildout)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("zeo.conf");
        }
    }

    @Test
    void aFileOfAnotherOwnerCannotBeWrittenWithoutChangingItsOwner() throws Exception {
        Path rootsFile = buildout.resolve("root.conf");
        Files.writeString(rootsFile, "root's\n");
        Files.setPosixFilePermissions(rootsFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> host.writeAtomically(rootsFile.toString(), "x".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("cannot keep the owner and group")
                .hasMessageContaining(USER);
        assertThat(Files.readString(rootsFile)).isEqualTo("root's\n");
        try (var entries = Files.list(buildout)) {
            assertThat(entries.count()).as("temporary file removed").isEqualTo(1);
        }
    }

    @Test
    void createFileAndMakeDirectoriesAsTheUser() throws Exception {
        Path dir = buildout.resolve("var/zeofreeze/run 1");
        host.makeDirectories(dir.toString());
        assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(uid);
        Path backup = dir.resolve("zope.conf.bak");
        host.createFile(backup.toString(), "backup\n".getBytes(StandardCharsets.UTF_8), 0640);
        assertThat(Files.readString(backup)).isEqualTo("backup\n");
        assertThat(Files.getAttribute(backup, "unix:uid")).isEqualTo(uid);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-r-----");
        assertThatThrownBy(() -> host.createFile(backup.toString(), "again".getBytes(StandardCharsets.UTF_8), 0600))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(backup)).isEqualTo("backup\n");
        try (var entries = Files.list(dir)) {
            assertThat(entries.count()).isEqualTo(1);
        }
    }

    @Test
    void withoutSudoTheLoginUserCannotReadWhatOnlyTheBuildoutUserMay() throws Exception {
        // The same file, read as the sudo user and as a user who is neither root nor the owner.
        Path conf = buildout.resolve("zope.conf");
        Files.writeString(conf, "x");
        chown(conf);
        try (SshHost asNobody =
                new SshConnector(sshd.settings()).connect(sshd.target().withSudoUser("nobody"))) {
            assertThatThrownBy(() -> asNobody.read(conf.toString()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("nobody");
        }
        assertThat(host.read(conf.toString())).containsExactly('x');
    }

    @Test
    void anUnknownSudoUserIsAClearError() throws Exception {
        try (SshHost bad =
                new SshConnector(sshd.settings()).connect(sshd.target().withSudoUser("no-such-user-zf"))) {
            assertThatThrownBy(() -> bad.read("/etc/hostname"))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("sudo -n -u no-such-user-zf")
                    .hasMessageContaining("unknown user");
        }
    }

    private static void chown(Path p) throws Exception {
        Files.setAttribute(p, "unix:uid", uid);
        Files.setAttribute(p, "unix:gid", gid);
    }

    @Test
    void aSymlinkedFileStaysALinkAndKeepsItsExtendedAttributesAndAcl() throws Exception {
        Path shared = Files.createDirectory(buildout.resolve("shared"));
        chown(shared);
        Path real = Files.writeString(shared.resolve("zope.conf"), "old\n");
        chown(real);
        local("setfattr", "-n", "user.origin", "-v", "buildout", real.toString());
        local("setfacl", "-m", "u:nobody:r", real.toString());
        Path link = Files.createSymbolicLink(buildout.resolve("zope.conf"), real);

        host.writeAtomically(
                link.toString(), "new\n".getBytes(StandardCharsets.UTF_8), "old\n".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new\n");
        assertThat(Files.getAttribute(real, "unix:uid")).isEqualTo(uid);
        assertThat(local("getfattr", "--only-values", "-n", "user.origin", real.toString()))
                .isEqualTo("buildout");
        assertThat(local("getfacl", "-c", real.toString())).contains("user:nobody:r--");
        try (var entries = Files.list(shared)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("zope.conf");
        }
    }

    @Test
    void writeAtomicallyLeavesAFileThatIsNotWhatWasExpected() throws Exception {
        Path conf = Files.writeString(buildout.resolve("zeo.conf"), "edited meanwhile\n");
        chown(conf);

        assertThatThrownBy(() -> host.writeAtomically(
                        conf.toString(),
                        "new\n".getBytes(StandardCharsets.UTF_8),
                        "old\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileChangedException.class);

        assertThat(Files.readString(conf)).isEqualTo("edited meanwhile\n");
        try (var entries = Files.list(buildout)) {
            assertThat(entries.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void deleteFileRemovesAFileAsTheUserAndAMissingOneIsNoError() throws Exception {
        Path lock = Files.writeString(buildout.resolve("run.lock"), "held\n");
        chown(lock);

        host.deleteFile(lock.toString());
        host.deleteFile(lock.toString());

        assertThat(lock).doesNotExist();
    }

    private static String local(String... argv) throws Exception {
        CommandResult r = new LocalHost().run(List.of(argv), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(String.join(" ", argv) + ": " + r.stderr()).isZero();
        return r.stdout();
    }
}
