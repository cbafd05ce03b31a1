package org.zeofreeze.ui.maintenance;

import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckListView;

/** The Maintenance page's view: checklist, maintenance commands, the name to type. */
public final class MaintenancePage {
    private final MaintenanceViewModel model;

    public MaintenancePage(MaintenanceViewModel model) {
        this.model = model;
    }

    public Node build() {
        Label intro = new Label("Apply stops every Zope client and the ZEO server, writes the reviewed files and "
                + "starts them again. Before that:");
        intro.setWrapText(true);
        intro.getStyleClass().add("page-intro");
        CheckListView<String> checklist = new CheckListView<>(model.checklist());
        checklist.setId("maintenance-checklist");
        checklist.setPrefHeight(176);
        checklist.setMinHeight(120);

        CheckBox runCommands = new CheckBox("_Run the profile's maintenance commands");
        runCommands.setId("run-maintenance-commands");
        runCommands.selectedProperty().bindBidirectional(model.runMaintenanceCommandsProperty());
        Label on = new Label();
        on.textProperty().bind(Bindings.concat("On:  ", model.onCommandProperty()));
        Label off = new Label();
        off.textProperty().bind(Bindings.concat("Off: ", model.offCommandProperty()));
        on.getStyleClass().add("command");
        off.getStyleClass().add("command");
        VBox commands = new VBox(6, runCommands, on, off);
        Label noCommands = new Label("The profile has no maintenance commands: switch the front end yourself.");
        noCommands.getStyleClass().add("node-detail");
        VBox commandBox = new VBox(6, commands, noCommands);
        commands.visibleProperty().bind(model.onCommandProperty().isNotEmpty());
        commands.managedProperty().bind(commands.visibleProperty());
        noCommands.visibleProperty().bind(model.onCommandProperty().isEmpty());
        noCommands.managedProperty().bind(noCommands.visibleProperty());

        Label confirmLabel = new Label();
        confirmLabel.textProperty().bind(Bindings.concat("To apply, type the cluster's name (",
                model.expectedNameProperty(), "):"));
        TextField confirm = new TextField();
        confirm.setId("confirm-name");
        confirm.setMaxWidth(360);
        confirm.textProperty().bindBidirectional(model.typedNameProperty());
        confirm.promptTextProperty().bind(model.expectedNameProperty());
        confirmLabel.setLabelFor(confirm);
        Label confirmed = new Label("✓ Apply is enabled");
        confirmed.getStyleClass().add("ok-text");
        confirmed.visibleProperty().bind(Bindings.createBooleanBinding(() -> model.readyProperty().get(),
                model.readyProperty()));
        Label summary = new Label();
        summary.setId("apply-summary");
        summary.getStyleClass().add("apply-summary");
        summary.textProperty().bind(model.summaryProperty());
        return new VBox(12, intro, checklist, section("Maintenance mode"), commandBox,
                section("Confirm"), summary, confirmLabel, confirm, confirmed);
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }
}
