package org.zeofreeze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.GeneratorFixtures;
import picocli.CommandLine;

/** A plonex project on the command line: its files are refused, with exit 2 and nothing written, unless the profile opts in. */
class GeneratedFilesCommandTest {
    @TempDir
    Path dir;

    Path project;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ZeoFreezeCommand.commandLine(new BufferedReader(new StringReader("")));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** plonex's files, with a catalog storage added by hand to its zeo.conf (its template has none). */
    @BeforeEach
    void plonexProject() {
        project = GeneratorFixtures.lay("plonex", dir.resolve("project"));
        GeneratorFixtures.append(project.resolve("tmp/zeoserver/etc/zeo.conf"), """

                <filestorage catalog>
                  path %1$s/var/filestorage/catalog.fs
                  blob-dir %1$s/var/blobstorage-catalog
                </filestorage>
                """.formatted(project));
    }

    @Test
    void planAndApplyRefuseAFileWrittenAgainAtEveryStartAndWriteNothing() {
        Map<String, byte[]> before = Fixtures.snapshot(project);
        for (Run r : new Run[] {
            run("plan", "-b", project.toString(), "--freeze", "catalog"),
            run("apply", "-b", project.toString(), "--freeze", "catalog", "--config-only", "--yes")
        }) {
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("zeofreeze: " + project + "/tmp/zeoserver/etc/zeo.conf, line ")
                    .contains(
                            "ZeoFreeze does not edit this file",
                            "plonex writes it again from its template",
                            "\"editGeneratedFiles\": true")
                    .doesNotContain("Exception", "\tat ");
        }
        assertThat(Fixtures.snapshot(project)).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aProfileThatOptsInGetsThePlanWithANoteForEachFile() throws Exception {
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, """
                {"name": "plonex", "hosts": [{"name": "local", "buildoutDir": "%s"}], "editGeneratedFiles": true}
                """.formatted(project));
        Run r = run("plan", "--profile", profile.toString(), "--freeze", "catalog");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "+++ b/tmp/zeoserver/etc/zeo.conf",
                        "+++ b/tmp/runwsgi/etc/zope.conf",
                        "Note: tmp/zeoserver/etc/zeo.conf is plonex's ZEO configuration of its service 'zeoserver' and is edited "
                                + "because the profile sets editGeneratedFiles",
                        "Note: tmp/runwsgi/etc/zope.conf is plonex's Zope configuration of its service 'runwsgi'");
    }
}
