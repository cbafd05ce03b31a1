package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.effect.Effect;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.testing.Fixtures;

/**
 * Tabbing through the pages, every stop shows where the focus is: the control that has it is
 * drawn with the focus ring (an effect of its own), and no stop is a container that draws none.
 */
@ExtendWith(ApplicationExtension.class)
class WizardFocusTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;

    @Start
    void start(Stage stage) throws Exception {
        Path buildout = Fixtures.copyTree(
                "guide", Files.createTempDirectory(temp, "focus").resolve("zeocluster"));
        ui = WizardHarness.show(stage, buildout, temp.resolve("profiles"));
    }

    /** The focus owners met while tabbing {@code stops} times, each with whether it shows a ring. */
    private List<String> unmarkedStops(FxRobot robot, int stops) {
        List<String> unmarked = new ArrayList<>();
        Set<Node> seen = new LinkedHashSet<>();
        for (int i = 0; i < stops; i++) {
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            Node owner = ui.scene.getFocusOwner();
            if (owner == null || !seen.add(owner)) {
                continue;
            }
            // A check box or radio button rings its box.
            Node box = owner.lookup(".box") != null ? owner.lookup(".box") : owner.lookup(".radio");
            Effect effect =
                    owner instanceof ButtonBase && box != null && box != owner ? box.getEffect() : owner.getEffect();
            if (effect == null) {
                unmarked.add(owner.getClass().getSimpleName() + (owner.getId() == null ? "" : "#" + owner.getId()));
            }
        }
        return unmarked;
    }

    @Test
    void everyTabStopOnEveryPageShowsTheFocus(FxRobot robot) {
        List<String> unmarked = new ArrayList<>(unmarkedStops(robot, 25));
        robot.interact(() -> robot.lookup("#test-connections").query().requestFocus());
        ui.screenshot("01-cluster-focus");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        unmarked.addAll(unmarkedStops(robot, 8));
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        unmarked.addAll(unmarkedStops(robot, 8));
        robot.interact(
                () -> robot.lookup("#storage-deepereconomics_org").query().requestFocus());
        ui.screenshot("03-choose-focus");
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        unmarked.addAll(unmarkedStops(robot, 12));
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        unmarked.addAll(unmarkedStops(robot, 14));
        assertThat(unmarked).isEmpty();
    }
}
