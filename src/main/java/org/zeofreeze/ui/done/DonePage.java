package org.zeofreeze.ui.done;

import java.io.File;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Done page's view: the headline, the facts, the journal path and the follow-ups. */
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
        Runnable fill = () -> facts.getChildren().setAll(model.facts().stream().map(f -> {
            Label l = new Label("• " + f);
            l.setWrapText(true);
            return l;
        }).toList());
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
            chooser.setInitialFileName("zeofreeze-report.md");
            File file = chooser.showSaveDialog(export.getScene().getWindow());
            if (file != null) {
                boolean asHtml = chooser.getSelectedExtensionFilter() == html || file.getName().endsWith(".html");
                model.exportReport(file.toPath(), asHtml ? RunReport.Format.HTML : RunReport.Format.MARKDOWN);
            }
        });
        Button thaw = new Button("_Thaw on the new servers…");
        thaw.setId("thaw-new-servers");
        thaw.getStyleClass().add("accent");
        thaw.setOnAction(e -> model.thawOnNewServers());
        HBox actions = new HBox(8, export, thaw);
        Label message = new Label();
        message.getStyleClass().add("page-message");
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        return new VBox(16, headline, facts, journalRow, actions, message);
    }
}
