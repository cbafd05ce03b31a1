package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.profile.MigrationTarget;
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

        robot.clickOn("#test-connections");
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
}
