package org.zeofreeze.ui.choose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Planner;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.MoveFixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.run.RunbookLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.Session;

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
        return model.options().stream()
                .filter(o -> o.id().toString().equals(id))
                .findFirst()
                .orElseThrow();
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
        assertThat(model.options().stream()
                        .filter(o -> o.selectedProperty().get())
                        .map(StorageOption::id))
                .containsExactly(
                        new StorageId("local", "zeoserver", "catalog"),
                        new StorageId("local", "zeoserver", "plone"),
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
        Session session = ViewModels.session(dir);
        ChooseViewModel model = new ChooseViewModel(session);
        assertThat(model.introProperty().get()).startsWith("Freeze the storages");
        session.modeProperty().set(Mode.THAW);
        assertThat(model.introProperty().get()).startsWith("Thaw the storages").doesNotContain("Freeze");
    }

    private Session withTarget() throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Path target = MoveFixtures.target(dir.resolve("new"));
        return ViewModels.discovered(MoveFixtures.profile(buildout, target), buildout, dir.resolve("p"));
    }

    @Test
    void moveIsOfferedOnlyWhenTheProfileHasATarget() throws Exception {
        ChooseViewModel without = enter("guide");
        assertThat(without.moveBlockerProperty().get()).contains("no migration target", "Cluster page");
        Session session = withTarget();
        ChooseViewModel with = new ChooseViewModel(session);
        with.entered();
        assertThat(with.moveBlockerProperty().get()).isEmpty();
        // A move is a freeze: choosing it keeps the mode FREEZE; a thaw is never a move.
        session.modeProperty().set(Mode.THAW);
        with.moveProperty().set(true);
        assertThat(session.modeProperty().get()).isEqualTo(Mode.FREEZE);
        assertThat(with.introProperty().get()).startsWith("Move the storages");
        session.modeProperty().set(Mode.THAW);
        assertThat(session.moves()).isFalse();
        // The target removed from the profile: the move is no longer chosen.
        with.moveProperty().set(true);
        session.profileProperty().set(App.localProfile(dir.resolve("zeocluster").toString()));
        assertThat(with.moveBlockerProperty().get()).isNotEmpty();
        assertThat(session.moves()).isFalse();
    }

    @Test
    void nextOfAMovePlansTheFreezeAndTheMoveWithTheTargetsZeoConf() throws Exception {
        Session session = withTarget();
        ChooseViewModel model = new ChooseViewModel(session);
        model.entered();
        model.moveProperty().set(true);
        assertThat(option(model, "zeoserver/1").locked()).isTrue();
        assertThat(option(model, "zeoserver/deepereconomics.org")
                        .selectedProperty()
                        .get())
                .isTrue();
        boolean[] proceeded = {false};
        model.advance(() -> proceeded[0] = true);
        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(proceeded[0]).isTrue();
        assertThat(session.planProperty().get().mode()).isEqualTo(Mode.FREEZE);
        assertThat(session.planProperty().get().selected())
                .extracting(StorageId::name)
                .containsExactly("deepereconomics.org");
        MovePlan move = session.moveSetupProperty().get().plan();
        assertThat(move.serve())
                .anyMatch(c -> c.path()
                        .equals(dir.resolve("new/parts/zeoserver/etc/zeo.conf").toString()));
        // Back to a plain freeze: Next plans no move.
        model.moveProperty().set(false);
        model.advance(() -> {});
        assertThat(session.moveSetupProperty().get()).isNull();
    }

    @Test
    void aMoveWithRetireTickedPlansTheOldServersSectionsOutAsItsLastPhaseAndUntickedNone() throws Exception {
        Session session = withTarget();
        ChooseViewModel model = new ChooseViewModel(session);
        model.entered();
        model.moveProperty().set(true);
        assertThat(model.retireProperty().get()).as("not unless asked").isFalse();

        model.retireProperty().set(true);
        model.advance(() -> {});

        assertThat(model.messageProperty().get()).isEmpty();
        MovePlan move = session.moveSetupProperty().get().plan();
        assertThat(move.retire()).singleElement().satisfies(c -> {
            assertThat(c.path())
                    .isEqualTo(dir.resolve("zeocluster/parts/zeoserver/etc/zeo.conf")
                            .toString());
            assertThat(c.diff()).contains("-<filestorage deepereconomics.org>");
        });
        // the run it becomes ends with the retire
        RunSetup setup = RunbookLauncher.setup(new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts(),
                null,
                session.moveSetupProperty().get()));
        assertThat(setup.retires()).isTrue();

        model.retireProperty().set(false);
        model.advance(() -> {});
        assertThat(session.moveSetupProperty().get().plan().retires()).isFalse();
    }

    @Test
    void aStorageFrozenInItsClientsAlreadyIsNotMovedWithTheReason() throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Discovery before = Engines.discover(buildout);
        assertThat(ChooseViewModel.optionsFor(before.cluster(), Mode.FREEZE, true))
                .filteredOn(o -> o.id().name().equals("deepereconomics.org"))
                .allMatch(o -> !o.locked());
        // Frozen by an earlier run: the clients' files are read-only already.
        for (FileChange c : new Planner()
                .plan(before, Selection.freeze("deepereconomics.org"))
                .changes()) {
            Files.write(Path.of(c.path()), c.after());
        }
        Cluster frozen = Engines.discover(buildout).cluster();
        StorageOption site = ChooseViewModel.optionsFor(frozen, Mode.FREEZE, true).stream()
                .filter(o -> o.id().name().equals("deepereconomics.org"))
                .findFirst()
                .orElseThrow();
        // The move takes it as it is: its clients end writable at the target, as a thaw leaves them.
        assertThat(site.locked()).as(String.valueOf(site.lockReason())).isFalse();
        assertThat(ChooseViewModel.optionsFor(frozen, Mode.FREEZE, true).stream()
                        .filter(o -> o.id().name().equals("1"))
                        .findFirst()
                        .orElseThrow()
                        .lockReason())
                .contains("root");
    }
}
