package org.zeofreeze.ui.done;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.zeofreeze.ui.session.RunSummary;
import org.zeofreeze.ui.session.VerifiedLines;

/**
 * The Done page's view: the headline, the facts, the journal, the backups the run left, and the
 * next steps; a button that cannot apply is disabled and says why beside it.
 */
public final class DonePage {
    private final DoneViewModel model;

    public DonePage(DoneViewModel model) {
        this.model = model;
    }

    public Node build() {
        Label headline = new Label();
        headline.setId("done-headline");
        headline.getStyleClass().add("done-headline");
        headline.textProperty().bind(model.headlineProperty());
        VBox facts = new VBox(6);
        facts.setId("done-facts");
        Runnable fill = () -> facts.getChildren()
                .setAll(model.facts().stream()
                        .map(f -> {
                            Label l = new Label("• " + f);
                            l.setWrapText(true);
                            return l;
                        })
                        .toList());
        model.facts().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();

        TextField journal = new TextField();
        journal.setId("done-journal");
        journal.setEditable(false);
        journal.textProperty().bind(model.journalProperty());
        HBox.setHgrow(journal, Priority.ALWAYS);
        HBox journalRow = new HBox(8, new Label("Journal"), journal);
        journalRow.setAlignment(Pos.CENTER_LEFT);

        Button export = new Button("_Export report…");
        export.setId("export-report");
        export.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export the report");
            FileChooser.ExtensionFilter md = new FileChooser.ExtensionFilter("Markdown", "*.md");
            FileChooser.ExtensionFilter html = new FileChooser.ExtensionFilter("HTML", "*.html");
            chooser.getExtensionFilters().addAll(md, html);
            chooser.setInitialDirectory(model.exportDirectory().toFile());
            chooser.setInitialFileName(model.exportFileName());
            File file = chooser.showSaveDialog(export.getScene().getWindow());
            if (file != null) {
                boolean asHtml = chooser.getSelectedExtensionFilter() == html
                        || file.getName().endsWith(".html");
                model.exportReport(file.toPath(), asHtml ? RunReport.Format.HTML : RunReport.Format.MARKDOWN);
            }
        });
        Button thaw = new Button("_Thaw this cluster");
        thaw.setId("thaw-this-cluster");
        thaw.getStyleClass().add("accent");
        thaw.disableProperty().bind(model.thawBlockerProperty().isNotEmpty());
        thaw.setOnAction(e -> model.thaw());
        Button rollBack = new Button("_Roll back");
        rollBack.setId("done-rollback");
        // Outlined: offered, but not the step a finished run is expected to take.
        rollBack.getStyleClass().addAll("danger", "button-outlined");
        rollBack.disableProperty().bind(model.rollBackBlockerProperty().isNotEmpty());
        rollBack.setOnAction(e -> {
            if (confirm(
                    rollBack,
                    "Roll back the run?",
                    "Every file the run changed is put back from its backup, and "
                            + "what it stopped is started again.",
                    "Roll _back")) {
                model.rollBack();
            }
        });
        Button move = new Button("Mo_ve to the new server");
        move.setId("move-to-new-server");
        move.disableProperty().bind(model.moveBlockerProperty().isNotEmpty());
        move.setOnAction(e -> model.move());
        VBox next = new VBox(
                8,
                action(thaw, model.thawBlockerProperty(), "thaw-reason"),
                action(move, model.moveBlockerProperty(), "move-reason"),
                action(rollBack, model.rollBackBlockerProperty(), "rollback-reason"),
                action(export, null, null));

        Label info = new Label();
        info.setId("done-info");
        info.getStyleClass().addAll("page-message", "info");
        info.setWrapText(true);
        info.textProperty().bind(model.infoProperty());
        info.visibleProperty().bind(model.infoProperty().isNotEmpty());
        info.managedProperty().bind(info.visibleProperty());
        Label message = new Label();
        message.setId("done-message");
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        // The timeline comes right after the summary, then the checked outcome: a move's twenty
        // verified lines no longer push the picture of the run out of sight.
        VBox verified = new VBox(3);
        verified.setId("done-verified");
        Runnable fillVerified = () -> verified.getChildren().setAll(VerifiedLines.labels(model.verified()));
        model.verified().addListener((ListChangeListener<String>) c -> fillVerified.run());
        fillVerified.run();
        Label verifiedTitle = section("Verified");
        VBox verifiedBox = new VBox(8, verifiedTitle, verified);
        verifiedBox.visibleProperty().bind(Bindings.isNotEmpty(model.verified()));
        verifiedBox.managedProperty().bind(verifiedBox.visibleProperty());

        TimelineView timeline = new TimelineView(model.timelineProperty());
        VBox timelineBox = new VBox(8, section("Timeline"), timeline);
        timelineBox.visibleProperty().bind(timeline.visibleProperty());
        timelineBox.managedProperty().bind(timeline.visibleProperty());

        VBox content = new VBox(
                16,
                headline,
                facts,
                timelineBox,
                verifiedBox,
                journalRow,
                backups(),
                section("Next"),
                next,
                info,
                message);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        return scroll;
    }

    /** The backups the run left beside each file, and removing them once the run is verified. */
    private Node backups() {
        VBox list = new VBox(2);
        list.setId("done-backups");
        Runnable fill = () -> list.getChildren()
                .setAll(model.backups().stream()
                        .map(b -> {
                            Label l = new Label(b.toString());
                            l.getStyleClass().add("command");
                            return l;
                        })
                        .toList());
        model.backups().addListener((ListChangeListener<RunSummary.Backup>) c -> fill.run());
        fill.run();
        Button remove = new Button("Re_move backups…");
        remove.setId("remove-backups");
        remove.disableProperty().bind(model.removeBlockerProperty().isNotEmpty().or(model.removingProperty()));
        remove.setOnAction(e -> {
            int n = model.backups().size();
            if (confirm(
                    remove,
                    "Remove " + n + (n == 1 ? " backup?" : " backups?"),
                    "Only the backups listed are "
                            + "removed ("
                            + String.join(
                                    ", ",
                                    model.backups().stream()
                                            .map(Object::toString)
                                            .toList()) + ").\n\n"
                            + "Roll back and 'zeofreeze revert' restore the files from them, and a later thaw uses them to take "
                            + "out exactly the lines this freeze added (without them it writes 'read-only false' instead). "
                            + "Remove them only once you will not go back.",
                    "_Remove")) {
                model.removeBackups();
            }
        });
        Label title = section("Backups");
        Label note =
                new Label("Made by this run beside each file it changed. Roll back, 'zeofreeze revert' and a later "
                        + "thaw use them: remove them once you will not go back.");
        note.setWrapText(true);
        note.getStyleClass().add("node-detail");
        VBox box =
                new VBox(8, title, note, list, action(remove, model.removeBlockerProperty(), "remove-backups-reason"));
        // Nothing to say about backups before a run, or after one that made none.
        box.visibleProperty()
                .bind(Bindings.isNotEmpty(model.backups())
                        .or(model.removeBlockerProperty().isEqualTo("The backups are removed")));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** A button with the reason it is disabled beside it (a disabled button shows no tooltip). */
    private static Node action(Button button, ObservableStringValue blocker, String id) {
        button.setMinWidth(200);
        if (blocker == null) {
            return button;
        }
        Label reason = new Label();
        reason.setId(id);
        reason.getStyleClass().add("node-detail");
        reason.setWrapText(true);
        reason.textProperty().bind(blocker);
        HBox row = new HBox(12, button, reason);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static boolean confirm(Node owner, String header, String text, String yes) {
        ButtonType go = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, go, keep);
        alert.initOwner(owner.getScene().getWindow());
        alert.setTitle("ZeoFreeze");
        alert.setHeaderText(header);
        // Enter keeps everything: removing or rolling back is pressed on purpose.
        ((Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }
}
