package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.review.DiffRow;
import org.zeofreeze.ui.review.FileEntry;

/**
 * The hand-edited "odd" buildout: two ZEO servers, wrapped storages, one storage already frozen,
 * CRLF line endings. Only what is ticked changes; thaw offers only the frozen storage.
 */
@ExtendWith(ApplicationExtension.class)
class WizardOddClusterTest {
    @TempDir
    static Path temp;

    private WizardHarness ui;

    @Start
    void start(Stage stage) throws Exception {
        Path buildout =
                Fixtures.copyTree("odd", Files.createTempDirectory(temp, "run").resolve("plone"));
        ui = WizardHarness.show(stage, buildout, temp.resolve("profiles"));
    }

    private void next(FxRobot robot, int page) {
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == page);
    }

    private static List<String> changedNewLines(FileEntry file) {
        return file.rows().stream()
                .filter(DiffRow::changed)
                .map(r -> r.newText() == null ? "" : r.newText().strip())
                .toList();
    }

    @Test
    void onlyTheTickedStorageChangesInEveryFileAndThawOffersOnlyWhatIsFrozen(FxRobot robot) {
        next(robot, ZeoFreezeWizard.LAYOUT);
        assertThat(ui.wizard.layout().treeProperty().get().children().get(0).children())
                .hasSize(2); // two servers
        next(robot, ZeoFreezeWizard.CHOOSE);
        CheckBox root = robot.lookup("#storage-1").queryAs(CheckBox.class);
        CheckBox archive = robot.lookup("#storage-archive").queryAs(CheckBox.class);
        assertThat(root.isDisabled()).isTrue();
        assertThat(archive.isDisabled()).isTrue();
        assertThat(robot.lookup("#lock-reason-archive").queryAs(Label.class).getText())
                .contains("already frozen");
        robot.clickOn("#storage-plone");
        robot.clickOn("#storage-images");
        assertThat(robot.lookup("#storage-catalog").queryAs(CheckBox.class).isSelected())
                .isTrue();

        next(robot, ZeoFreezeWizard.REVIEW);
        assertThat(ui.wizard.review().files()).hasSize(3);
        for (FileEntry file : ui.wizard.review().files()) {
            assertThat(changedNewLines(file)).as(file.label()).singleElement().isEqualTo("read-only true");
        }

        robot.clickOn("#step-3"); // back to Choose from the step list
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        robot.clickOn("#mode-thaw");
        assertThat(ui.wizard.choose().options().stream()
                        .filter(o -> !o.locked())
                        .map(o -> o.displayName()))
                .containsExactly("archive");
        next(robot, ZeoFreezeWizard.REVIEW);
        ui.screenshot("04-review-thaw");
        // Thawing writes what the recipes write: the server's line goes, the clients say false.
        for (FileEntry file : ui.wizard.review().files()) {
            List<DiffRow> changed =
                    file.rows().stream().filter(DiffRow::changed).toList();
            assertThat(changed).as(file.label()).singleElement().satisfies(row -> {
                assertThat(row.oldText().strip().toLowerCase()).isIn("read-only on", "read-only true");
                if (file.label().contains("zeoserver")) {
                    assertThat(row.kind()).isEqualTo(DiffRow.Kind.REMOVED);
                } else {
                    assertThat(row.newText().strip()).isEqualTo("read-only false");
                }
            });
        }
    }
}
