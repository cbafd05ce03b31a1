package org.zeofreeze.ui.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.ui.App;
import org.zeofreeze.ui.ViewModels;

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
}
