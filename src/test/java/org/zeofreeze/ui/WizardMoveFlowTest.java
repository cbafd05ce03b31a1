package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.ui.review.ReviewRow;
import org.zeofreeze.ui.review.ReviewViewModel;
import org.zeofreeze.ui.run.ConfigOnlyLauncher;

/**
 * The move in the wizard, up to its review: the guide's buildout with a new server's buildout as
 * its target, Move chosen on the Choose page, and the target's zeo.conf listed in both phases.
 */
@ExtendWith(ApplicationExtension.class)
class WizardMoveFlowTest {
    @TempDir
    static Path temp;

    private Path target;
    private WizardHarness ui;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(temp, "move");
        Path buildout = MoveFixtures.guide(dir.resolve("zeocluster"));
        target = MoveFixtures.target(dir.resolve("new"));
        ui = WizardHarness.show(
                stage,
                MoveFixtures.profile(buildout, target),
                dir.resolve("profiles"),
                new ConfigOnlyLauncher(Clock.systemUTC()));
    }

    @Test
    void choosingMoveReviewsTheTargetsZeoConfWithTheClientsInEachPhase(FxRobot robot) {
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT
                || !ui.wizard.cluster().messageProperty().get().isEmpty()
                        && !ui.wizard.pager().busyProperty().get());
        assertThat(ui.wizard.cluster().messageProperty().get()).isEmpty();
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);

        // Choose: Move is offered (the profile has a target); chosen, it keeps the root locked.
        RadioButton move = robot.lookup("#mode-move").queryAs(RadioButton.class);
        assertThat(move.isDisabled()).isFalse();
        assertThat(robot.lookup("#move-blocker").queryAs(Label.class).isVisible())
                .isFalse();
        robot.clickOn(move);
        assertThat(ui.wizard.session().moves()).isTrue();
        assertThat(robot.lookup("#choose-intro").queryAs(Label.class).getText()).startsWith("Move the storages");
        assertThat(robot.lookup("#storage-1").queryAs(CheckBox.class).isDisabled())
                .isTrue();
        assertThat(robot.lookup("#storage-deepereconomics_org")
                        .queryAs(CheckBox.class)
                        .isSelected())
                .isTrue();
        // With a move only: the retire of the old sections, offered, not ticked.
        CheckBox retire = robot.lookup("#move-retire").queryAs(CheckBox.class);
        assertThat(retire.isVisible()).isTrue();
        assertThat(retire.isSelected()).isFalse();
        ui.screenshot("03-choose-move");

        // Review: the freeze's files, then the target's zeo.conf in each phase, each labelled.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW
                || !ui.wizard.choose().messageProperty().get().isEmpty()
                        && !ui.wizard.pager().busyProperty().get());
        assertThat(ui.wizard.choose().messageProperty().get()).isEmpty();
        @SuppressWarnings("unchecked")
        ListView<ReviewRow> files = robot.lookup("#review-files").queryAs(ListView.class);
        String zeoConf = target.resolve("parts/zeoserver/etc/zeo.conf").toString();
        assertThat(files.getItems())
                .filteredOn(r -> r.file().change().path().equals(zeoConf))
                .extracting(r -> r.file().phase())
                .containsExactly(MovePlan.Phase.SERVE.text(), MovePlan.Phase.WRITABLE.text());
        assertThat(files.getItems().get(0).file().phase()).isEqualTo(ReviewViewModel.FREEZE_PHASE);
        // Drawn too: the phase badges are on screen, not only in the model.
        assertThat(robot.lookup(".review-phase").match(Node::isVisible).queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains(MovePlan.Phase.SERVE.text());
        ReviewRow targetServe = files.getItems().stream()
                .filter(r -> r.file().change().path().equals(zeoConf))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> files.getSelectionModel().select(targetServe));
        waitUntil(() -> ui.wizard.review().selectedProperty().get() == targetServe.file());
        ui.screenshot("04-review-move");

        // Maintenance: rolling by default, the full stop offered too, the move's steps listed.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        assertThat(robot.lookup("#strategy-full-stop")
                        .queryAs(RadioButton.class)
                        .isDisabled())
                .isFalse();
        assertThat(robot.lookup("#strategy-rolling").queryAs(RadioButton.class).isSelected())
                .isTrue();
        assertThat(robot.lookup("#move-steps").queryAs(VBox.class).getChildren())
                .hasSize(5);
        // The checklist's long items (the target's path) wrap: no sideways scroll bar, nothing cut.
        ListView<?> checklist = robot.lookup("#maintenance-checklist").queryAs(ListView.class);
        assertThat(checklist.lookupAll(".scroll-bar"))
                .filteredOn(n -> n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL)
                .allMatch(n -> !n.isVisible());
        assertThat(checklist.lookupAll(".list-cell"))
                .filteredOn(n -> n instanceof ListCell<?> c
                        && c.getText() != null
                        && c.getText().contains(target.toString()))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(((ListCell<?>) n).getWidth()).isLessThanOrEqualTo(checklist.getWidth()));
        ui.screenshot("05-maintenance-move");
    }
}
