package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.task.FxTaskExecutor;

/** Enter is Next where that is safe, Esc asks to cancel, Alt+letter presses a button or chooses a toggle. */
@ExtendWith(ApplicationExtension.class)
class WizardKeyboardTest {
    @TempDir
    static Path temp;

    private final AtomicInteger cancels = new AtomicInteger();
    private ZeoFreezeWizard wizard;

    @Start
    void start(Stage stage) throws Exception {
        Path buildout = Fixtures.copyTree("guide", Files.createTempDirectory(temp, "guide"));
        App.installTheme();
        Session session = new Session(
                new FxTaskExecutor(),
                WizardHarness::localHostsOnly,
                new ProfileStore(temp.resolve("profiles")),
                new ConfigOnlyLauncher(Clock.systemUTC()),
                Clock.systemUTC());
        session.profileProperty().set(App.localProfile(buildout.toString()));
        wizard = new ZeoFreezeWizard(session);
        Scene scene = App.scene(wizard, cancels::incrementAndGet);
        stage.setScene(scene);
        stage.show();
    }

    private void type(FxRobot robot, KeyCode... keys) {
        robot.press(keys).release(keys);
    }

    @Test
    void enterGoesOnEscapeAsksToCancelAndMnemonicsPressButtons(FxRobot robot) {
        robot.clickOn("#profile-name"); // typing the name, then Enter
        type(robot, KeyCode.ENTER);
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.LAYOUT);
        type(robot, KeyCode.ENTER);
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.CHOOSE);
        type(robot, KeyCode.ALT, KeyCode.B); // _Back
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.LAYOUT);
        assertThat(cancels.get()).isZero();
        type(robot, KeyCode.ESCAPE);
        waitUntil(() -> cancels.get() == 1);
        assertThat(wizard.pager().indexProperty().get()).isEqualTo(ZeoFreezeWizard.LAYOUT);
    }

    @Test
    void altAndTheUnderlinedLetterChoosesARadioButtonOrToggleAsAClickWould(FxRobot robot) {
        robot.clickOn("#profile-name");
        type(robot, KeyCode.ENTER);
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.LAYOUT);
        type(robot, KeyCode.ENTER);
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.CHOOSE);

        type(robot, KeyCode.ALT, KeyCode.H); // T_haw
        waitUntil(() -> wizard.session().modeProperty().get() == Mode.THAW);
        assertThat(robot.lookup("#mode-thaw").queryAs(RadioButton.class).isFocused())
                .isTrue();
        type(robot, KeyCode.ALT, KeyCode.F); // _Freeze
        waitUntil(() -> wizard.session().modeProperty().get() == Mode.FREEZE);

        type(robot, KeyCode.ENTER);
        waitUntil(() -> wizard.pager().indexProperty().get() == ZeoFreezeWizard.REVIEW);
        ToggleButton unified = robot.lookup("#view-unified").queryAs(ToggleButton.class);
        assertThat(unified.isSelected()).isFalse();
        type(robot, KeyCode.ALT, KeyCode.U); // _Unified
        waitUntil(unified::isSelected);
        type(robot, KeyCode.ALT, KeyCode.S); // _Side by side
        waitUntil(() ->
                robot.lookup("#view-side-by-side").queryAs(ToggleButton.class).isSelected());
    }
}
