package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

/** The patch a person reviews is the change that is made: GNU patch applies it to the very same bytes. */
class PatchAppliesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"guide, FREEZE", "generated, FREEZE", "odd, FREEZE", "odd, THAW"})
    void gnuPatchTurnsEveryFileIntoWhatApplyWouldWrite(String fixture, Mode mode) throws Exception {
        Path buildout = Fixtures.buildout(fixture, dir.resolve("b"));
        Plan plan = Engines.plan(buildout, Selection.parse(mode, List.of()));
        assertThat(plan.changes()).isNotEmpty();
        patch(buildout, plan.patch("local"), true);
        patch(buildout, plan.patch("local"), false);
        for (FileChange change : plan.changes()) {
            assertThat(Files.readAllBytes(Path.of(change.path())))
                    .as(change.relativePath())
                    .isEqualTo(change.after());
        }
    }

    @Test
    void aChangeAtTheEndOfAFileWithoutFinalNewlineCarriesTheMarker() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("parts/zeoserver/etc"));
        Files.writeString(
                etc.resolve("zeo.conf"),
                "<zeo>\n  address 8100\n</zeo>\n<filestorage 1>\n  path /d.fs\n"
                        + "</filestorage>\n<filestorage site>\n  path /s.fs\n</filestorage>");
        Path client = Files.createDirectories(dir.resolve("parts/client1/etc"));
        Files.writeString(
                client.resolve("zope.conf"),
                "<zodb_db main>\n<zeoclient>\nserver 8100\n</zeoclient>\n"
                        + "mount-point /\n</zodb_db>\n<zodb_db site>\n<zeoclient>\nserver 8100\nstorage site\n</zeoclient>\n"
                        + "mount-point /site\n</zodb_db>");
        Plan plan = Engines.plan(dir, Selection.freeze("site"));
        assertThat(plan.patch("local")).contains("\n </filestorage>\n\\ No newline at end of file\n");
        patch(dir, plan.patch("local"), false);
        assertThat(Files.readString(etc.resolve("zeo.conf")))
                .endsWith("  path /s.fs\n  read-only true\n</filestorage>");
        assertThat(Files.readString(client.resolve("zope.conf")))
                .endsWith("storage site\nread-only true\n</zeoclient>\nmount-point /site\n</zodb_db>");
    }

    @Test
    void aFileIncludedFromOutsideTheBuildoutHasAPatchOfItsOwnNamedFromTheRoot() throws Exception {
        Path buildout = dir.resolve("b");
        Path shared = Files.createDirectories(dir.resolve("etc-shared")).resolve("catalog-db.conf");
        Files.writeString(
                shared,
                "<zodb_db catalog>\n<zeoclient>\nserver 8100\nstorage catalog\n</zeoclient>\n"
                        + "mount-point /catalog\n</zodb_db>\n");
        Path etc = Files.createDirectories(buildout.resolve("parts/zeoserver/etc"));
        Files.writeString(
                etc.resolve("zeo.conf"),
                "<zeo>\n  address 8100\n</zeo>\n<filestorage 1>\n  path /d.fs\n"
                        + "</filestorage>\n<filestorage catalog>\n  path /c.fs\n</filestorage>\n");
        Path client = Files.createDirectories(buildout.resolve("parts/client1/etc"));
        Files.writeString(
                client.resolve("zope.conf"),
                "<zodb_db main>\n<zeoclient>\nserver 8100\n</zeoclient>\n" + "mount-point /\n</zodb_db>\n%include "
                        + shared + "\n");
        Plan plan = Engines.plan(buildout, Selection.freeze("catalog"));

        assertThat(plan.outsideFiles()).extracting(FileChange::path).containsExactly(shared.toString());
        assertThat(plan.patch("local")).doesNotContain(shared.toString().substring(1));
        String outside = plan.outsidePatch("local");
        assertThat(outside)
                .startsWith("--- a/" + shared.toString().substring(1) + "\n+++ b/"
                        + shared.toString().substring(1));
        patch(buildout, plan.patch("local"), false);
        patch(Path.of("/"), outside, false);
        for (FileChange change : plan.changes()) {
            assertThat(Files.readAllBytes(Path.of(change.path())))
                    .as(change.path())
                    .isEqualTo(change.after());
        }
    }

    private static void patch(Path buildout, String patch, boolean dryRun) throws IOException, InterruptedException {
        ProcessBuilder pb = dryRun
                ? new ProcessBuilder("patch", "-p1", "--dry-run", "--batch")
                : new ProcessBuilder("patch", "-p1", "--batch");
        Process p = pb.directory(buildout.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().write(patch.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("patch said:%n%s", output).isZero();
        assertThat(output).doesNotContain("Hunk", "fuzz", "offset");
    }
}
