package org.zeofreeze.runbook.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.host.LocalHost;
import org.zeofreeze.plan.FileChange;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;

/** The verify step where the cluster's Python cannot be found: not verified is said, and is no failure. */
class VerifyStepTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatCannotBeProbedIsNotVerifiedWithTheReasonAndWhatToCheckAndTheStepIsDone() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        // a control of the admin's own that says every process is down; no bin/ scripts, no pid files
        ProcessControl control = new ProcessControl.Custom(List.of("true"), List.of("true"), List.of("false"));
        ClusterProfile local = ClusterProfile.local("t", buildout.toString());
        ClusterProfile profile = new ClusterProfile(local.name(), local.hosts(), control, null, null, false);
        RunSetup setup = RunPreparation.prepare(profile, Selection.freeze(), LocalHost::new);
        for (FileChange c : setup.plan().changes()) {
            Files.write(Path.of(c.path()), c.after()); // the files as the run wrote them
        }
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
        List<RunEvent> events = new ArrayList<>();
        VerifyStep step = new VerifyStep();

        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC()));

        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.Verified)
                .map(e -> (RunEvent.Verified) e)
                .anySatisfy(v -> {
                    assertThat(v.ok()).isFalse();
                    assertThat(v.text())
                            .contains("could not check the storages of zeoserver from outside")
                            .contains("no Python of the cluster was found for zeoserver")
                            .contains("ReadOnlyError");
                })
                .anySatisfy(v -> {
                    assertThat(v.ok()).isTrue();
                    assertThat(v.text()).contains("the configuration files say what the plan promised");
                });
        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.Log l && l.level() == RunEvent.Level.WARNING)
                .map(e -> ((RunEvent.Log) e).text())
                .anySatisfy(t -> assertThat(t).startsWith("not verified: the storages of zeoserver"));
        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.StepChanged s && s.host() != null)
                .map(e -> ((RunEvent.StepChanged) e).state())
                .last()
                .isEqualTo(StepState.DONE);
    }
}
