package org.zeofreeze.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zeofreeze.ui.WizardHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.testing.Engines;
import org.zeofreeze.testing.Fixtures;
import org.zeofreeze.ui.layout.LayoutNode;
import org.zeofreeze.ui.review.DiffRow;
import org.zeofreeze.ui.review.FileEntry;
import org.zeofreeze.ui.review.ReviewRow;

/**
 * Clicks through the whole wizard on a copy of the guide's buildout (one ZEO server with the root
 * storage '1' and 'deepereconomics.org', two clients), freezing with the default choice, and keeps
 * a screenshot of every page.
 */
@ExtendWith(ApplicationExtension.class)
class WizardFreezeFlowTest {
    @TempDir
    static Path temp;

    private Path buildout;
    private WizardHarness ui;

    @Start
    void start(Stage stage) throws Exception {
        buildout = Fixtures.copyTree(
                "guide", Files.createTempDirectory(temp, "run").resolve("zeocluster"));
        ui = WizardHarness.show(stage, buildout, temp.resolve("profiles"));
    }

    @Test
    void freezesTheMountedStorageAfterShowingEveryDiff(FxRobot robot) throws Exception {
        // Cluster: the --buildout profile is there; testing the connection finds the buildout.
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.CLUSTER);
        robot.clickOn("#test-connections");
        Label result = robot.lookup("#host-result-0").queryAs(Label.class);
        waitUntil(() -> result.getText().startsWith("Connected"));
        assertThat(result.getText()).contains("this computer", "1 ZEO server", "2 Zope clients");
        ui.screenshot("01-cluster");

        // Layout: both storages, the root one with its badge, both writable.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.LAYOUT
                || !ui.wizard.cluster().messageProperty().get().isEmpty()
                        && !ui.wizard.pager().busyProperty().get());
        assertThat(ui.wizard.cluster().messageProperty().get()).isEmpty();
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.LAYOUT);
        @SuppressWarnings("unchecked")
        TreeView<LayoutNode> tree = robot.lookup("#layout-tree").queryAs(TreeView.class);
        List<LayoutNode> storages = nodes(tree.getRoot(), LayoutNode.Kind.STORAGE);
        assertThat(storages).extracting(LayoutNode::title).containsExactly("1", "deepereconomics.org");
        assertThat(storages.get(0).hasBadge("root")).isTrue();
        assertThat(storages.get(1).hasBadge("root")).isFalse();
        assertThat(storages).allMatch(s -> s.hasBadge("writable"));
        assertThat(storages.get(1).detail()).contains("deepereconomics.org.fs", "blobstorage-deepereconomics.org");
        assertThat(robot.lookup(".badge-root").queryAll()).isNotEmpty(); // drawn, not only modelled
        ui.screenshot("02-layout");

        // Choose: the root cannot be ticked, whatever is clicked; the reason is shown.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        CheckBox root = robot.lookup("#storage-1").queryAs(CheckBox.class);
        CheckBox mounted = robot.lookup("#storage-deepereconomics_org").queryAs(CheckBox.class);
        assertThat(root.isDisabled()).isTrue();
        robot.clickOn(root);
        assertThat(root.isSelected()).isFalse();
        assertThat(mounted.isSelected()).isTrue();
        assertThat(robot.lookup("#lock-reason-1").queryAs(Label.class).getText())
                .contains("root", "never frozen");
        ui.screenshot("03-choose");

        // Review: three files, the two clients' identical change under one row, and in each only
        // 'read-only true' lines change.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.REVIEW);
        @SuppressWarnings("unchecked")
        ListView<ReviewRow> files = robot.lookup("#review-files").queryAs(ListView.class);
        assertThat(files.getItems())
                .extracting(r -> r.file().label())
                .containsExactly("parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf");
        assertThat(files.getItems().get(1).appliesTo()).isEqualTo("the same change in 2 files");
        robot.clickOn(robot.lookup("#same-change-toggle").match(Node::isVisible).queryAs(Node.class));
        waitUntil(() -> files.getItems().size() == 3);
        assertThat(files.getItems())
                .extracting(r -> r.file().label())
                .containsExactly(
                        "parts/zeoserver/etc/zeo.conf", "parts/client1/etc/zope.conf", "parts/client2/etc/zope.conf");
        @SuppressWarnings("unchecked")
        ListView<DiffRow> sideBySide = robot.lookup("#diff-side-by-side").queryAs(ListView.class);
        for (int i = 0; i < files.getItems().size(); i++) {
            robot.clickOn(robot.lookup("#review-files .list-cell").nth(i).queryAs(Node.class));
            FileEntry shown = files.getItems().get(i).file();
            waitUntil(() -> ui.wizard.review().selectedProperty().get() == shown);
            List<DiffRow> changed =
                    sideBySide.getItems().stream().filter(DiffRow::changed).toList();
            assertThat(changed).as("changed rows of %s", shown.label()).hasSize(1);
            assertThat(changed.get(0).newText().strip()).isEqualTo("read-only true");
            assertThat(changed.get(0).oldText()).isNull(); // the line is added; nothing else moves
            assertThat(sideBySide.getItems())
                    .filteredOn(r -> !r.changed())
                    .allMatch(r -> r.oldText().equals(r.newText()));
            if (i == 1) {
                // The view shown is the one that looks chosen, from the first look on.
                ToggleButton side = robot.lookup("#view-side-by-side").queryAs(ToggleButton.class);
                ToggleButton uni = robot.lookup("#view-unified").queryAs(ToggleButton.class);
                assertThat(side.getBackground().getFills())
                        .isNotEqualTo(uni.getBackground().getFills());
                assertThat(side.getTextFill()).isNotEqualTo(uni.getTextFill());
                // A line longer than its half is not cut: the shared bar moves both halves' text.
                ScrollBar hscroll = robot.lookup("#diff-hscroll").queryAs(ScrollBar.class);
                waitUntil(hscroll::isVisible);
                assertThat(hscroll.getMax()).isPositive();
                List<Label> varLines = robot
                        .lookup("#diff-side-by-side .line-text")
                        .match((Label l) ->
                                l.getText().startsWith("var /") && l.getText().length() > 40)
                        .queryAllAs(Label.class)
                        .stream()
                        .toList();
                assertThat(varLines).hasSizeGreaterThanOrEqualTo(2);
                assertThat(varLines).as("laid out whole, not cut").allMatch(l -> l.getWidth() >= l.prefWidth(-1) - 0.5);
                robot.interact(() -> hscroll.setValue(hscroll.getMax()));
                assertThat(varLines).allMatch(l -> l.getTranslateX() == -hscroll.getMax());
                robot.interact(() -> hscroll.setValue(0));
                ui.screenshot("04-review");
                robot.clickOn("#view-unified");
                ui.screenshot("04-review-unified");
                robot.clickOn("#view-side-by-side");
            }
        }

        // Maintenance: Apply stays disabled until the cluster's name is typed, exactly.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.MAINTENANCE);
        Button apply = robot.lookup("#wizard-next").queryAs(Button.class);
        assertThat(apply.getText()).isEqualTo("_Apply"); // Alt+A
        assertThat(apply.isDisabled()).isTrue();
        String name = buildout.getFileName().toString();
        // An empty field looks empty: no name in grey that reads as typed already.
        assertThat(robot.lookup("#confirm-name").queryAs(TextField.class).getPromptText())
                .isNullOrEmpty();
        robot.clickOn("#confirm-name").write(name.substring(0, name.length() - 1));
        assertThat(apply.isDisabled()).isTrue();
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.MAINTENANCE);
        robot.write(name.substring(name.length() - 1));
        waitUntil(() -> !apply.isDisabled());
        ui.screenshot("05-maintenance");
        // Enter never applies, even with the name typed.
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertThat(ui.page()).isEqualTo(ZeoFreezeWizard.MAINTENANCE);

        // Run: applies, verifies, finishes; the files on disk are frozen.
        robot.clickOn(apply);
        waitUntil(() -> ui.page() == ZeoFreezeWizard.RUN);
        waitUntil(() -> ui.wizard.run().finishedProperty().get() != null);
        assertThat(ui.wizard.run().finishedProperty().get().outcome()).isEqualTo(RunEvent.Outcome.DONE);
        assertThat(robot.lookup("#run-status").queryAs(Label.class).getText()).isEqualTo("Done");
        assertThat(robot.lookup(".state")
                        .match((Node n) -> n.getPseudoClassStates().contains(PseudoClass.getPseudoClass("done")))
                        .queryAll())
                .isNotEmpty();
        // Stop had the focus while it ran; at the end it never passes on to Roll back.
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#run-rollback").query().isFocused()).isFalse();
        assertThat(robot.lookup("#log-filter").query().isFocused()).isTrue();
        ui.screenshot("06-run");
        Cluster after = Engines.discover(buildout).cluster();
        Storage frozen = after.storages().stream()
                .filter(s -> s.name().equals("deepereconomics.org"))
                .findFirst()
                .orElseThrow();
        assertThat(after.frozenEverywhere(frozen)).isTrue();
        Storage rootStorage = after.storages().stream()
                .filter(s -> s.name().equals("1"))
                .findFirst()
                .orElseThrow();
        assertThat(after.frozenAnywhere(rootStorage)).isFalse();

        // Done: the summary and the journal.
        robot.clickOn("#wizard-next");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.DONE);
        assertThat(robot.lookup("#done-headline").queryAs(Label.class).getText().toLowerCase(Locale.ROOT))
                .isEqualTo("1 storage frozen");
        assertThat(ui.wizard.done().journalProperty().get()).startsWith(buildout + "/var/zeofreeze/apply-");
        // The backups the run left beside each file, removable once verified; the next steps that fit
        // a freeze; a Close button and no Next that could never be pressed.
        waitUntil(() -> ui.wizard.done().backups().size() == 3);
        assertThat(ui.wizard.done().backups())
                .allMatch(b -> b.file().startsWith(buildout + "/parts/")
                        && b.file().endsWith(".conf")
                        && b.backup().startsWith(b.file() + ".zeofreeze-")
                        && b.backup().endsWith(".bak"));
        assertThat(robot.lookup("#remove-backups").queryAs(Button.class).isDisabled())
                .isFalse();
        assertThat(robot.lookup("#thaw-this-cluster").queryAs(Button.class).isDisabled())
                .isFalse();
        assertThat(robot.lookup("#done-rollback").queryAs(Button.class).isDisabled())
                .isFalse();
        assertThat(robot.lookup("#wizard-cancel").queryAs(Button.class).getText())
                .isEqualTo("_Close");
        assertThat(robot.lookup("#wizard-next").queryAs(Button.class).isVisible())
                .isFalse();
        ui.screenshot("07-done");

        // Thaw this cluster: the Choose page in thaw mode, on the cluster as the run left it.
        robot.clickOn("#thaw-this-cluster");
        waitUntil(() -> ui.page() == ZeoFreezeWizard.CHOOSE);
        assertThat(ui.wizard.session().modeProperty().get()).isEqualTo(Mode.THAW);
        assertThat(robot.lookup("#choose-intro").queryAs(Label.class).getText()).startsWith("Thaw the storages");
        assertThat(robot.lookup("#storage-deepereconomics_org")
                        .queryAs(CheckBox.class)
                        .isSelected())
                .isTrue();
        assertThat(robot.lookup("#wizard-next").queryAs(Button.class).isVisible())
                .isTrue();
    }

    private static List<LayoutNode> nodes(TreeItem<LayoutNode> item, LayoutNode.Kind kind) {
        List<LayoutNode> out = new ArrayList<>();
        if (item.getValue() != null && item.getValue().kind() == kind) {
            out.add(item.getValue());
        }
        item.getChildren().forEach(child -> out.addAll(nodes(child, kind)));
        return out;
    }
}
