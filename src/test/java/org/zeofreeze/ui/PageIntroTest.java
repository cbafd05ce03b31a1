package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.testing.Fixtures;

/** A page's introduction is read whole: wrapped over its lines, never cut to one line with an ellipsis. */
@ExtendWith(ApplicationExtension.class)
class PageIntroTest {
    @TempDir
    static Path temp;

    @Start
    void start(Stage stage) throws Exception {
        Path buildout = Fixtures.copyTree("guide", Files.createTempDirectory(temp, "guide"));
        WizardHarness.show(stage, buildout, temp.resolve("profiles"));
    }

    @Test
    void theClusterPagesIntroductionIsDrawnWhole(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Label intro = robot.lookup(".page-intro").match(Label.class::isInstance).queryAs(Label.class);

        String drawn = ((Text) intro.lookup(".text")).getText();

        assertThat(intro.getText()).contains("buildout directory");
        assertThat(drawn).as("what is drawn").doesNotEndWith("...").doesNotEndWith("…");
        assertThat(intro.getHeight())
                .as("more than one line")
                .isGreaterThan(intro.getFont().getSize() * 1.8);
    }
}
