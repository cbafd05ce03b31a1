package org.zeofreeze.ui.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.MoveFixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.Session;

class MaintenanceViewModelTest {
    @TempDir
    Path dir;

    private Session session() throws Exception {
        return ViewModels.planned(
                Fixtures.copyTree("guide", dir.resolve("zeocluster")), dir.resolve("p"), Selection.freeze());
    }

    @Test
    void applyIsEnabledOnlyByTheClustersExactName() throws Exception {
        MaintenanceViewModel model = new MaintenanceViewModel(session());
        model.entered();
        assertThat(model.expectedNameProperty().get()).isEqualTo("zeocluster");
        assertThat(model.readyProperty().get()).isFalse();
        model.typedNameProperty().set("zeoclust");
        assertThat(model.readyProperty().get()).isFalse();
        model.typedNameProperty().set("ZEOCLUSTER");
        assertThat(model.readyProperty().get()).isFalse();
        model.typedNameProperty().set("zeocluster");
        assertThat(model.readyProperty().get()).isTrue();
        assertThat(model.nextText()).isEqualTo("_Apply");
        assertThat(model.enterMeansNext()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("Freeze deepereconomics.org: 3 files on local.");
    }

    @Test
    void comingBackAsksForTheNameAgain() throws Exception {
        MaintenanceViewModel model = new MaintenanceViewModel(session());
        model.entered();
        model.typedNameProperty().set("zeocluster");
        model.entered();
        assertThat(model.readyProperty().get()).isFalse();
    }

    @Test
    void theProfilesMaintenanceCommandsAreShownAndOfferedToRun() throws Exception {
        Session session = session();
        ClusterProfile p = session.profileProperty().get();
        session.profileProperty()
                .set(new ClusterProfile(
                        p.name(),
                        p.hosts(),
                        p.control(),
                        p.target(),
                        new Maintenance(
                                "local",
                                List.of("varnishadm", "vcl.use", "maintenance"),
                                List.of("varnishadm", "vcl.use", "boot")),
                        false));
        MaintenanceViewModel model = new MaintenanceViewModel(session);
        model.entered();
        assertThat(model.onCommandProperty().get()).isEqualTo("varnishadm vcl.use maintenance");
        assertThat(model.offCommandProperty().get()).isEqualTo("varnishadm vcl.use boot");
        assertThat(model.runMaintenanceCommandsProperty().get()).isTrue();
        assertThat(model.checklist()).isNotEmpty().anyMatch(item -> item.contains("balancer"));
        model.strategyProperty().set(Strategy.FULL_STOP);
        assertThat(model.checklist()).anyMatch(item -> item.contains("stopped together"));
    }

    @Test
    void rollingIsOfferedFirstWithItsReasonAndTheFullStopCanBeChosen() throws Exception {
        Session session = session();
        MaintenanceViewModel model = new MaintenanceViewModel(session);
        model.entered();
        assertThat(model.rollingSafeProperty().get()).isTrue();
        assertThat(model.strategyProperty().get()).isEqualTo(Strategy.ROLLING);
        assertThat(model.strategyReasonProperty().get()).startsWith("rolling").contains("the site keeps serving");
        model.strategyProperty().set(Strategy.FULL_STOP);
        assertThat(model.strategyReasonProperty().get()).startsWith("full stop");
        assertThat(model.strategyNotes()).anyMatch(n -> n.contains("whole site is down"));
        assertThat(session.strategyProperty().get()).as("the run takes it").isEqualTo(Strategy.FULL_STOP);
    }

    @Test
    void theRollingOptionGivesTheOrderOfTheMode() throws Exception {
        MaintenanceViewModel model = new MaintenanceViewModel(session());
        model.entered();
        assertThat(model.rollingTextProperty().get()).contains("one client at a time, then ZEO alone");
        Session thaw = ViewModels.planned(
                Fixtures.copyTree("guide", dir.resolve("thawed")), dir.resolve("p2"), Selection.thaw());
        MaintenanceViewModel thawing = new MaintenanceViewModel(thaw);
        thawing.entered();
        assertThat(thawing.rollingTextProperty().get()).contains("ZEO alone first, then one client at a time");
    }

    @Test
    void theChecklistSaysWhatTheRunDoesAboutTheCopyAndWhereTheDrainCommandsAreSet() throws Exception {
        Session session = session();
        MaintenanceViewModel model = new MaintenanceViewModel(session);
        model.entered();
        assertThat(model.checklist())
                .anyMatch(i -> i.startsWith("No migration target is set") && i.contains("Cluster page"));
        assertThat(model.drainCommandsAtProperty().get())
                .contains(session.profiles().pathOf("zeocluster").toString());
        ClusterProfile p = session.profileProperty().get();
        session.profileProperty()
                .set(new ClusterProfile(
                        p.name(),
                        p.hosts(),
                        p.control(),
                        new MigrationTarget(null, "new.example.org", null, null, "/srv/new", null),
                        p.maintenance(),
                        false));
        model.entered();
        assertThat(model.checklist())
                .anyMatch(i -> i.startsWith("The run copies the .fs files to new.example.org:/srv/new")
                        && i.contains("pre-sync"));
        boolean[] shown = {false};
        model.setShowClusterPage(() -> shown[0] = true);
        model.showClusterPage();
        assertThat(shown[0]).isTrue();
    }

    @Test
    void aMoveSaysWhatItDoesRollingByDefaultOrByFullStopAndMeasuresTheReadOnlyTimeRatherThanGuessing()
            throws Exception {
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        Path target = MoveFixtures.target(dir.resolve("new"));
        Session session = ViewModels.moving(
                MoveFixtures.profile(buildout, target), buildout, dir.resolve("p"), Selection.freeze());
        session.strategyProperty().set(Strategy.FULL_STOP); // chosen for an earlier freeze
        MaintenanceViewModel model = new MaintenanceViewModel(session);
        model.entered();
        assertThat(session.strategyProperty().get())
                .as("rolling, the move's way where it is safe")
                .isEqualTo(Strategy.ROLLING);
        assertThat(model.summaryProperty().get())
                .isEqualTo(
                        "Move deepereconomics.org to new (127.0.0.1:8200): freeze "
                                + "3 files, then 3 files put into service at the target, read-only, then 3 files writable at the target.");
        assertThat(model.moveSteps()).hasSize(5);
        assertThat(model.moveSteps().get(1))
                .startsWith("First roll")
                .contains("client1@local, then client2@local", "still read-only");
        assertThat(model.moveSteps().get(2)).startsWith("Second roll: only after the last client of the first roll");
        assertThat(model.moveSteps().get(3)).contains("refused");
        assertThat(model.moveSteps().get(4))
                .as("what the read-only time is made of, for these two clients; no number of seconds guessed")
                .contains("two restarts and 4 client turns", "Run page gives the time still to go", "pre-sync")
                .doesNotContainPattern("\\d+ ?(s|min|seconds|minutes)\\b");

        // The full stop chosen: its own steps, everything that uses the storages down at once.
        session.strategyProperty().set(Strategy.FULL_STOP);
        assertThat(model.moveSteps()).hasSize(4);
        assertThat(model.moveSteps().get(2))
                .startsWith("Switch, everything that uses them stopped at once")
                .contains("client1@local, client2@local");
        assertThat(model.moveSteps()).noneMatch(step -> step.contains("roll:"));

        assertThat(model.moveSteps()).noneMatch(step -> step.startsWith("Retire"));

        // A move that retires ends so, in both strategies, and says so in its summary.
        session.moveSetupProperty()
                .set(RunPreparation.prepareMove(
                                session.profileProperty().get(), Selection.freeze(), session.hosts(), true)
                        .move());
        model.entered();
        assertThat(model.moveSteps())
                .last()
                .asString()
                .startsWith("Retire, last:")
                .contains("deepereconomics.org", "restarts alone", "the .fs files stay");
        assertThat(model.summaryProperty().get()).endsWith(", then 1 file retired from the old server.");
        session.strategyProperty().set(Strategy.ROLLING);
        assertThat(model.moveSteps()).hasSize(6).last().asString().startsWith("Retire, last:");

        // A freeze on its own: no move section.
        session.moveProperty().set(false);
        session.moveSetupProperty().set(null);
        model.entered();
        assertThat(model.moveSteps()).isEmpty();
    }
}
