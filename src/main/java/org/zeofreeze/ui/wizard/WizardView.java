package org.zeofreeze.ui.wizard;

import java.util.HashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

/**
 * The main window's content: the step list on the side, the current page with its title, and the
 * Back / Next / Cancel bar with a status bar under it. Page views are built once, when first shown.
 */
public final class WizardView {
    private final Pager pager;
    private final Image logo;
    private final Runnable onCancel;
    private final ObservableStringValue statusText;
    private final Map<WizardStep, Node> views = new HashMap<>();

    /** {@code onCancel} runs when Cancel or Esc is pressed; it asks before leaving. */
    public WizardView(Pager pager, Image logo, Runnable onCancel, ObservableStringValue statusText) {
        this.pager = pager;
        this.logo = logo;
        this.onCancel = onCancel;
        this.statusText = statusText;
    }

    public Parent build() {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("wizard");
        root.setLeft(sidebar());

        Label title = new Label();
        title.setId("page-title");
        title.getStyleClass().add("page-title");
        title.textProperty()
                .bind(Bindings.createStringBinding(() -> pager.current().title(), pager.indexProperty()));
        StackPane content = new StackPane();
        content.setId("page-content");
        content.getStyleClass().add("page-content");
        Runnable show = () -> content.getChildren()
                .setAll(views.computeIfAbsent(pager.current(), s -> s.view().get()));
        pager.indexProperty().addListener((o, a, b) -> show.run());
        show.run();
        VBox.setVgrow(content, Priority.ALWAYS);
        VBox page = new VBox(10, title, content);
        page.getStyleClass().add("page");
        root.setCenter(page);

        Button cancel = new Button();
        cancel.textProperty()
                .bind(Bindings.createStringBinding(() -> pager.current().model().cancelText(), pager.indexProperty()));
        cancel.setId("wizard-cancel");
        cancel.setCancelButton(true); // Esc
        cancel.setOnAction(e -> onCancel.run());
        Button back = new Button("_Back");
        back.setId("wizard-back");
        back.disableProperty().bind(pager.canGoBackProperty().not());
        back.setOnAction(e -> pager.back());
        Button next = new Button();
        next.setId("wizard-next");
        next.getStyleClass().add("accent");
        next.textProperty()
                .bind(Bindings.createStringBinding(() -> pager.current().model().nextText(), pager.indexProperty()));
        next.disableProperty().bind(pager.canGoNextProperty().not());
        // The last page has nowhere to go: no Next at all rather than one that is never enabled.
        next.visibleProperty().bind(pager.indexProperty().lessThan(pager.steps().size() - 1));
        next.managedProperty().bind(next.visibleProperty());
        // Enter presses Next only where that is harmless; never on the page whose Next applies.
        next.defaultButtonProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> pager.current().model().enterMeansNext(), pager.indexProperty()));
        next.setOnAction(e -> pager.next());
        keepEnterInsideLists(root);
        enterOnAToggleGoesOn(root, next);
        // A new page starts with the focus on Next where Enter may go on (lists would take the Enter
        // for themselves), else on the page itself; Tab moves into the page.
        pager.indexProperty()
                .addListener((o, a, b) -> Platform.runLater(() -> {
                    if (pager.current().model().enterMeansNext()) {
                        next.requestFocus();
                    } else {
                        content.requestFocus();
                    }
                }));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(10, cancel, spacer, back, next);
        buttons.getStyleClass().add("button-bar");
        buttons.setAlignment(Pos.CENTER_RIGHT);

        StatusBar status = new StatusBar();
        status.setId("status-bar");
        // Shows, takes no input: no Tab stop (it was one that showed no focus at all).
        status.setFocusTraversable(false);
        status.textProperty().bind(statusText);
        status.progressProperty()
                .bind(Bindings.when(pager.busyProperty()).then(-1.0).otherwise(0.0));
        root.setBottom(new VBox(buttons, status));
        return root;
    }

    /**
     * Enter pressed in an open combo box or in a list picks an item there; it must not also press the
     * page's default button (picking a saved profile with Enter once read the cluster of the form as
     * it was). Whether the key belongs to such a control is decided before the control handles it
     * (a combo closes its list as it takes the Enter), and the key is consumed after it did, so the
     * scene's default-button accelerator never sees it.
     */
    static void keepEnterInsideLists(Node root) {
        boolean[] insideList = {false};
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                insideList[0] = takesEnter(e.getTarget());
            }
        });
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && insideList[0]) {
                insideList[0] = false;
                e.consume();
            }
        });
    }

    /**
     * A radio button or check box takes Enter for itself (it is already chosen, nothing happens), so
     * after choosing Freeze or Move, with the mouse or Alt+letter, Enter did not go on. Where Enter
     * means Next, it does there too.
     */
    static void enterOnAToggleGoesOn(Node root, Button next) {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER
                    && !e.isAltDown()
                    && !e.isControlDown()
                    && !e.isShiftDown()
                    && (e.getTarget() instanceof RadioButton || e.getTarget() instanceof CheckBox)
                    && next.isDefaultButton()
                    && !next.isDisabled()
                    && next.isVisible()) {
                e.consume();
                next.fire();
            }
        });
    }

    private static boolean takesEnter(Object target) {
        for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof ComboBoxBase<?> combo) {
                return combo.isShowing();
            }
            if (n instanceof ListView<?> || n instanceof TreeView<?> || n instanceof TableView<?>) {
                return true;
            }
        }
        return false;
    }

    private Node sidebar() {
        VBox side = new VBox(4);
        side.getStyleClass().add("sidebar");
        ImageView icon = new ImageView(logo);
        icon.setFitWidth(40);
        icon.setFitHeight(40);
        icon.setPreserveRatio(true);
        Label name = new Label("ZeoFreeze");
        name.getStyleClass().add("app-name");
        HBox brand = new HBox(10, icon, name);
        brand.setAlignment(Pos.CENTER_LEFT);
        brand.getStyleClass().add("brand");
        side.getChildren().add(brand);
        for (int i = 0; i < pager.steps().size(); i++) {
            int index = i;
            Label number = new Label(Integer.toString(i + 1));
            number.getStyleClass().add("step-number");
            Label label = new Label(pager.steps().get(i).title());
            label.getStyleClass().add("step-title");
            HBox item = new HBox(10, number, label);
            item.setId("step-" + (i + 1));
            item.setAlignment(Pos.CENTER_LEFT);
            item.getStyleClass().add("step");
            Runnable mark = () -> {
                item.getStyleClass().removeAll("done", "current", "todo");
                int at = pager.indexProperty().get();
                item.getStyleClass().add(index < at ? "done" : index == at ? "current" : "todo");
                number.setText(index < at ? "✓" : Integer.toString(index + 1));
            };
            pager.indexProperty().addListener((o, a, b) -> mark.run());
            mark.run();
            item.setOnMouseClicked(e -> pager.goBackTo(index));
            side.getChildren().add(item);
        }
        return side;
    }
}
