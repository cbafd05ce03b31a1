package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.testing.PasswordBuildout;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.done.RunReport;
import org.zeofreeze.ui.session.Session;

/** The run's log, its step messages and the report never show the secrets of the run's files. */
class RunLogSecretsTest {
    @TempDir
    Path dir;

    @Test
    void logStepsAndReportAreMasked() throws Exception {
        RunViewModelTest.ScriptedLauncher launcher = new RunViewModelTest.ScriptedLauncher();
        Instant at = Instant.parse("2026-11-25T17:00:00Z");
        launcher.script.add(new RunEvent.Log(
                at,
                "apply",
                "local",
                RunEvent.Level.ERROR,
                "zope.conf: password " + PasswordBuildout.LITERAL + " refused"));
        launcher.script.add(new RunEvent.StepChanged(
                at, "apply", "local", StepState.FAILED, "cannot log in with " + PasswordBuildout.DEFINED));
        launcher.script.add(new RunEvent.Finished(
                at.plusSeconds(1), RunEvent.Outcome.FAILED, "stopped: " + PasswordBuildout.DEFINED, null));
        Session planned =
                ViewModels.planned(PasswordBuildout.copyTo(dir.resolve("b")), dir.resolve("p"), Selection.freeze());
        Session session = ViewModels.session(dir.resolve("p"), launcher);
        session.profileProperty().set(planned.profileProperty().get());
        session.useHosts(session.openHosts(planned.profileProperty().get()));
        session.discoveryProperty().set(planned.discoveryProperty().get());
        session.planProperty().set(planned.planProperty().get());
        RunViewModel model = new RunViewModel(session);

        model.entered();

        String shown = String.join(
                        "\n", model.board().log().stream().map(LogLine::render).toList())
                + model.board().steps().get(1).messages().values();
        assertThat(shown)
                .contains("password ******** refused", "cannot log in with ********")
                .doesNotContain(PasswordBuildout.DEFINED, PasswordBuildout.LITERAL);
        for (RunReport.Format format : RunReport.Format.values()) {
            assertThat(RunReport.render(session.resultProperty().get(), format))
                    .doesNotContain(PasswordBuildout.DEFINED, PasswordBuildout.LITERAL);
        }
    }
}
