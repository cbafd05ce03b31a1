package org.zeofreeze.ui.choose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.ViewModels;

class ChooseViewModelTest {
    @TempDir
    Path dir;

    private ChooseViewModel enter(String fixture) throws Exception {
        Session session = ViewModels.discovered(Fixtures.copyTree(fixture, dir.resolve("b")), dir.resolve("p"));
        ChooseViewModel model = new ChooseViewModel(session);
        model.entered();
        return model;
    }

    private static StorageOption option(ChooseViewModel model, String id) {
        return model.options().stream().filter(o -> o.id().toString().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theRootIsLockedWithItsReasonAndCannotBeSelected() throws Exception {
        ChooseViewModel model = enter("guide");
        StorageOption root = option(model, "zeoserver/1");
        assertThat(root.root()).isTrue();
        assertThat(root.locked()).isTrue();
        assertThat(root.lockReason()).contains("root", "start-up");
        root.selectedProperty().set(true);
        assertThat(root.selectedProperty().get()).isFalse();
    }

    @Test
    void freezeOffersEveryStorageNotYetFrozenAndMarksTheFrozenOnes() throws Exception {
        ChooseViewModel model = enter("odd");
        assertThat(model.options().stream().filter(o -> o.selectedProperty().get()).map(StorageOption::id))
                .containsExactly(new StorageId("local", "zeoserver", "catalog"), new StorageId("local", "zeoserver", "plone"),
                        new StorageId("local", "zeoserver2", "images"));
        StorageOption archive = option(model, "zeoserver/archive");
        assertThat(archive.frozen()).isTrue();
        assertThat(archive.locked()).isTrue();
        assertThat(archive.lockReason()).contains("already frozen");
    }

    @Test
    void thawOffersOnlyWhatIsFrozenAnywhere() throws Exception {
        ChooseViewModel model = enter("odd");
        model.modeProperty().set(Mode.THAW);
        assertThat(model.options().stream().filter(o -> !o.locked()).map(o -> o.id().toString()))
                .containsExactly("zeoserver/archive");
        assertThat(option(model, "zeoserver/plone").lockReason()).contains("nothing to thaw");
    }

    @Test
    void nextPlansExactlyTheTickedStoragesAndNothingTickedMeansNoNext() throws Exception {
        ChooseViewModel model = enter("odd");
        option(model, "zeoserver/plone").selectedProperty().set(false);
        option(model, "zeoserver2/images").selectedProperty().set(false);
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(proceeded[0]).isTrue();
        assertThat(model.plan().selected()).containsExactly(new StorageId("local", "zeoserver", "catalog"));
        option(model, "zeoserver/catalog").selectedProperty().set(false);
        assertThat(model.readyProperty().get()).isFalse();
    }

    @Test
    void theIntroductionFollowsTheMode() throws Exception {
        org.zeofreeze.ui.session.Session session = org.zeofreeze.ui.ViewModels.session(dir);
        ChooseViewModel model = new ChooseViewModel(session);
        assertThat(model.introProperty().get()).startsWith("Freeze the storages");
        session.modeProperty().set(org.zeofreeze.plan.Mode.THAW);
        assertThat(model.introProperty().get()).startsWith("Thaw the storages").doesNotContain("Freeze");
    }
}
