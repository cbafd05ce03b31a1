package org.zeofreeze.ui.choose;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.ui.wizard.PageIntro;

/** The Choose page's view: the mode and one checkbox per storage, locked ones with their reason. */
public final class ChoosePage {
    private final ChooseViewModel model;
    private final VBox list = new VBox(4);

    public ChoosePage(ChooseViewModel model) {
        this.model = model;
    }

    public Node build() {
        ToggleGroup group = new ToggleGroup();
        RadioButton freeze = new RadioButton("_Freeze: make storages read-only");
        freeze.setId("mode-freeze");
        RadioButton thaw = new RadioButton("T_haw: make them writable again");
        thaw.setId("mode-thaw");
        RadioButton move = new RadioButton("Mo_ve to the new server");
        move.setId("mode-move");
        freeze.setToggleGroup(group);
        thaw.setToggleGroup(group);
        move.setToggleGroup(group);
        // Disabled, not hidden, without a target: the reason beside it says where to set one.
        move.disableProperty().bind(model.moveBlockerProperty().isNotEmpty());
        Label moveReason = new Label();
        moveReason.setId("move-blocker");
        moveReason.getStyleClass().add("lock-reason");
        moveReason.setWrapText(true);
        moveReason.textProperty().bind(model.moveBlockerProperty());
        moveReason.visibleProperty().bind(model.moveBlockerProperty().isNotEmpty());
        moveReason.managedProperty().bind(moveReason.visibleProperty());
        Runnable showMode = () -> group.selectToggle(
                model.moveProperty().get() ? move : model.modeProperty().get() == Mode.THAW ? thaw : freeze);
        showMode.run();
        model.modeProperty().addListener((o, a, b) -> showMode.run());
        model.moveProperty().addListener((o, a, b) -> showMode.run());
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == move) {
                model.moveProperty().set(true);
            } else if (b != null) {
                model.moveProperty().set(false);
                model.modeProperty().set(b == thaw ? Mode.THAW : Mode.FREEZE);
            }
        });
        HBox modeButtons = new HBox(24, freeze, thaw, move);
        // A move only: the old server's sections of the moved storages taken out once no client uses them.
        CheckBox retire = new CheckBox("_Retire the old sections afterwards (the old server restarts alone without "
                + "them; their .fs files are kept)");
        retire.setId("move-retire");
        retire.selectedProperty().bindBidirectional(model.retireProperty());
        retire.visibleProperty().bind(model.moveProperty());
        retire.managedProperty().bind(retire.visibleProperty());
        VBox modes = new VBox(4, modeButtons, moveReason, retire);

        model.options().addListener((ListChangeListener<StorageOption>) c -> {
            boolean structural = false;
            while (c.next()) {
                structural |= !c.wasUpdated();
            }
            if (structural) {
                fill();
            }
        });
        fill();
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Label message = new Label();
        message.setId("choose-message");
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());

        Label intro = PageIntro.of("");
        intro.setId("choose-intro");
        intro.textProperty().bind(model.introProperty());
        return new VBox(14, intro, modes, scroll, message);
    }

    private void fill() {
        list.getChildren().clear();
        for (StorageOption option : model.options()) {
            CheckBox box = new CheckBox(option.displayName());
            box.setId("storage-" + cssId(option.displayName()));
            box.getStyleClass().add("storage-check");
            box.setMnemonicParsing(false);
            box.selectedProperty().bindBidirectional(option.selectedProperty());
            box.setDisable(option.locked());
            Label detail = new Label(option.detail());
            detail.getStyleClass().add("node-detail");
            HBox head = new HBox(8, box);
            if (option.root()) {
                head.getChildren().add(badge("root", "root"));
            }
            if (option.frozen()) {
                head.getChildren().add(badge("read-only", "frozen"));
            }
            VBox entry = new VBox(2, head, detail);
            entry.getStyleClass().add("storage-option");
            if (option.locked()) {
                Label reason = new Label("Locked: " + option.lockReason());
                reason.setId("lock-reason-" + cssId(option.displayName()));
                reason.getStyleClass().add("lock-reason");
                entry.getChildren().add(reason);
            }
            VBox.setMargin(detail, new Insets(0, 0, 0, 26));
            list.getChildren().add(entry);
        }
    }

    /** Storage names may hold dots and slashes; ids keep letters, digits, '-' and '_'. */
    public static String cssId(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static Label badge(String text, String style) {
        Label b = new Label(text);
        b.getStyleClass().addAll("badge", "badge-" + style);
        return b;
    }
}
