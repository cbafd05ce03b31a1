package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.type;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.profile.PartFile;
import org.zeofreeze.profile.ProcessControl;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.testing.Fixtures;

/** The Cluster page says where the data goes: the target typed there is tested and saved with the profile. */
@ExtendWith(ApplicationExtension.class)
class WizardClusterTargetTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;
    private Path target;
    private Path profiles;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(temp, "target");
        Path buildout = Fixtures.copyTree("guide", dir.resolve("zeocluster"));
        target = Files.createDirectories(dir.resolve("new").resolve("zeocluster"));
        profiles = dir.resolve("profiles");
        ui = WizardHarness.show(stage, buildout, profiles);
    }

    @Test
    void theTargetTypedOnTheClusterPageIsTestedAndSavedWithTheProfile(FxRobot robot) throws Exception {
        robot.clickOn("#target-dir").write(target.toString());
        robot.clickOn("#target-zeo-address").write("10.0.0.5:8100");
        robot.clickOn("#target-bandwidth").write("abc");
        Label problem = robot.lookup("#target-problem").queryAs(Label.class);
        waitUntil(problem::isVisible);
        assertThat(problem.getText()).contains("bandwidth limit");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        robot.doubleClickOn("#target-bandwidth").write("4000");
        waitUntil(() -> !problem.isVisible());

        // Alt+T: under the target's process control, the button may be below the page's fold
        type(robot, KeyCode.ALT, KeyCode.T);
        Label result = robot.lookup("#target-result").queryAs(Label.class);
        waitUntil(() -> result.getText().startsWith("Connected"));
        assertThat(result.getText()).contains("this computer", "rsync");
        ui.screenshot("01-cluster-target");

        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        MigrationTarget saved = new ProfileStore(profiles).load("zeocluster").target();
        assertThat(saved)
                .isEqualTo(new MigrationTarget(
                        "target", "", null, null, target.toString(), null, 4000, true, "10.0.0.5:8100"));
    }

    @Test
    void aTargetThatIsNoBuildoutIsTypedWithItsOwnSystemctlByKeyboardAloneAndSaved(FxRobot robot) throws Exception {
        Path home = target.getParent();
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/zeo.conf"), "");
        robot.clickOn("#target-address");
        ui.tabTo(robot, "target-dir"); // past the user, which needs an address
        robot.write(home.toString());
        ui.tabTo(robot, "target-layout-buildout");
        type(robot, KeyCode.RIGHT);
        waitUntil(() -> "target-layout-files".equals(ui.focused()));
        assertThat(robot.lookup("#target-layout-files")
                        .queryAs(RadioButton.class)
                        .isSelected())
                .as("the arrow keys choose")
                .isTrue();
        ui.tabTo(robot, "target-server-part");
        ui.tabTo(robot, "target-server-config");
        robot.write("etc/zeo.conf");
        Label server = robot.lookup("#target-server-problem").queryAs(Label.class);
        waitUntil(server::isVisible);
        assertThat(server.getText()).contains("\"server.config\" is 'etc/zeo.conf'", "absolute path");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        type(robot, KeyCode.HOME);
        robot.write(home + "/");
        waitUntil(() -> !server.isVisible());

        ui.tabTo(robot, "target-zeo-address");
        ui.tabTo(robot, "target-bandwidth");
        ui.tabTo(robot, "target-pre-sync");
        ui.tabTo(robot, "target-control-same");
        Label refusal = robot.lookup("#target-control-refusal").queryAs(Label.class);
        waitUntil(refusal::isVisible);
        assertThat(refusal.getText()).contains("names its zeo.conf", "has no bin/zeoserver");
        assertThat(ui.wizard.pager().canGoNextProperty().get()).isFalse();
        type(robot, KeyCode.RIGHT); // its own buildout scripts: none either
        type(robot, KeyCode.RIGHT);
        type(robot, KeyCode.RIGHT);
        waitUntil(() -> "target-control-systemd".equals(ui.focused()));
        waitUntil(() -> !refusal.isVisible());
        ui.tabTo(robot, "target-control-systemctl");
        ui.tabTo(robot, "target-control-user");
        ui.tabTo(robot, "target-control-units");
        robot.write("zeoserver=plone-zeo.service");
        waitUntil(() -> ui.wizard.pager().canGoNextProperty().get());
        showFromItsTitle(robot, "Migration target");
        ui.screenshot("01-cluster-target-files");

        type(robot, KeyCode.ALT, KeyCode.N);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT);
        String json = Files.readString(new ProfileStore(profiles).pathOf("zeocluster"));
        assertThat(json).contains("\"server\"", "\"kind\" : \"systemd\"");
        assertThat(new ProfileStore(profiles).load("zeocluster").target())
                .isEqualTo(new MigrationTarget(
                        "target",
                        "",
                        null,
                        null,
                        home.toString(),
                        List.of(),
                        null,
                        true,
                        null,
                        new ProcessControl.Systemd("systemctl", false, Map.of("zeoserver", "plone-zeo.service")),
                        new PartFile("zeoserver", home + "/etc/zeo.conf", null)));
    }

    /** Scrolls the page so the section is seen from its title down, its title at the viewport's top. */
    private static void showFromItsTitle(FxRobot robot, String section) {
        robot.interact(() -> {
            ScrollPane scroll = robot.lookup(".plain-scroll").queryAs(ScrollPane.class);
            Node title = robot.lookup(".section-title")
                    .match((Label l) -> l.getText().equals(section))
                    .query();
            Node content = scroll.getContent();
            double y = content.sceneToLocal(title.localToScene(0, 0)).getY() + 4;
            double room = content.getLayoutBounds().getHeight()
                    - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(Math.max(0, Math.min(1, y / room)));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
