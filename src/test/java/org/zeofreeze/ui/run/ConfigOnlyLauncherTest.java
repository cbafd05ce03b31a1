package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.runbook.setup.CancelToken;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.RunHandle;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.Session;

class ConfigOnlyLauncherTest {
    @TempDir
    Path dir;

    @Test
    void theCheckRowIsNotDoneWhenAFileChangedSinceTheReview() throws Exception {
        Path buildout = Fixtures.copyTree("guide", dir.resolve("b"));
        Session session = ViewModels.planned(buildout, dir.resolve("p"), Selection.freeze());
        RunRequest request = new RunRequest(
                session.profileProperty().get(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts());
        ConfigOnlyLauncher launcher = new ConfigOnlyLauncher(ViewModels.CLOCK);
        String check = launcher.steps(RunHandle.of(request)).get(0).id();
        Path zeo = buildout.resolve("parts/zeoserver/etc/zeo.conf");
        Files.writeString(zeo, Files.readString(zeo) + "\n# someone else's edit\n");
        List<RunEvent> events = new CopyOnWriteArrayList<>();

        launcher.run(RunHandle.of(request), events::add, new CancelToken());

        assertThat(events)
                .filteredOn(e -> e instanceof RunEvent.StepChanged s && s.step().equals(check))
                .extracting(e -> ((RunEvent.StepChanged) e).state())
                .contains(StepState.FAILED)
                .doesNotContain(StepState.DONE);
        assertThat(Files.readString(zeo)).doesNotContain("read-only true");
    }
}
