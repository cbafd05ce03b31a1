package org.zeofreeze.ui.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.zeofreeze.runbook.event.RunEvent;
import org.zeofreeze.runbook.event.StepState;
import org.zeofreeze.ui.session.VerifiedLines;

/** The Run page's view: status and buttons, the steps × hosts grid, copy progress, the log. */
public final class RunPage {
    private final RunViewModel model;
    private final GridPane grid = new GridPane();
    private static final double STEP_NAME_WIDTH = 400;
    private static final double COPIES_WIDTH = 250;
    private final VBox transfers = new VBox(8);

    public RunPage(RunViewModel model) {
        this.model = model;
    }

    public Node build() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(model.runningProperty());
        spinner.managedProperty().bind(spinner.visibleProperty()); // once ended, the outcome starts at the margin
        Label status = new Label();
        status.setId("run-status");
        status.getStyleClass().add("run-status");
        status.textProperty().bind(model.board().statusProperty());
        Button cancel = new Button("_Stop at safe point");
        cancel.setId("run-cancel");
        cancel.setTooltip(new Tooltip("Finish the current step, then stop; the cluster is left running"));
        cancel.disableProperty().bind(model.runningProperty().not().or(model.cancelRequestedProperty()));
        cancel.setOnAction(e -> model.cancel());
        Button rollBack = new Button("_Roll back");
        rollBack.setId("run-rollback");
        rollBack.getStyleClass().add("danger");
        rollBack.disableProperty().bind(model.canRollBackProperty().not());
        rollBack.setOnAction(e -> model.rollBack());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, spinner, status, spacer, cancel, rollBack);
        head.setAlignment(Pos.CENTER_LEFT);
        // How it ended, in words and colour, above the details.
        Label outcome = new Label();
        outcome.setId("run-outcome");
        outcome.setWrapText(true);
        outcome.getStyleClass().add("run-outcome");
        outcome.setMaxWidth(Double.MAX_VALUE);
        model.finishedProperty().addListener((o, a, f) -> {
            status.getStyleClass().removeIf(c -> c.startsWith("outcome-"));
            outcome.getStyleClass().removeIf(c -> c.startsWith("outcome-"));
            outcome.setText(f == null ? "" : f.plainlyDone() ? "Every step finished." : f.message());
            if (f != null) {
                String style = "outcome-" + f.outcome().name().toLowerCase().replace('_', '-');
                status.getStyleClass().add(style);
                outcome.getStyleClass().add(style);
            }
        });
        outcome.visibleProperty().bind(outcome.textProperty().isNotEmpty());
        outcome.managedProperty().bind(outcome.visibleProperty());
        // How long each storage was read-only before its copy was verified (a freeze with a target).
        Label frozen = lineWhileSaid("run-frozen-window", model.board().frozenWindowProperty());

        grid.setId("run-grid");
        grid.getStyleClass().add("run-grid");
        grid.setHgap(6);
        grid.setVgap(6);
        model.board().steps().addListener((ListChangeListener<StepRow>) c -> fillGrid());
        model.board().hosts().addListener((ListChangeListener<String>) c -> fillGrid());
        fillGrid();

        model.board().transfers().addListener((ListChangeListener<Transfer>) c -> fillTransfers());
        transfers.setId("run-transfers");
        fillTransfers();
        Label copyTitle = section("Copies");
        copyTitle.visibleProperty().bind(Bindings.isNotEmpty(model.board().transfers()));
        copyTitle.managedProperty().bind(copyTitle.visibleProperty());

        TextField filter = new TextField();
        filter.setId("log-filter");
        filter.setPromptText("Filter the log");
        filter.textProperty().bindBidirectional(model.board().logFilterProperty());
        // Stop has the focus while a run goes on. Disabled as the run ends, it would hand the focus on
        // to Roll back, where the next Space reaches the one button nobody meant: the log's filter
        // takes it (Finish is no steady home: it is disabled again while the summary is read).
        model.finishedProperty().addListener((o, a, f) -> {
            if (f != null && (cancel.isFocused() || rollBack.isFocused())) {
                filter.requestFocus();
            }
        });
        HBox.setHgrow(filter, Priority.ALWAYS);
        ComboBox<RunEvent.Level> level = new ComboBox<>();
        level.getItems().setAll(RunEvent.Level.values());
        level.valueProperty().bindBidirectional(model.board().minimumLevelProperty());
        level.setId("log-level");
        HBox logBar = new HBox(8, section("Log"), filter, new Label("at least"), level);
        logBar.setAlignment(Pos.CENTER_LEFT);
        ListView<LogLine> log = new ListView<>(model.board().visibleLog());
        log.setId("run-log");
        log.getStyleClass().add("log");
        log.setCellFactory(l -> new LogCell());
        // One scroll per burst of lines, not one per line: each scrollTo measures cells, and a
        // burst of hundreds (every file applied) held the FX thread for seconds.
        boolean[] scrollPending = {false};
        model.board().visibleLog().addListener((ListChangeListener<LogLine>) c -> {
            if (!scrollPending[0]) {
                scrollPending[0] = true;
                Platform.runLater(() -> {
                    scrollPending[0] = false;
                    if (!model.board().visibleLog().isEmpty()) {
                        log.scrollTo(model.board().visibleLog().size() - 1);
                    }
                });
            }
        });
        // The steps, the copies and the verified lines share the height with the log: a rolling run
        // of many clients, or pre-sync and copy bars for several storages, scroll instead of
        // pushing the log and the wizard's buttons off the window.
        Label verifiedTitle = section("Verified");
        verifiedTitle.visibleProperty().bind(Bindings.isNotEmpty(model.board().verified()));
        verifiedTitle.managedProperty().bind(verifiedTitle.visibleProperty());
        VBox verified = new VBox(3);
        verified.setId("run-verified");
        model.board().verified().addListener((ListChangeListener<String>) c ->
                verified.getChildren().setAll(VerifiedLines.labels(model.board().verified())));
        VBox stepsBox = new VBox(8, section("Steps"), grid, verifiedTitle, verified);
        VBox copiesBox = new VBox(8, copyTitle, transfers);
        // Wide enough for "host: storage.fs" and "1.5 GiB of 2.0 GiB · 80 MiB/s" on a line each.
        copiesBox.setMinWidth(COPIES_WIDTH);
        copiesBox.visibleProperty().bind(Bindings.isNotEmpty(model.board().transfers()));
        copiesBox.managedProperty().bind(copiesBox.visibleProperty());
        HBox.setHgrow(copiesBox, Priority.ALWAYS);
        HBox middle = new HBox(28, stepsBox, copiesBox);
        ScrollPane middleScroll = new ScrollPane(middle);
        middleScroll.setId("run-middle");
        middleScroll.setFitToWidth(true);
        middleScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        middleScroll.getStyleClass().add("edge-to-edge");
        middleScroll.setMinHeight(120);
        VBox.setVgrow(middleScroll, Priority.ALWAYS);
        log.setMinHeight(110);
        log.setPrefHeight(160);
        VBox.setVgrow(log, Priority.ALWAYS);
        // A rolling move: the time until its storages are writable at the target.
        Label estimate = lineWhileSaid("run-move-estimate", model.board().moveEstimateProperty());
        return new VBox(12, head, outcome, frozen, estimate, middleScroll, logBar, log);
    }

    /** A line of text, taking no room while it says nothing. */
    private static Label lineWhileSaid(String id, ObservableStringValue text) {
        Label line = new Label();
        line.setId(id);
        line.setWrapText(true);
        line.setMaxWidth(Double.MAX_VALUE);
        line.textProperty().bind(text);
        line.visibleProperty().bind(line.textProperty().isNotEmpty());
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private void fillGrid() {
        grid.getChildren().clear();
        List<String> columns = model.board().hostColumns();
        List<String> heads = new ArrayList<>(List.of(
                "Step",
                columns.isEmpty() && model.board().hosts().size() == 1
                        ? "State on " + model.board().hosts().get(0)
                        : "State"));
        heads.addAll(columns);
        for (int c = 0; c < heads.size(); c++) {
            Label head = new Label(heads.get(c));
            head.getStyleClass().add("column-head");
            grid.add(head, c, 0);
        }
        // Grid rows: the heads, then each step, with a move's group headings between them.
        int g = 0;
        for (int r = 0; r < model.board().steps().size(); r++) {
            StepRow row = model.board().steps().get(r);
            Optional<String> heading = StepGroups.headingBefore(row.id());
            if (heading.isPresent()) {
                Label group = new Label(heading.get());
                group.getStyleClass().add("step-group");
                group.setId("step-group-" + row.id().replace(':', '-'));
                grid.add(group, 0, ++g, heads.size(), 1);
            }
            g++;
            final int gridRow = g;
            Label name = new Label(row.title());
            name.getStyleClass().add("step-name");
            name.setMinWidth(220);
            // A long title wraps rather than being cut: the step column never crowds out the copies.
            name.setWrapText(true);
            name.setMaxWidth(STEP_NAME_WIDTH);
            name.setTooltip(new Tooltip(row.title()));
            grid.add(name, 0, gridRow);
            Label overall = stateCell("cell-" + (r + 1) + "-0");
            Runnable showOverall =
                    () -> showState(overall, row.summary(), row.messages().getOrDefault("", ""));
            row.overallProperty().addListener((o, a, b) -> showOverall.run());
            row.states().addListener((MapChangeListener<String, StepState>) ch -> showOverall.run());
            showOverall.run();
            grid.add(overall, 1, gridRow);
            for (int c = 0; c < columns.size(); c++) {
                String host = columns.get(c);
                Label cell = stateCell("cell-" + (r + 1) + "-" + (c + 1));
                if (row.touches(host)) {
                    Runnable show = () ->
                            showState(cell, row.state(host), row.messages().getOrDefault(host, ""));
                    row.states().addListener((MapChangeListener<String, StepState>) ch -> show.run());
                    row.overallProperty().addListener((o, a, b) -> show.run());
                    show.run();
                } else {
                    cell.setText("");
                }
                grid.add(cell, c + 2, gridRow);
            }
        }
    }

    private static final Map<StepState, PseudoClass> STATE = new EnumMap<>(StepState.class);

    static {
        for (StepState s : StepState.values()) {
            STATE.put(s, PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT)));
        }
    }

    private static Label stateCell(String id) {
        Label cell = new Label();
        cell.setId(id);
        cell.setMinWidth(120);
        cell.getStyleClass().add("state");
        return cell;
    }

    private static void showState(Label cell, StepState state, String message) {
        // The state is a pseudo-class (.state:done): changing it restyles the cell without a new style lookup.
        for (StepState s : StepState.values()) {
            cell.pseudoClassStateChanged(STATE.get(s), s == state);
        }
        String icon = switch (state) {
            case PENDING -> "○ ";
            case RUNNING -> "◔ ";
            case DONE -> "✓ ";
            case FAILED -> "✕ ";
            case SKIPPED -> "– ";
            case UNDONE -> "↺ ";
        };
        cell.setText(icon + state.name().toLowerCase().replace('_', ' '));
        // One tooltip per cell, its text changed: a new Tooltip each time is a popup window built anew.
        if (message == null || message.isBlank()) {
            cell.setTooltip(null);
        } else if (cell.getTooltip() == null) {
            cell.setTooltip(new Tooltip(message));
        } else {
            cell.getTooltip().setText(message);
        }
    }

    private void fillTransfers() {
        transfers.getChildren().clear();
        for (Transfer t : model.board().transfers()) {
            Label title = new Label(t.title());
            title.setWrapText(true);
            title.setTooltip(new Tooltip(t.title()));
            ProgressBar bar = new ProgressBar();
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.setMinHeight(Region.USE_PREF_SIZE);
            bar.progressProperty().bind(t.fractionProperty());
            Label text = new Label();
            text.getStyleClass().add("node-detail");
            text.textProperty().bind(t.textProperty());
            text.setWrapText(true);
            transfers.getChildren().add(new VBox(3, title, bar, text));
        }
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    /** A log line; its level is a pseudo-class, so a reused cell is restyled without a new style lookup. */
    private static final class LogCell extends ListCell<LogLine> {
        private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
        private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

        @Override
        protected void updateItem(LogLine line, boolean empty) {
            super.updateItem(line, empty);
            RunEvent.Level level = empty || line == null ? RunEvent.Level.INFO : line.level();
            pseudoClassStateChanged(WARNING, level == RunEvent.Level.WARNING);
            pseudoClassStateChanged(ERROR, level == RunEvent.Level.ERROR);
            setText(empty || line == null ? null : line.render());
        }
    }
}
