package org.zeofreeze.ui.review;

import java.io.File;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.stage.DirectoryChooser;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.ui.wizard.PageIntro;

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
        ListView<ReviewRow> files = new ListView<>(model.rows());
        files.setId("review-files");
        files.setCellFactory(l -> new FileCell(model));
        files.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.selectedProperty().set(b.file());
            }
        });
        Runnable selectRow = () -> {
            FileEntry entry = model.selectedProperty().get();
            ReviewRow current = files.getSelectionModel().getSelectedItem();
            if (current != null && current.file() == entry) {
                return;
            }
            model.rows().stream()
                    .filter(r -> r.file() == entry)
                    .findFirst()
                    .ifPresentOrElse(
                            r -> files.getSelectionModel().select(r),
                            () -> files.getSelectionModel().clearSelection());
        };
        model.selectedProperty().addListener((o, a, b) -> selectRow.run());
        selectRow.run();
        files.setPrefWidth(340);
        files.setMinWidth(240);

        // Long lines are not cut: one horizontal scroll bar moves the text of both halves (and of the
        // unified view) together, so a line and its counterpart stay side by side.
        ScrollBar hscroll = new ScrollBar();
        hscroll.setId("diff-hscroll");
        hscroll.setOrientation(Orientation.HORIZONTAL);
        DoubleProperty offset = hscroll.valueProperty();
        ListView<DiffRow> sideBySide = new ListView<>();
        sideBySide.setId("diff-side-by-side");
        sideBySide.getStyleClass().add("diff");
        sideBySide.setCellFactory(l -> new RowCell(offset));
        ListView<String> unified = new ListView<>();
        unified.setId("diff-unified");
        unified.getStyleClass().add("diff");
        unified.setCellFactory(l -> new UnifiedCell(offset));
        for (ListView<?> list : List.of(sideBySide, unified)) {
            scrollSideways(list, hscroll);
        }
        // Only the view on screen is filled: the other one is filled when it is switched to.
        Runnable show = () -> {
            FileEntry entry = model.selectedProperty().get();
            if (model.viewProperty().get() == ReviewViewModel.View.UNIFIED) {
                unified.getItems()
                        .setAll(entry == null ? List.of() : entry.diff().lines().toList());
                sideBySide.getItems().clear();
            } else {
                sideBySide.getItems().setAll(entry == null ? List.of() : entry.rows());
                unified.getItems().clear();
                // Open at the first change rather than at line 1 of a long zope.conf.
                if (entry != null) {
                    sideBySide.scrollTo(Math.max(0, indexOfFirstChange(entry.rows()) - 4));
                }
            }
        };
        model.selectedProperty().addListener((o, a, b) -> show.run());
        model.viewProperty().addListener((o, a, b) -> show.run());
        show.run();
        // How far the longest line reaches past what a half (or the unified view) shows.
        Runnable extent = () -> {
            FileEntry entry = model.selectedProperty().get();
            boolean sideways = model.viewProperty().get() == ReviewViewModel.View.SIDE_BY_SIDE;
            int longest = entry == null
                    ? 0
                    : (sideways
                                    ? entry.rows().stream()
                                            .mapToInt(r -> Math.max(length(r.oldText()), length(r.newText())))
                                    : entry.diff().lines().mapToInt(String::length))
                            .max()
                            .orElse(0);
            double shown = sideways ? (sideBySide.getWidth() - 20) / 2 - NUMBER_WIDTH - 10 : unified.getWidth() - 24;
            double over = Math.max(0, longest * charWidth() + 12 - shown);
            hscroll.setMax(over);
            hscroll.setVisibleAmount(over == 0 ? 0 : Math.max(1, shown * over / (shown + over)));
            hscroll.setUnitIncrement(charWidth() * 4);
            hscroll.setBlockIncrement(Math.max(charWidth() * 4, shown / 2));
            if (hscroll.getValue() > over) {
                hscroll.setValue(over);
            }
        };
        model.selectedProperty().addListener((o, a, b) -> {
            hscroll.setValue(0);
            extent.run();
        });
        model.viewProperty().addListener((o, a, b) -> extent.run());
        sideBySide.widthProperty().addListener((o, a, b) -> extent.run());
        unified.widthProperty().addListener((o, a, b) -> extent.run());
        extent.run();
        hscroll.visibleProperty().bind(hscroll.maxProperty().greaterThan(0));
        hscroll.managedProperty().bind(hscroll.visibleProperty());

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
        VBox diffWithScroll = new VBox(diffArea, hscroll);
        VBox.setVgrow(diffWithScroll, Priority.ALWAYS);

        ToggleButton sideButton = new ToggleButton("_Side by side");
        sideButton.setId("view-side-by-side");
        ToggleButton unifiedButton = new ToggleButton("_Unified");
        unifiedButton.setId("view-unified");
        // AtlantaFX's pill toggles rather than ControlsFX's SegmentedButton, whose own stylesheet drew
        // the chosen view no differently from the other.
        sideButton.getStyleClass().add("left-pill");
        unifiedButton.getStyleClass().add("right-pill");
        ToggleGroup group = new ToggleGroup();
        sideButton.setToggleGroup(group);
        unifiedButton.setToggleGroup(group);
        HBox views = new HBox(sideButton, unifiedButton);
        group.selectToggle(sideButton);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                group.selectToggle(a); // one view is always shown
            } else {
                model.viewProperty()
                        .set(b == unifiedButton ? ReviewViewModel.View.UNIFIED : ReviewViewModel.View.SIDE_BY_SIDE);
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

        VBox right = new VBox(8, toolbar, diffWithScroll, message);
        SplitPane split = new SplitPane(files, right);
        split.setDividerPositions(0.27);
        SplitPane.setResizableWithParent(files, false);
        VBox.setVgrow(split, Priority.ALWAYS);
        Label intro = PageIntro.of("Every file that will change, on every host. Nothing is written that is not shown "
                + "here, and the run refuses a file that changed since this plan was made.");
        return new VBox(12, intro, split);
    }

    static final double NUMBER_WIDTH = 44;
    private static double charWidth = -1;

    /** The width of one character of the diff's monospaced face. */
    static double charWidth() {
        if (charWidth < 0) {
            Text probe = new Text("0123456789");
            probe.setFont(Font.font("DejaVu Sans Mono", 13));
            charWidth = probe.getLayoutBounds().getWidth() / 10;
        }
        return charWidth;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** A sideways wheel (or Shift+wheel) and Left/Right in the list move the shared scroll bar. */
    private static void scrollSideways(ListView<?> list, ScrollBar bar) {
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            double dx = e.getDeltaX() != 0 ? e.getDeltaX() : e.isShiftDown() ? e.getDeltaY() : 0;
            if (dx != 0 && bar.getMax() > 0) {
                bar.setValue(Math.max(0, Math.min(bar.getMax(), bar.getValue() - dx)));
                e.consume();
            }
        });
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.RIGHT) {
                bar.increment();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT) {
                bar.decrement();
                e.consume();
            }
        });
    }

    /** A line's text in a clipped window, moved by the shared offset rather than cut with "…". */
    static StackPane window(Label text, DoubleProperty offset) {
        text.setMinWidth(Region.USE_PREF_SIZE);
        text.translateXProperty().bind(offset.negate());
        StackPane window = new StackPane(text);
        window.setAlignment(Pos.CENTER_LEFT);
        window.setMinWidth(0);
        HBox.setHgrow(window, Priority.ALWAYS);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(window.widthProperty());
        clip.heightProperty().bind(window.heightProperty());
        window.setClip(clip);
        return window;
    }

    private static int indexOfFirstChange(List<DiffRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).changed()) {
                return i;
            }
        }
        return 0;
    }

    /** A file of the list; the first file of a shared change says so and opens the list of the others. */
    private static final class FileCell extends ListCell<ReviewRow> {
        private final ReviewViewModel model;
        private final Label name = new Label();
        private final Label count = new Label();
        private final Label summary = new Label();
        private final Label shared = new Label();
        private final Label phase = new Label();
        private final Button toggle = new Button();
        private final VBox box;

        FileCell(ReviewViewModel model) {
            this.model = model;
            // A move writes some files twice (the target's zeo.conf, each client's): the phase tells the diffs apart.
            phase.getStyleClass().addAll("badge", "review-phase");
            phase.setWrapText(true);
            phase.managedProperty().bind(phase.visibleProperty());
            name.getStyleClass().add("file-name");
            name.setWrapText(true); // a long path wraps rather than losing its file name
            count.getStyleClass().addAll("badge", "badge-count");
            count.setMinWidth(Region.USE_PREF_SIZE);
            toggle.setMinWidth(Region.USE_PREF_SIZE);
            summary.getStyleClass().add("node-detail");
            summary.setWrapText(true);
            shared.getStyleClass().add("node-detail");
            shared.setWrapText(true);
            toggle.getStyleClass().addAll("flat", "small");
            toggle.setId("same-change-toggle");
            toggle.setOnAction(e -> {
                if (getItem() != null) {
                    model.toggle(getItem());
                    updateItem(getItem(), false);
                }
            });
            // The note wraps within the list's width instead of ending in "…"; the tooltip has it whole too.
            summary.setMinWidth(0);
            summary.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(summary, Priority.ALWAYS);
            summary.setTooltip(new Tooltip());
            summary.getTooltip().textProperty().bind(summary.textProperty());
            HBox detail = new HBox(6, count, summary);
            detail.setAlignment(Pos.TOP_LEFT);
            // Under each other, each as wide as the list: "the same change in 20 files on 10 hosts"
            // and its button are read whole, not cut to "the same change in 2…".
            VBox sharedLine = new VBox(2, shared, toggle);
            sharedLine.setAlignment(Pos.CENTER_LEFT);
            sharedLine.visibleProperty().bind(shared.textProperty().isNotEmpty());
            toggle.visibleProperty().bind(sharedLine.visibleProperty());
            sharedLine.managedProperty().bind(sharedLine.visibleProperty());
            box = new VBox(3, phase, name, detail, sharedLine);
        }

        /**
         * As tall as the box at the width it is given: asked without a width, a wrapping label
         * answers with one line, and a host-prefixed path or a phase was cut to "local: ...".
         */
        @Override
        protected double computePrefHeight(double width) {
            if (getGraphic() == box && box.getPrefWidth() > 0) {
                return snappedTopInset() + box.prefHeight(box.getPrefWidth()) + snappedBottomInset();
            }
            return super.computePrefHeight(width);
        }

        @Override
        protected void updateItem(ReviewRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            if (!box.maxWidthProperty().isBound()) {
                box.maxWidthProperty().bind(getListView().widthProperty().subtract(30));
                box.prefWidthProperty().bind(box.maxWidthProperty());
                // A width of its own, so the note wraps to as many lines as it needs.
                summary.prefWidthProperty()
                        .bind(box.maxWidthProperty()
                                .subtract(count.widthProperty())
                                .subtract(22));
            }
            FileEntry entry = row.file();
            phase.setText(entry.phase());
            phase.setVisible(!entry.phase().isEmpty() && !row.member());
            phase.getStyleClass().removeAll("badge-frozen", "badge-writable");
            phase.getStyleClass()
                    .add(entry.phase().equals(MovePlan.Phase.WRITABLE.text()) ? "badge-writable" : "badge-frozen");
            name.setText(entry.label());
            count.setText(entry.changedLines() + (entry.changedLines() == 1 ? " line" : " lines"));
            summary.setText(
                    row.member()
                            ? "same change as above"
                            : String.join("\n", entry.change().summary()));
            shared.setText(row.appliesTo());
            toggle.setText(
                    model.isOpen(row)
                            ? "Hide the others"
                            : "Show all " + (row.sameChange().size() + 1));
            box.setPadding(new Insets(0, 0, 0, row.member() ? 16 : 0));
            setGraphic(box);
        }
    }

    /**
     * A side-by-side row: number and text of the old line | number and text of the new line. The
     * row's kind and a blank half are pseudo-classes: a cell reused while scrolling changes state
     * without a new style lookup of its nodes.
     */
    static final class RowCell extends ListCell<DiffRow> {
        private static final Map<DiffRow.Kind, PseudoClass> KIND = new EnumMap<>(DiffRow.Kind.class);
        private static final PseudoClass BLANK = PseudoClass.getPseudoClass("blank");
        private static final PseudoClass FILLED = PseudoClass.getPseudoClass("filled");

        static {
            for (DiffRow.Kind k : DiffRow.Kind.values()) {
                KIND.put(k, PseudoClass.getPseudoClass(k.name().toLowerCase(Locale.ROOT)));
            }
        }

        private final Label oldNumber = number();
        private final Label oldText = text();
        private final Label newNumber = number();
        private final Label newText = text();
        private final HBox left;
        private final HBox right;
        private final HBox both;

        RowCell(DoubleProperty offset) {
            left = half(oldNumber, window(oldText, offset), "old");
            right = half(newNumber, window(newText, offset), "new");
            both = new HBox(left, right);
            // Built once per cell and reused as it scrolls: a page shows a few dozen, whatever the file's length.
            left.prefWidthProperty().bind(widthProperty().subtract(20).divide(2));
            right.prefWidthProperty().bind(widthProperty().subtract(20).divide(2));
        }

        @Override
        protected void updateItem(DiffRow row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            DiffRow.Kind kind = empty || row == null ? DiffRow.Kind.SAME : row.kind();
            for (DiffRow.Kind k : DiffRow.Kind.values()) {
                pseudoClassStateChanged(KIND.get(k), k == kind);
            }
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            fill(left, oldNumber, oldText, row.oldNumber(), row.oldText());
            fill(right, newNumber, newText, row.newNumber(), row.newText());
            setGraphic(both);
        }

        private static void fill(HBox half, Label no, Label line, Integer number, String text) {
            no.setText(number == null ? "" : number.toString());
            line.setText(text == null ? "" : text);
            half.pseudoClassStateChanged(BLANK, text == null);
            half.pseudoClassStateChanged(FILLED, text != null);
        }

        private static Label number() {
            Label no = new Label();
            no.getStyleClass().add("line-number");
            no.setMinWidth(NUMBER_WIDTH);
            no.setAlignment(Pos.CENTER_RIGHT);
            return no;
        }

        private static Label text() {
            Label line = new Label();
            line.getStyleClass().add("line-text");
            return line;
        }

        private static HBox half(Label no, Node line, String side) {
            HBox box = new HBox(10, no, line);
            box.setAlignment(Pos.CENTER_LEFT);
            box.getStyleClass().addAll("half", side);
            box.setMinWidth(0);
            return box;
        }
    }

    /** A line of the unified diff; whether it is added, removed, a hunk or a file head is a pseudo-class. */
    private static final class UnifiedCell extends ListCell<String> {
        private static final PseudoClass FILE = PseudoClass.getPseudoClass("line-file");
        private static final PseudoClass ADD = PseudoClass.getPseudoClass("line-add");
        private static final PseudoClass DEL = PseudoClass.getPseudoClass("line-del");
        private static final PseudoClass HUNK = PseudoClass.getPseudoClass("line-hunk");
        private final Label text = new Label();
        private final StackPane window;

        UnifiedCell(DoubleProperty offset) {
            window = window(text, offset);
        }

        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            String shown = empty || line == null ? "" : line;
            boolean file = shown.startsWith("+++") || shown.startsWith("---");
            pseudoClassStateChanged(FILE, file);
            pseudoClassStateChanged(ADD, !file && shown.startsWith("+"));
            pseudoClassStateChanged(DEL, !file && shown.startsWith("-"));
            pseudoClassStateChanged(HUNK, shown.startsWith("@@"));
            setText(null);
            text.setText(shown);
            setGraphic(empty || line == null ? null : window);
        }
    }
}
