package org.zeofreeze.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.testing.Golden;

class PlannerTest {
    @TempDir
    Path dir;

    private Plan plan(String fixture, Selection choice) throws Exception {
        return Engines.plan(Fixtures.buildout(fixture, dir), choice);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "guide, freeze, '', guide-freeze-default.patch",
        "generated, freeze, '', generated-freeze-default.patch",
        "generated, freeze, 'catalog', generated-freeze-catalog.patch",
        "odd, freeze, '', odd-freeze-default.patch",
        "odd, freeze, 'zeoserver/catalog', odd-freeze-catalog.patch",
        "odd, thaw, '', odd-thaw-default.patch",
    })
    void patchesMatchTheReviewedGoldenFiles(String fixture, String mode, String names, String golden) throws Exception {
        Selection choice = Selection.parse(
                Mode.valueOf(mode.toUpperCase()), names.isEmpty() ? List.of() : List.of(names.split(",")));
        Golden.assertMatches(golden, plan(fixture, choice).patches().get("local"));
    }

    @Test
    void freezingByDefaultTakesEveryMountedStorageNotFrozenYet() throws Exception {
        Plan plan = plan("odd", Selection.freeze());
        assertThat(plan.selected())
                .containsExactly(
                        new StorageId("local", "zeoserver", "catalog"),
                        new StorageId("local", "zeoserver", "plone"),
                        new StorageId("local", "zeoserver2", "images"));
    }

    @Test
    void eachChangedFileSaysWhatChangesAndKeepsTheHashOfWhatWasRead() throws Exception {
        Plan plan = plan("guide", Selection.freeze("deepereconomics.org"));
        assertThat(plan.changes())
                .extracting(FileChange::relativePath)
                .containsExactly(
                        "parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf");
        FileChange zeo = plan.changes().get(0);
        assertThat(zeo.beforeSha256()).isEqualTo(Hashes.sha256(Files.readAllBytes(Path.of(zeo.path()))));
        assertThat(zeo.summary()).containsExactly("read-only true in <filestorage> of storage 'deepereconomics.org'");
        assertThat(zeo.changedLines()).isEqualTo(1);
    }

    @Test
    void onlyReadOnlyLinesChange() throws Exception {
        for (Plan plan : List.of(plan("odd", Selection.freeze()), Engines.plan(dir, Selection.thaw()))) {
            for (FileChange change : plan.changes()) {
                assertThat(change.diff().lines().filter(l -> l.matches("^[+-](?![+-]{2} ).*")))
                        .allSatisfy(l ->
                                assertThat(l.substring(1).strip().toLowerCase()).startsWith("read-only "));
            }
        }
    }

    @Test
    void anExistingReadOnlyLineIsFlippedNeverDuplicated() throws Exception {
        Plan plan = plan("guide", Selection.freeze());
        String client = new String(plan.changes().get(1).after());
        // the generated <zeoclient> of the root says 'read-only false'; the mounted one had no line
        assertThat(client.split("read-only true", -1)).hasSize(2);
        Path etc = dir.resolve("parts/client1/etc/zope.conf");
        Files.writeString(
                etc,
                Files.readString(etc)
                        .replace("storage deepereconomics.org\n", "storage deepereconomics.org\nread-only false\n"));
        FileChange flipped = Engines.plan(dir, Selection.freeze()).changes().get(1);
        assertThat(flipped.diff()).contains("-read-only false", "+read-only true");
        assertThat(new String(flipped.after()).split("read-only", -1)).hasSize(4); // main: 2 keys, catalog: 1
    }

    @Test
    void freezingTheRootIsRefusedWithTheReason() {
        assertThatThrownBy(() -> plan("guide", Selection.freeze("1")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("'1' is the root storage")
                .hasMessageContaining("mounted at / by client1")
                .hasMessageContaining("Zope writes to the root database at start-up");
    }

    @Test
    void anUnknownNameListsTheStoragesThereAre() {
        assertThatThrownBy(() -> plan("guide", Selection.freeze("catalog")))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith(
                        "there is no storage named 'catalog'; the cluster has: '1', 'deepereconomics.org' (write NAME");
    }

    @Test
    void storagesAlreadyFrozenEverywhereNeedNoChange() throws Exception {
        Plan plan = plan("odd", Selection.freeze("archive"));
        assertThat(plan.selected()).containsExactly(new StorageId("local", "zeoserver", "archive"));
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void thawIsTheReverseOfFreeze() throws Exception {
        Plan thaw = plan("odd", Selection.thaw("archive"));
        assertThat(thaw.changes()).hasSize(3);
        assertThat(thaw.changes().get(0).diff()).contains("-  READ-ONLY on");
        assertThat(thaw.changes().get(0).changedLines()).isEqualTo(1);
        assertThat(thaw.changes().get(1).diff()).contains("-        read-only true", "+        read-only false");
    }

    @Test
    void theServerWideZeoReadOnlyIsNeverWritten() throws Exception {
        Plan plan = plan("guide", Selection.freeze());
        assertThat(plan.changes().get(0).diff())
                .doesNotContain("read-only false")
                .contains("+  read-only true");
        assertThat(new String(plan.changes().get(0).after())).contains("<zeo>\n  address 8100\n  read-only false\n");
    }
}
