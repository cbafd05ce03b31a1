package org.zeofreeze.ui.maintenance;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckListView;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.ui.wizard.PageIntro;

/** The Maintenance page's view: checklist, maintenance commands, the name to type. */
public final class MaintenancePage {
    private final MaintenanceViewModel model;

    public MaintenancePage(MaintenanceViewModel model) {
        this.model = model;
    }

    public Node build() {
        ToggleGroup group = new ToggleGroup();
        RadioButton rolling = new RadioButton();
        rolling.textProperty().bind(model.rollingTextProperty());
        rolling.setId("strategy-rolling");
        rolling.setUserData(Strategy.ROLLING);
        RadioButton fullStop = new RadioButton("_Full stop: every client and ZEO down together, as the guide does it");
        fullStop.setId("strategy-full-stop");
        fullStop.setUserData(Strategy.FULL_STOP);
        rolling.setToggleGroup(group);
        fullStop.setToggleGroup(group);
        rolling.disableProperty().bind(model.rollingSafeProperty().not());
        group.selectToggle(model.strategyProperty().get() == Strategy.FULL_STOP ? fullStop : rolling);
        model.strategyProperty()
                .addListener((o, a, b) -> group.selectToggle(b == Strategy.FULL_STOP ? fullStop : rolling));
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.strategyProperty().set((Strategy) b.getUserData());
            }
        });
        Label reason = new Label();
        reason.setId("strategy-reason");
        reason.setWrapText(true);
        reason.textProperty().bind(model.strategyReasonProperty());
        Label notes = new Label();
        notes.setWrapText(true);
        notes.getStyleClass().add("node-detail");
        notes.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> String.join(
                                "\n",
                                model.strategyNotes().stream()
                                        .map(n -> "• " + n)
                                        .toList()),
                        model.strategyNotes()));
        VBox strategyBox = new VBox(6, rolling, fullStop, reason, notes);

        // A move: what it does after the copy, in order; read before the name is typed.
        Label moveTitle = section("The move");
        VBox moveSteps = new VBox(4);
        moveSteps.setId("move-steps");
        Runnable fillMove = () -> {
            moveSteps.getChildren().clear();
            for (int i = 0; i < model.moveSteps().size(); i++) {
                Label l = new Label((i + 1) + ". " + model.moveSteps().get(i));
                l.setWrapText(true);
                moveSteps.getChildren().add(l);
            }
        };
        model.moveSteps().addListener((ListChangeListener<String>) c -> fillMove.run());
        fillMove.run();
        VBox moveBox = new VBox(8, moveTitle, moveSteps);
        moveBox.visibleProperty().bind(Bindings.isNotEmpty(model.moveSteps()));
        moveBox.managedProperty().bind(moveBox.visibleProperty());

        Label intro =
                PageIntro.of("Before the run, a reminder: ZeoFreeze does not check these, and Apply does not wait "
                        + "for the ticks.");
        CheckListView<String> checklist = new CheckListView<>(model.checklist());
        checklist.setId("maintenance-checklist");
        checklist.setPrefHeight(176);
        checklist.setMinHeight(120);
        // Long items (a target path, the pre-sync's note) wrap within the list instead of scrolling sideways.
        checklist.setCellFactory(list -> {
            CheckBoxListCell<String> cell = new CheckBoxListCell<>(checklist::getItemBooleanProperty);
            cell.setWrapText(true);
            cell.prefWidthProperty().bind(list.widthProperty().subtract(24));
            cell.setMaxWidth(Control.USE_PREF_SIZE);
            return cell;
        });
        // What the wizard does not set up itself, and where it is set.
        Hyperlink clusterPage = new Hyperlink("Migration target and pre-sync: the Cluster page");
        clusterPage.setId("link-cluster-page");
        clusterPage.setOnAction(e -> model.showClusterPage());
        TextField drainAt = new TextField();
        drainAt.setId("drain-commands-at");
        drainAt.setEditable(false);
        drainAt.getStyleClass().add("command");
        drainAt.textProperty().bind(model.drainCommandsAtProperty());
        HBox.setHgrow(drainAt, Priority.ALWAYS);
        HBox setElsewhere = new HBox(12, clusterPage, drainAt);
        setElsewhere.setAlignment(Pos.CENTER_LEFT);

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
        confirmLabel
                .textProperty()
                .bind(Bindings.concat("To apply, type the cluster's name (", model.expectedNameProperty(), "):"));
        TextField confirm = new TextField();
        confirm.setId("confirm-name");
        confirm.setMaxWidth(360);
        confirm.textProperty().bindBidirectional(model.typedNameProperty());
        // No placeholder: the name in grey read as already typed. The label above says what to type.
        confirmLabel.setLabelFor(confirm);
        Label confirmed = new Label("✓ Apply is enabled");
        confirmed.getStyleClass().add("ok-text");
        confirmed
                .visibleProperty()
                .bind(Bindings.createBooleanBinding(() -> model.readyProperty().get(), model.readyProperty()));
        Label summary = new Label();
        summary.setId("apply-summary");
        summary.getStyleClass().add("apply-summary");
        summary.textProperty().bind(model.summaryProperty());
        VBox content = new VBox(
                12,
                section("Strategy"),
                strategyBox,
                moveBox,
                intro,
                checklist,
                setElsewhere,
                section("Maintenance mode"),
                commandBox,
                section("Confirm"),
                summary,
                confirmLabel,
                confirm,
                confirmed);
        // Scrolls rather than squeezing: a squeezed label cuts its sentence instead of wrapping it.
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        return scroll;
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }
}
