package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;

class ChangeGroupTest {
    @TempDir
    Path dir;

    private static final String HUNK =
            "@@ -3,3 +3,4 @@\n   <zeoclient>\n     storage 1\n+    read-only true\n     server zeo:8100\n";

    private static FileChange change(String host, String relative, String hunks, String summary) {
        String diff = "--- a/" + relative + "\n+++ b/" + relative + "\n" + hunks;
        byte[] bytes = relative.getBytes(StandardCharsets.UTF_8);
        return new FileChange(
                host, "/srv/" + relative, relative, bytes, bytes, Hashes.sha256(bytes), List.of(summary), diff);
    }

    @Test
    void filesWithTheSameHunksAndSummaryOnAnyHostAreOneGroup() {
        FileChange zeo = change(
                "a", "parts/zeoserver/etc/zeo.conf", "@@ -1 +1,2 @@\n <filestorage>\n+  read-only true\n", "zeo");
        FileChange c1 = change("a", "parts/client1/etc/zope.conf", HUNK, "client");
        FileChange c2 = change("a", "parts/client2/etc/zope.conf", HUNK, "client");
        FileChange c3 = change("b", "parts/client1/etc/zope.conf", HUNK, "client");

        List<ChangeGroup> groups = ChangeGroup.of(List.of(zeo, c1, c2, c3));

        assertThat(groups).extracting(ChangeGroup::files).containsExactly(List.of(zeo), List.of(c1, c2, c3));
        assertThat(groups.get(0).shared()).isFalse();
        assertThat(groups.get(1).shared()).isTrue();
        assertThat(groups.get(1).first()).isSameAs(c1);
        assertThat(groups.get(1).hunks()).isEqualTo(HUNK).doesNotContain("client1");
    }

    @Test
    void aDifferentLineNumberEditOrSummaryKeepsFilesApart() {
        FileChange base = change("a", "parts/client1/etc/zope.conf", HUNK, "client");
        FileChange elsewhere =
                change("a", "parts/client2/etc/zope.conf", HUNK.replace("-3,3 +3,4", "-9,3 +9,4"), "client");
        FileChange otherEdit = change(
                "a",
                "parts/client3/etc/zope.conf",
                HUNK.replace("+    read-only true", "+    read-only false"),
                "client");
        FileChange otherPlace = change(
                "a",
                "parts/client4/etc/zope.conf",
                "@@ -3,3 +3,4 @@\n   <zeoclient>\n+    read-only true\n     storage 1\n     server zeo:8100\n",
                "client");
        FileChange otherSummary = change("a", "parts/client5/etc/zope.conf", HUNK, "another storage");

        assertThat(ChangeGroup.of(List.of(base, elsewhere, otherEdit, otherPlace, otherSummary)))
                .hasSize(5)
                .allSatisfy(g -> assertThat(g.shared()).isFalse());
    }

    @Test
    void contextLinesThatNameTheClientDoNotSeparateTheSameEdit() {
        FileChange c1 =
                change("a", "parts/client1/etc/zope.conf", HUNK.replace("storage 1", "var /srv/var/client1"), "client");
        FileChange c2 =
                change("a", "parts/client2/etc/zope.conf", HUNK.replace("storage 1", "var /srv/var/client2"), "client");

        List<ChangeGroup> groups = ChangeGroup.of(List.of(c1, c2));

        assertThat(groups).singleElement().satisfies(g -> assertThat(g.files()).containsExactly(c1, c2));
        assertThat(groups.get(0).hunks()).contains("var /srv/var/client1"); // shown as the first file has it
    }

    @Test
    void theGuidesTwoClientsShareOneChangeAndTheirPatchesStayWhole() throws Exception {
        Plan plan = Engines.plan(Fixtures.buildout("guide", dir), Selection.freeze());

        List<ChangeGroup> groups = ChangeGroup.of(plan.changes());

        assertThat(groups)
                .extracting(
                        g -> g.files().stream().map(FileChange::relativePath).toList())
                .containsExactly(
                        List.of("parts/zeoserver/etc/zeo.conf"),
                        List.of("parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf"));
        // Grouping is for reading: each file keeps its own diff, header included.
        assertThat(groups.get(1).files().get(1).diff()).startsWith("--- a/parts/client2/etc/zope.conf\n");
        assertThat(plan.patch("local"))
                .contains("+++ b/parts/client1/etc/zope.conf", "+++ b/parts/client2/etc/zope.conf");
    }
}
