package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;

/**
 * Picking a saved profile on the Cluster page, with the mouse or with the keyboard, opens it: the
 * form and the status bar show it, and the Enter that picked it presses nothing else.
 */
@ExtendWith(ApplicationExtension.class)
class WizardProfileChoiceTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;
    private ProfileStore store;
    private Path alpha;
    private Path beta;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(temp, "choice");
        alpha = Fixtures.copyTree("guide", dir.resolve("alpha"));
        beta = Fixtures.copyTree("odd", dir.resolve("beta"));
        Path current = Fixtures.copyTree("guide", dir.resolve("current"));
        store = new ProfileStore(dir.resolve("profiles"));
        store.save(App.localProfile(alpha.toString()));
        store.save(App.localProfile(beta.toString()));
        ui = WizardHarness.show(
                stage,
                App.localProfile(current.toString()),
                dir.resolve("profiles"),
                new ConfigOnlyLauncher(Clock.systemUTC()));
    }

    private String status(FxRobot robot) {
        return robot.lookup("#status-bar").queryAs(StatusBar.class).getText();
    }

    @Test
    void enterInTheOpenListOfProfilesOpensThePickedOneAndPressesNothingElse(FxRobot robot) throws Exception {
        assertThat(status(robot)).startsWith("Profile current");
        @SuppressWarnings("unchecked")
        ComboBox<String> choice = robot.lookup("#profile-choice").queryAs(ComboBox.class);
        robot.clickOn(choice);
        waitUntil(choice::isShowing);
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        TextField name = robot.lookup("#profile-name").queryAs(TextField.class);
        waitUntil(() -> name.getText().equals("alpha"));
        // Long enough for a Next the Enter might have pressed to read the buildout and move on.
        WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS);
        waitUntil(() -> !ui.wizard.pager().busyProperty().get());
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.CLUSTER);
        assertThat(ui.wizard.cluster().messageProperty().get()).isEmpty();
        assertThat(store.names()).as("no profile saved by a stray Next").containsExactly("alpha", "beta");
        assertThat(ui.wizard.cluster().hosts().get(0).buildoutDirProperty().get())
                .isEqualTo(alpha.toString());
        assertThat(status(robot)).startsWith("Profile alpha");
    }

    @Test
    void clickingASavedProfileOpensItAndTheStatusBarFollows(FxRobot robot) {
        robot.clickOn("#profile-choice");
        Node beta = robot.lookup(".combo-box-popup .list-cell")
                .match((Labeled cell) -> "beta".equals(cell.getText()))
                .query();
        robot.clickOn(beta);
        TextField name = robot.lookup("#profile-name").queryAs(TextField.class);
        waitUntil(() -> name.getText().equals("beta"));
        assertThat(ui.wizard.cluster().hosts().get(0).buildoutDirProperty().get())
                .isEqualTo(this.beta.toString());
        assertThat(status(robot)).startsWith("Profile beta");
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.CLUSTER);
    }
}
