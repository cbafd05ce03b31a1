package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.ViewModels;
import org.zeofreeze.ui.session.StepLabel;

/** The run log follows its newest line, also when lines come in bursts (scrolled once per burst). */
@ExtendWith(ApplicationExtension.class)
class RunPageLogTest {
    @TempDir
    static Path temp;

    private RunViewModel model;

    @Start
    void start(Stage stage) {
        App.installTheme();
        model = new RunViewModel(ViewModels.session(temp.resolve("profiles")));
        stage.setScene(new Scene(new StackPane(new RunPage(model).build()), 1024, 700));
        stage.show();
    }

    private void logLines(FxRobot robot, int from, int to) {
        robot.interact(() -> {
            for (int i = from; i <= to; i++) {
                model.handle(new RunEvent.Log(Instant.now(), "apply", "local", RunEvent.Level.INFO, "line " + i));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int lastVisibleIndex(FxRobot robot) {
        ListView<?> log = robot.lookup("#run-log").queryAs(ListView.class);
        VirtualFlow<?> flow = (VirtualFlow<?>) log.lookup(".virtual-flow");
        return flow.getLastVisibleCell().getIndex();
    }

    @Test
    void aBurstOfLinesEndsWithTheNewestInViewAndSingleLinesFollow(FxRobot robot) {
        logLines(robot, 1, 500);
        assertThat(lastVisibleIndex(robot)).isEqualTo(499);

        logLines(robot, 501, 501);
        assertThat(lastVisibleIndex(robot)).isEqualTo(500);
    }

    @Test
    void aCopysNameAndFiguresAreShownWholeBesideALongStepList(FxRobot robot) {
        List<String> hosts = List.of("zeo.example.org", "client-a.example.org", "new.example.org");
        List<StepLabel> steps = List.of(
                new StepLabel("presync", "Pre-sync the storages to the target while the site is live (rsync)", hosts),
                new StepLabel(
                        "move-target:serve",
                        "Serve the copies at the target, read-only, and prove them identical",
                        hosts));
        robot.interact(() -> {
            model.board().reset(new RunProjection(steps, hosts, Secrets.NONE), steps);
            for (String storage : new String[] {"deepereconomics.org.fs", "portal_catalog.fs"}) {
                model.handle(new RunEvent.Progress(
                        Instant.now(),
                        "copy",
                        "local",
                        storage,
                        1_536L * 1024 * 1024,
                        2_048L * 1024 * 1024,
                        80.0 * 1024 * 1024,
                        Duration.ofSeconds(7)));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();

        List<Label> labels = robot.lookup("#run-transfers .label").queryAllAs(Label.class).stream()
                .filter(l -> l.getText() != null && !l.getText().isBlank())
                .toList();
        assertThat(labels).extracting(Label::getText).anyMatch(s -> s.contains("portal_catalog.fs"));
        // What is drawn is the whole text, not one cut with an ellipsis.
        assertThat(labels)
                .allSatisfy(l -> assertThat(((Text) l.lookup(".text")).getText())
                        .as(l.getText())
                        .isEqualTo(l.getText()));
    }
}
