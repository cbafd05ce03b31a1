package org.zeofreeze.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a config file on this computer keeps everything about it but its content. */
class LocalHostWriteTest {
    @TempDir
    Path dir;

    final LocalHost local = new LocalHost();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    String sh(String... argv) throws Exception {
        CommandResult r = local.run(List.of(argv), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(String.join(" ", argv) + ": " + r.stderr()).isZero();
        return r.stdout();
    }

    List<String> leftovers(Path in) throws Exception {
        try (Stream<Path> files = Files.list(in)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains("zeofreeze-tmp"))
                    .toList();
        }
    }

    @Test
    void aSymlinkedFileStaysASymlinkAndItsTargetIsReplacedInItsOwnDirectory() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path real = Files.writeString(shared.resolve("zope.conf"), "read-only false\n");
        Path etc = Files.createDirectories(dir.resolve("parts/client1/etc"));
        Path link = Files.createSymbolicLink(etc.resolve("zope.conf"), real);

        local.writeAtomically(link.toString(), utf8("read-only true\n"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(real);
        assertThat(real).hasContent("read-only true");
        assertThat(leftovers(shared)).isEmpty();
        assertThat(leftovers(etc)).isEmpty();
    }

    @Test
    void modeOwnerExtendedAttributesAndAclsAreKept() throws Exception {
        Path f = Files.writeString(dir.resolve("zeo.conf"), "read-only false\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        sh("setfattr", "-n", "user.origin", "-v", "buildout", f.toString());
        sh("setfacl", "-m", "u:nobody:r", f.toString());
        boolean root = "0".equals(sh("id", "-u").strip());
        if (root) {
            sh("chown", "nobody:nogroup", f.toString());
        }
        FileStat before = local.stat(f.toString()).orElseThrow();

        local.writeAtomically(f.toString(), utf8("read-only true\n"));

        assertThat(f).hasContent("read-only true");
        FileStat after = local.stat(f.toString()).orElseThrow();
        assertThat(after.mode()).isEqualTo(before.mode());
        assertThat(after.uid()).isEqualTo(before.uid());
        assertThat(after.gid()).isEqualTo(before.gid());
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        assertThat(xattrs.list()).contains("origin");
        assertThat(sh("getfattr", "--only-values", "-n", "user.origin", f.toString()))
                .isEqualTo("buildout");
        assertThat(sh("getfacl", "-c", f.toString())).contains("user:nobody:r--");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aFileThatIsNotWhatTheWriterExpectsIsLeftAsItIsWithNoTemporaryFile() throws Exception {
        Path f = Files.writeString(dir.resolve("zope.conf"), "edited by someone\n");

        assertThatThrownBy(
                        () -> local.writeAtomically(f.toString(), utf8("read-only true\n"), utf8("read-only false\n")))
                .isInstanceOf(FileChangedException.class)
                .hasMessageContaining(f + " was changed by someone else");

        assertThat(f).hasContent("edited by someone");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void createFileRefusesATakenNameAndLeavesTheFileAsItIs() throws Exception {
        Path f = Files.writeString(dir.resolve("run.lock"), "theirs");

        assertThatThrownBy(() -> local.createFile(f.toString(), utf8("ours"), 0644))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(f).hasContent("theirs");
        assertThat(leftovers(dir)).isEmpty();
    }
}
