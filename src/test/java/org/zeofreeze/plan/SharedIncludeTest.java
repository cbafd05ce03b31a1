package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.testing.Engines;

/** A line that a shared %include gives to several sections is never edited for one of them only. */
class SharedIncludeTest {
    @TempDir
    Path buildout;

    private static final String ZEO = """
            <zeo>
              address 8100
            </zeo>
            <filestorage 1>
              path /srv/Data.fs
            </filestorage>
            <filestorage catalog>
              path /srv/catalog.fs
            </filestorage>
            <filestorage images>
              path /srv/images.fs
            </filestorage>
            """;

    private void write(String common, String... mounted) throws Exception {
        Path zeo = Files.createDirectories(buildout.resolve("parts/zeoserver/etc"));
        Files.writeString(zeo.resolve("zeo.conf"), ZEO);
        Path client = Files.createDirectories(buildout.resolve("parts/client1/etc"));
        StringBuilder zope = new StringBuilder("""
                <zodb_db main>
                  mount-point /
                  <zeoclient>
                    storage 1
                    %include ../../../zeoclient-common.conf
                  </zeoclient>
                </zodb_db>
                """);
        for (String name : mounted) {
            zope.append("<zodb_db ")
                    .append(name)
                    .append(">\n  mount-point /")
                    .append(name)
                    .append("\n  <zeoclient>\n")
                    .append("    storage ")
                    .append(name)
                    .append("\n    %include ../../../zeoclient-common.conf\n")
                    .append("  </zeoclient>\n</zodb_db>\n");
        }
        Files.writeString(client.resolve("zope.conf"), zope);
        Files.writeString(buildout.resolve("zeoclient-common.conf"), common);
    }

    @Test
    void aReadOnlyLineSharedWithTheRootIsNotEditedAndThePersonIsToldWhatToDo() throws Exception {
        write("server 8100\nread-only false\n", "catalog");
        Path common = buildout.resolve("zeoclient-common.conf");
        byte[] before = Files.readAllBytes(common);
        assertThatThrownBy(() -> Engines.plan(buildout, Selection.freeze("catalog")))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith(common + ", line 2 ('read-only false') is read by 2 sections")
                                .contains("<zeoclient> at " + buildout.resolve("parts/client1/etc/zope.conf")
                                        + ":3 inside <zodb_db main>")
                                .contains("<zodb_db catalog>")
                                .contains("Move the read-only line out of the shared file into each section"));
        assertThat(Files.readAllBytes(common)).isEqualTo(before);
    }

    @Test
    void aSharedLineIsEditedOnceWhenEverySectionReadingItIsChosen() throws Exception {
        write("server 8100\nread-only false\n", "catalog", "images");
        // The root does not read this copy: only the mounted databases include the file in this layout.
        Path zope = buildout.resolve("parts/client1/etc/zope.conf");
        String text = Files.readString(zope)
                .replaceFirst(
                        "    %include ../../../zeoclient-common.conf\n", "    server 8100\n    read-only false\n");
        Files.writeString(zope, text);
        Plan plan = Engines.plan(buildout, Selection.freeze("catalog", "images"));
        FileChange common = plan.changes().stream()
                .filter(c -> c.path().endsWith("zeoclient-common.conf"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(common.after(), StandardCharsets.UTF_8)).isEqualTo("server 8100\nread-only true\n");
        assertThat(plan.selected())
                .containsExactlyInAnyOrder(
                        new StorageId("local", "zeoserver", "catalog"), new StorageId("local", "zeoserver", "images"));
    }

    @Test
    void aSharedFileWithoutReadOnlyGetsTheLineInTheChosenSectionOnly() throws Exception {
        write("server 8100\n", "catalog");
        Plan plan = Engines.plan(buildout, Selection.freeze("catalog"));
        assertThat(plan.changes()).noneMatch(c -> c.path().endsWith("zeoclient-common.conf"));
        FileChange zope = plan.changes().stream()
                .filter(c -> c.path().endsWith("zope.conf"))
                .findFirst()
                .orElseThrow();
        assertThat(zope.diff()).contains("+    read-only true");
        assertThat(zope.changedLines()).isEqualTo(1);
    }

    @Test
    void aSectionWrittenInAFileIncludedByTwoDatabasesOfTheSameStorageGetsOneNewLine() throws Exception {
        Path zeo = Files.createDirectories(buildout.resolve("parts/zeoserver/etc"));
        Files.writeString(zeo.resolve("zeo.conf"), ZEO);
        Path client = Files.createDirectories(buildout.resolve("parts/client1/etc"));
        Files.writeString(buildout.resolve("zc.conf"), "<zeoclient>\n  server 8100\n  storage catalog\n</zeoclient>\n");
        Files.writeString(client.resolve("zope.conf"), """
                <zodb_db main>
                  mount-point /
                  <zeoclient>
                    server 8100
                    storage 1
                  </zeoclient>
                </zodb_db>
                <zodb_db catalog>
                  mount-point /catalog
                  %include ../../../zc.conf
                </zodb_db>
                <zodb_db catalog2>
                  mount-point /catalog2
                  %include ../../../zc.conf
                </zodb_db>
                """);
        Plan plan = Engines.plan(buildout, Selection.freeze("catalog"));
        FileChange zc = plan.changes().stream()
                .filter(c -> c.path().endsWith("zc.conf"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(zc.after(), StandardCharsets.UTF_8))
                .isEqualTo("<zeoclient>\n  server 8100\n  storage catalog\n  read-only true\n</zeoclient>\n");
    }
}
