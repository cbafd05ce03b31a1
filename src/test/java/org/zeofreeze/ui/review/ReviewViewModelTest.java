package org.zeofreeze.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.MoveFixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.Session;

class ReviewViewModelTest {
    @TempDir
    Path dir;

    @Test
    void everyChangedFileShowsOnlyTheReadOnlyLinesOfTheChosenStorage() throws Exception {
        Session session = ViewModels.planned(
                Fixtures.copyTree("odd", dir.resolve("b")), dir.resolve("p"), Selection.freeze("zeoserver/catalog"));
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        assertThat(model.files())
                .extracting(FileEntry::label)
                .containsExactly(
                        "parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf");
        for (FileEntry file : model.files()) {
            assertThat(file.newChangedLines())
                    .as(file.label())
                    .singleElement()
                    .satisfies(line -> assertThat(line.strip()).isEqualToIgnoringCase("read-only true"));
            assertThat(file.changedLines()).isEqualTo(1);
        }
        assertThat(model.selectedProperty().get()).isSameAs(model.files().get(0));
        assertThat(model.readyProperty().get()).isTrue();
    }

    @Test
    void exportWritesOnePatchPerHostThatIsThePlansPatch() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        List<Path> written = model.exportPatches(dir.resolve("out"));
        assertThat(written).containsExactly(dir.resolve("out/zeofreeze-freeze-local.patch"));
        assertThat(Files.readString(written.get(0)))
                .isEqualTo(session.planProperty().get().patch("local"));
        model.exportPatchesTo(dir.resolve("out2"));
        assertThat(model.messageProperty().get())
                .startsWith("Wrote 1 patch file")
                .contains("patch -p1");
    }

    @Test
    void copyTakesTheSelectedFilesDiff() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        model.selectedProperty().set(model.files().get(2));
        assertThat(model.copyText())
                .isEqualTo(model.files().get(2).change().diff())
                .contains("+++ b/parts/client2/etc/zope.conf");
    }

    @Test
    void filesWithTheSameChangeAreOneRowThatOpensToListEachOfThem() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        assertThat(model.files()).hasSize(3); // every file is still there to review and copy
        assertThat(model.rows())
                .extracting(r -> r.file().label())
                .containsExactly("parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf");
        ReviewRow clients = model.rows().get(1);
        assertThat(clients.sameChange()).extracting(FileEntry::label).containsExactly("parts/client2/etc/zope.conf");
        assertThat(clients.appliesTo()).isEqualTo("the same change in 2 files");

        model.toggle(clients);
        assertThat(model.isOpen(clients)).isTrue();
        assertThat(model.rows())
                .extracting(r -> r.file().label() + (r.member() ? " (member)" : ""))
                .containsExactly(
                        "parts/zeoserver/etc/zeo.conf",
                        "parts/client1/etc/zope.conf",
                        "parts/client2/etc/zope.conf (member)");
        model.selectedProperty().set(model.rows().get(2).file());
        assertThat(model.copyText()).contains("+++ b/parts/client2/etc/zope.conf"); // its own diff, not the first's

        model.toggle(clients);
        assertThat(model.rows()).hasSize(2);
        assertThat(model.selectedProperty().get()).isSameAs(clients.file()); // a folded-away file is no longer selected
    }

    @Test
    void aFilesRowsAndDiffAreMadeOnceWhenFirstAskedFor() throws Exception {
        Session session =
                ViewModels.planned(Fixtures.copyTree("guide", dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        FileEntry file = model.files().get(1);
        assertThat(file.rows()).isSameAs(file.rows()).anyMatch(DiffRow::changed);
        assertThat(file.diff()).isSameAs(file.diff());
    }

    @Test
    void aMoveListsTheFreezeThenTheTargetsZeoConfAndTheClientsInEachPhase() throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Path target = MoveFixtures.target(dir.resolve("new"));
        // A secret of the target's own: masked in its diff as the page masks the cluster's.
        Files.writeString(
                target.resolve("parts/zeoserver/etc/zeo.conf"),
                "%define ADMINPASSWORD s3cret-of-the-target\n"
                        + Files.readString(target.resolve("parts/zeoserver/etc/zeo.conf")));
        Session session = ViewModels.moving(
                MoveFixtures.profile(buildout, target), buildout, dir.resolve("p"), Selection.freeze());
        ReviewViewModel model = new ReviewViewModel(session);
        model.entered();
        String serve = MovePlan.Phase.SERVE.text();
        String writable = MovePlan.Phase.WRITABLE.text();
        assertThat(model.rows())
                .extracting(r -> r.file().phase() + " | " + r.file().label())
                .containsExactly(
                        ReviewViewModel.FREEZE_PHASE + " | local: parts/zeoserver/etc/zeo.conf",
                        ReviewViewModel.FREEZE_PHASE + " | local: parts/client1/etc/zope.conf",
                        serve + " | new: parts/zeoserver/etc/zeo.conf",
                        serve + " | local: parts/client1/etc/zope.conf",
                        writable + " | new: parts/zeoserver/etc/zeo.conf",
                        writable + " | local: parts/client1/etc/zope.conf");
        FileEntry targetServe = model.rows().get(2).file();
        assertThat(targetServe.change().path())
                .isEqualTo(target.resolve("parts/zeoserver/etc/zeo.conf").toString());
        assertThat(targetServe.newChangedLines()).contains("<filestorage deepereconomics.org>", "  read-only true");
        FileEntry targetWritable = model.rows().get(4).file();
        assertThat(targetWritable.rows())
                .filteredOn(DiffRow::changed)
                .singleElement()
                .satisfies(r -> assertThat(r.oldText()).isEqualTo("  read-only true"));
        assertThat(targetServe.diff()).doesNotContain("s3cret-of-the-target");
        assertThat(targetServe.rows())
                .noneMatch(r -> String.valueOf(r.newText()).contains("s3cret-of-the-target"));
        assertThat(model.notes()).anyMatch(n -> n.contains("old server keeps the moved storages read-only"));

        // Export: the freeze's patch, then one per phase and host.
        assertThat(model.exportPatches(dir.resolve("out")))
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "zeofreeze-freeze-local.patch",
                        "zeofreeze-move-serve-new.patch",
                        "zeofreeze-move-serve-local.patch",
                        "zeofreeze-move-writable-new.patch",
                        "zeofreeze-move-writable-local.patch");
    }
}
