package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
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
import org.testfx.util.WaitForAsyncUtils;
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

    /** The letter Alt presses on each shown control with a mnemonic, with the controls that share one. */
    private static Map<Character, List<String>> mnemonics(Scene scene) {
        Map<Character, List<String>> out = new TreeMap<>();
        List<Node> all = new ArrayList<>();
        collect(scene.getRoot(), all);
        for (Node n : all) {
            if (n instanceof Labeled l && l.isMnemonicParsing() && l.getText() != null && shown(n)) {
                int u = l.getText().indexOf('_');
                if (u >= 0 && u + 1 < l.getText().length()) {
                    out.computeIfAbsent(Character.toLowerCase(l.getText().charAt(u + 1)), k -> new ArrayList<>())
                            .add(l.getText());
                }
            }
        }
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        out.add(n);
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private static boolean shown(Node n) {
        for (Node x = n; x != null; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void noAltLetterIsWrittenInBothCasesAnywhereInTheWindow(FxRobot robot) throws Exception {
        // JavaFX matches Alt+F whether a text says _f or _F, and a page left keeps its emptied entry:
        // a page's "_f" then hides another page's "_F" for good. One case per letter, every page.
        robot.clickOn("#host-layout-files-0"); // the named files form's own letters, shown
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> roots = WaitForAsyncUtils.asyncFx(() -> {
                    List<Node> out = new ArrayList<>();
                    out.add(robot.lookup("#profile-name").query().getScene().getRoot());
                    wizard.pager().steps().forEach(step -> out.add(step.view().get()));
                    return out;
                })
                .get();
        Map<Character, Set<String>> written = new TreeMap<>();
        for (Node root : roots) {
            List<Node> all = new ArrayList<>();
            collect(root, all);
            for (Node n : all) {
                if (n instanceof Labeled l && l.isMnemonicParsing() && l.getText() != null) {
                    int u = l.getText().indexOf('_');
                    if (u >= 0 && u + 1 < l.getText().length()) {
                        char c = l.getText().charAt(u + 1);
                        written.computeIfAbsent(Character.toLowerCase(c), k -> new TreeSet<>())
                                .add(c + " in '" + l.getText() + "'");
                    }
                }
            }
        }
        assertThat(written).containsKeys('n', 'b', 'm', 'o', 's', 'i', 'y'); // every page was read
        assertThat(written)
                .allSatisfy((letter, texts) -> assertThat(
                                texts.stream().map(t -> t.charAt(0)).distinct())
                        .as("Alt+" + letter + ": " + texts)
                        .hasSize(1));
    }

    @Test
    void noTwoControlsShownOnAPageShareTheirAltLetter(FxRobot robot) {
        Scene scene = robot.lookup("#profile-name").query().getScene();
        for (int page : new int[] {
            ZeoFreezeWizard.CLUSTER,
            ZeoFreezeWizard.LAYOUT,
            ZeoFreezeWizard.CHOOSE,
            ZeoFreezeWizard.REVIEW,
            ZeoFreezeWizard.MAINTENANCE
        }) {
            waitUntil(() -> wizard.pager().indexProperty().get() == page);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(mnemonics(scene))
                    .as("page " + page)
                    .allSatisfy((letter, controls) ->
                            assertThat(controls).as("Alt+" + letter).hasSize(1));
            if (page < ZeoFreezeWizard.MAINTENANCE) {
                type(robot, KeyCode.ALT, KeyCode.N); // _Next, on every page before the one that applies
            }
        }
    }
}
