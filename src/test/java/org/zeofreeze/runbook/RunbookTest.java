package org.zeofreeze.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.testing.Fixtures;

/** Which steps a run has, and in what order. */
class RunbookTest {
    @TempDir
    Path dir;

    Runbook runbook(MigrationTarget target, Mode mode, Strategy strategy) throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b" + System.nanoTime()));
        ClusterProfile profile = new ClusterProfile("t", ClusterProfile.local("t", buildout.toString()).hosts(), null, target,
                null, false);
        RunSetup setup = RunPreparation.prepare(profile, Selection.parse(mode, List.of()), LocalHost::new);
        return Runbook.of(setup, strategy);
    }

    List<String> steps(MigrationTarget target, Mode mode, Strategy strategy) throws Exception {
        return runbook(target, mode, strategy).steps().stream().map(Step::id).toList();
    }

    static MigrationTarget target() {
        return new MigrationTarget("new", "", null, null, "/srv/new", List.of());
    }

    @Test
    void aFreezeWithATargetPreSyncsRightAfterThePreflightInBothStrategies() throws Exception {
        for (Strategy s : Strategy.values()) {
            List<String> ids = steps(target(), Mode.FREEZE, s);
            // Before anything is stopped or written: the site is still live and writable.
            assertThat(ids).as(s.text()).startsWith("preflight", "presync").contains("copy");
            assertThat(ids).containsOnlyOnce("presync");
        }
    }

    @Test
    void noPreSyncWhenTheProfileTurnsItOffWithoutATargetOrForAThaw() throws Exception {
        for (Strategy s : Strategy.values()) {
            assertThat(steps(target().withoutPreSync(), Mode.FREEZE, s)).as(s.text()).doesNotContain("presync").contains("copy");
            assertThat(steps(null, Mode.FREEZE, s)).doesNotContain("presync");
            assertThat(steps(target(), Mode.THAW, s)).doesNotContain("presync");
        }
    }

    @Test
    void aRollingRollbackUndoesEveryStepNewestFirst() throws Exception {
        Runbook rolling = runbook(target(), Mode.FREEZE, Strategy.ROLLING);
        List<StepAction> forward = rolling.steps().stream().map(Step::action).toList();

        List<StepAction> back = rolling.rollbackActions();
        assertThat(back).hasSameSizeAs(forward).startsWith(forward.get(forward.size() - 1)).endsWith(forward.get(0));
        // the server is put back writable before the clients are
        int server = back.indexOf(back.stream().filter(a -> a instanceof StepAction.RestartServer).findFirst().orElseThrow());
        assertThat(back.subList(server, back.size())).filteredOn(a -> a instanceof StepAction.RollClient).hasSize(2);
    }

    @Test
    void aFullStopRollbackPutsTheMaintenancePageUpBeforeItStopsTheSite() throws Exception {
        // A full-stop run that ended has turned maintenance off: rolling it back takes the site down again.
        assertThat(runbook(target(), Mode.FREEZE, Strategy.FULL_STOP).rollbackActions()).containsExactly(
                new StepAction.Maintenance(true), new StepAction.StopAll(), new StepAction.RestoreAll(),
                new StepAction.StartAll(), new StepAction.Maintenance(false));
    }
}
