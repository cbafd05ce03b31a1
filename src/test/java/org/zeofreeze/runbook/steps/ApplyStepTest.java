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
import org.zeofreeze.plan.Selection;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.Runbook;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.journal.Journal;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.runbook.step.StepRun;
import org.zeofreeze.testing.Fixtures;

/** The apply step on its own, on a local buildout. */
class ApplyStepTest {
    @TempDir
    Path dir;

    @Test
    void theReReadWhileTheClusterIsDownSeesTheSameEnvironmentAsThePlan() throws Exception {
        assertThat(System.getenv("HOME")).as("the test needs HOME set").isNotBlank();
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo).replace("directory $INSTANCE", "directory $(HOME)"));
        RunSetup setup = RunPreparation.prepare(
                ClusterProfile.local("t", buildout.toString()), Selection.freeze(), LocalHost::new);
        Journal journal = RunPreparation.journal(
                setup, Runbook.of(setup, Strategy.FULL_STOP), dir.resolve("journals"), Clock.systemUTC());
        List<RunEvent> events = new ArrayList<>();
        ApplyStep step = new ApplyStep();

        step.run(new StepRun(step, setup, journal, events::add, new CancelToken(), Clock.systemUTC()));

        assertThat(Files.readString(zeo)).contains("directory $(HOME)").contains("read-only true");
    }
}
