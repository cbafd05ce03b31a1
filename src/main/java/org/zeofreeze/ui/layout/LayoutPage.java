package org.zeofreeze.ui.layout;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.zeofreeze.ui.wizard.PageIntro;

/** The Layout page's view: the cluster tree with badges. */
public final class LayoutPage {
    private final LayoutViewModel model;

    public LayoutPage(LayoutViewModel model) {
        this.model = model;
    }

    public Node build() {
        TreeView<LayoutNode> tree = new TreeView<>();
        tree.setId("layout-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new NodeCell());
        model.treeProperty().addListener((o, a, b) -> tree.setRoot(b == null ? null : item(b)));
        if (model.treeProperty().get() != null) {
            tree.setRoot(item(model.treeProperty().get()));
        }
        VBox.setVgrow(tree, Priority.ALWAYS);
        Label intro =
                PageIntro.of("What the buildouts say: each ZEO server with its storages, each Zope client with its "
                        + "databases and the storage each one opens. The root storage is never frozen.");
        return new VBox(12, intro, tree);
    }

    private static TreeItem<LayoutNode> item(LayoutNode node) {
        TreeItem<LayoutNode> item = new TreeItem<>(node);
        // Servers, storages and clients open; databases under a storage and findings' groups too.
        item.setExpanded(node.kind() != LayoutNode.Kind.STORAGE);
        for (LayoutNode child : node.children()) {
            item.getChildren().add(item(child));
        }
        return item;
    }

    /** A tree line: title, badges, and the detail in a quieter colour. */
    static final class NodeCell extends TreeCell<LayoutNode> {
        @Override
        protected void updateItem(LayoutNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeIf(s -> s.startsWith("kind-"));
            if (empty || node == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            getStyleClass().add("kind-" + node.kind().name().toLowerCase());
            Label title = new Label(node.title());
            title.getStyleClass().add("node-title");
            boolean finding = node.kind() == LayoutNode.Kind.FINDING;
            title.setWrapText(finding);
            title.setMaxWidth(finding ? 760 : Double.MAX_VALUE);
            // Names and badges keep their width; a long path is what gets shortened.
            title.setMinWidth(finding ? 0 : Region.USE_PREF_SIZE);
            HBox line = new HBox(6, title);
            line.setAlignment(Pos.CENTER_LEFT);
            for (LayoutNode.Badge badge : node.badges()) {
                Label b = new Label(badge.text());
                b.getStyleClass().addAll("badge", "badge-" + badge.style());
                b.setMinWidth(Region.USE_PREF_SIZE);
                line.getChildren().add(b);
            }
            Label detail = new Label(node.detail());
            detail.getStyleClass().add("node-detail");
            Node graphic;
            if (node.kind() == LayoutNode.Kind.STORAGE || finding) {
                graphic = new VBox(2, line, detail); // path, size and blobs on a line of their own
            } else {
                line.getChildren().add(detail);
                graphic = line;
            }
            setText(null);
            setGraphic(graphic);
        }
    }
}
