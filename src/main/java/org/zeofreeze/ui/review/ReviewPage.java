package org.zeofreeze.ui.review;

import java.io.File;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.SegmentedButton;

/**
 * The Review page's view. The side-by-side diff is one list whose rows hold both halves, old and
 * new, so the two panes always scroll together and a line never drifts from its counterpart.
 */
public final class ReviewPage {
    private final ReviewViewModel model;

    public ReviewPage(ReviewViewModel model) {
        this.model = model;
    }

    public Node build() {
        ListView<FileEntry> files = new ListView<>(model.files());
        files.setId("review-files");
        files.setCellFactory(l -> new FileCell());
        files.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.selectedProperty().set(b);
            }
        });
        model.selectedProperty().addListener((o, a, b) -> files.getSelectionModel().select(b));
        files.setPrefWidth(340);
        files.setMinWidth(240);

        ListView<DiffRow> sideBySide = new ListView<>();
        sideBySide.setId("diff-side-by-side");
        sideBySide.getStyleClass().add("diff");
        sideBySide.setCellFactory(l -> new RowCell());
        ListView<String> unified = new ListView<>();
        unified.setId("diff-unified");
        unified.getStyleClass().add("diff");
        unified.setCellFactory(l -> new UnifiedCell());
        Runnable show = () -> {
            FileEntry entry = model.selectedProperty().get();
            sideBySide.getItems().setAll(entry == null ? List.of() : entry.rows());
            unified.getItems().setAll(entry == null ? List.of() : entry.diff().lines().toList());
            // Open at the first change rather than at line 1 of a long zope.conf.
            if (entry != null) {
                int first = Math.max(0, indexOfFirstChange(entry.rows()) - 4);
                sideBySide.scrollTo(first);
            }
        };
        model.selectedProperty().addListener((o, a, b) -> show.run());
        show.run();

        Label oldHead = new Label("Now");
        Label newHead = new Label("After");
        oldHead.getStyleClass().add("diff-head");
        newHead.getStyleClass().add("diff-head");
        HBox heads = new HBox(oldHead, newHead);
        oldHead.prefWidthProperty().bind(heads.widthProperty().divide(2));
        newHead.prefWidthProperty().bind(heads.widthProperty().divide(2));
        VBox sideBox = new VBox(heads, sideBySide);
        VBox.setVgrow(sideBySide, Priority.ALWAYS);
        StackPane diffArea = new StackPane(sideBox, unified);
        sideBox.visibleProperty().bind(model.viewProperty().isEqualTo(ReviewViewModel.View.SIDE_BY_SIDE));
        unified.visibleProperty().bind(model.viewProperty().isEqualTo(ReviewViewModel.View.UNIFIED));
        VBox.setVgrow(diffArea, Priority.ALWAYS);

        ToggleButton sideButton = new ToggleButton("_Side by side");
        sideButton.setId("view-side-by-side");
        ToggleButton unifiedButton = new ToggleButton("_Unified");
        unifiedButton.setId("view-unified");
        SegmentedButton views = new SegmentedButton(sideButton, unifiedButton);
        ToggleGroup group = views.getToggleGroup();
        group.selectToggle(sideButton);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                group.selectToggle(a); // one view is always shown
            } else {
                model.viewProperty().set(b == unifiedButton ? ReviewViewModel.View.UNIFIED : ReviewViewModel.View.SIDE_BY_SIDE);
            }
        });
        Button export = new Button("E_xport patch…");
        export.setId("export-patch");
        export.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder for the patches (one per host)");
            File dir = chooser.showDialog(export.getScene().getWindow());
            if (dir != null) {
                model.exportPatchesTo(dir.toPath());
            }
        });
        Button copy = new Button("_Copy");
        copy.setId("copy-diff");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.copyText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, views, spacer, copy, export);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("review-message");
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        VBox right = new VBox(8, toolbar, diffArea, message);
        SplitPane split = new SplitPane(files, right);
        split.setDividerPositions(0.27);
        SplitPane.setResizableWithParent(files, false);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label intro = new Label("Every file that will change, on every host. Nothing is written that is not shown "
                + "here, and the run refuses a file that changed since this plan was made.");
        intro.setWrapText(true);
        intro.getStyleClass().add("page-intro");
        return new VBox(12, intro, split);
    }

    private static int indexOfFirstChange(List<DiffRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).changed()) {
                return i;
            }
        }
        return 0;
    }

    private static final class FileCell extends ListCell<FileEntry> {
        @Override
        protected void updateItem(FileEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(entry.label());
            name.getStyleClass().add("file-name");
            name.setWrapText(true); // a long path wraps rather than losing its file name
            Label count = new Label(entry.changedLines() + (entry.changedLines() == 1 ? " line" : " lines"));
            count.getStyleClass().addAll("badge", "badge-count");
            count.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label summary = new Label(String.join("\n", entry.change().summary()));
            summary.getStyleClass().add("node-detail");
            summary.setWrapText(true);
            HBox detail = new HBox(6, count, summary);
            detail.setAlignment(Pos.TOP_LEFT);
            VBox box = new VBox(3, name, detail);
            box.maxWidthProperty().bind(getListView().widthProperty().subtract(30));
            box.prefWidthProperty().bind(box.maxWidthProperty());
            setText(null);
            setGraphic(box);
        }
    }

    /** A side-by-side row: number and text of the old line | number and text of the new line. */
    static final class RowCell extends ListCell<DiffRow> {
        @Override
        protected void updateItem(DiffRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("row-same", "row-changed", "row-added", "row-removed");
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            getStyleClass().add("row-" + row.kind().name().toLowerCase());
            HBox left = half(row.oldNumber(), row.oldText(), "old");
            HBox right = half(row.newNumber(), row.newText(), "new");
            HBox both = new HBox(left, right);
            left.prefWidthProperty().bind(widthProperty().subtract(20).divide(2));
            right.prefWidthProperty().bind(widthProperty().subtract(20).divide(2));
            left.setMinWidth(0);
            right.setMinWidth(0);
            setText(null);
            setGraphic(both);
        }

        private static HBox half(Integer number, String text, String side) {
            Label no = new Label(number == null ? "" : number.toString());
            no.getStyleClass().add("line-number");
            no.setMinWidth(44);
            no.setAlignment(Pos.CENTER_RIGHT);
            Label line = new Label(text == null ? "" : text);
            line.getStyleClass().add("line-text");
            line.setMinWidth(0);
            HBox box = new HBox(10, no, line);
            box.getStyleClass().addAll("half", side, text == null ? "blank" : "filled");
            return box;
        }
    }

    private static final class UnifiedCell extends ListCell<String> {
        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll("line-add", "line-del", "line-hunk", "line-file");
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line);
            if (line.startsWith("+++") || line.startsWith("---")) {
                getStyleClass().add("line-file");
            } else if (line.startsWith("+")) {
                getStyleClass().add("line-add");
            } else if (line.startsWith("-")) {
                getStyleClass().add("line-del");
            } else if (line.startsWith("@@")) {
                getStyleClass().add("line-hunk");
            }
        }
    }
}
