package org.zeofreeze.ui.cluster;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/** The Cluster page's view: profile, hosts with their buildout directories, connection results. */
public final class ClusterPage {
    private final ClusterViewModel model;
    private final ValidationSupport validation = new ValidationSupport();
    private final GridPane hostGrid = new GridPane();

    public ClusterPage(ClusterViewModel model) {
        this.model = model;
    }

    public Node build() {
        ComboBox<String> profiles = new ComboBox<>(model.profileNames());
        profiles.setId("profile-choice");
        profiles.setPromptText("Saved profiles");
        Button open = new Button("_Open");
        open.setId("open-profile");
        open.disableProperty().bind(profiles.valueProperty().isNull());
        open.setOnAction(e -> model.open(profiles.getValue()));
        // A profile picked in the open list (click or Enter) is opened at once; arrowing through the
        // closed box only changes what Open would open.
        profiles.valueProperty().addListener((o, a, b) -> {
            if (b != null && profiles.isShowing()) {
                model.open(b);
            }
        });
        Button create = new Button("Ne_w profile");
        create.setOnAction(e -> model.newProfile());
        Label nameLabel = new Label("Cluster _name");
        TextField name = new TextField();
        name.setId("profile-name");
        name.setPromptText("e.g. plone-prod");
        name.textProperty().bindBidirectional(model.nameProperty());
        nameLabel.setLabelFor(name);
        nameLabel.setMnemonicParsing(true);
        validation.registerValidator(name, false, Validator.createEmptyValidator("The profile needs a name"));
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox profileRow = new HBox(8, profiles, open, create, new Label("  "), nameLabel, name);
        profileRow.setAlignment(Pos.CENTER_LEFT);

        hostGrid.getStyleClass().add("host-grid");
        hostGrid.setHgap(8);
        hostGrid.setVgap(6);
        hostGrid.getColumnConstraints().addAll(column(130), column(210), column(160), grow(260), column(34));
        model.hosts().addListener((ListChangeListener<HostRow>) c -> {
            // Rebuild only when rows come or go, not on every keystroke in a row.
            boolean structural = false;
            while (c.next()) {
                structural |= c.wasAdded() || c.wasRemoved() || c.wasPermutated();
            }
            if (structural) {
                fillHosts();
            }
        });
        fillHosts();

        Button add = new Button("_Add host");
        add.setId("add-host");
        add.setOnAction(e -> model.addHost());
        Button test = new Button("_Test connections");
        test.setId("test-connections");
        test.getStyleClass().add("accent");
        test.disableProperty().bind(Bindings.isEmpty(model.hosts()));
        test.setOnAction(e -> model.testConnections());
        HBox actions = new HBox(8, add, test);

        Label message = new Label();
        message.setId("cluster-message");
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());

        Label intro = new Label("Which machines run the cluster? Give the ZEO server's host and the hosts of the "
                + "Zope clients (or just this computer), each with its buildout directory.");
        intro.setWrapText(true);
        intro.getStyleClass().add("page-intro");
        // The buttons sit right under the last host, not at the bottom of the page.
        VBox hostsAndActions = new VBox(12, hostGrid, actions);
        ScrollPane scroll = new ScrollPane(hostsAndActions);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox root = new VBox(14, intro, profileRow, sectionTitle("Hosts"), scroll, message);
        root.setPadding(new Insets(4, 0, 0, 0));
        return root;
    }

    private void fillHosts() {
        hostGrid.getChildren().clear();
        String[] heads = {"Name", "SSH address", "SSH user", "Buildout directory", ""};
        for (int c = 0; c < heads.length; c++) {
            Label head = new Label(heads[c]);
            head.getStyleClass().add("column-head");
            hostGrid.add(head, c, 0);
        }
        int r = 1;
        for (HostRow row : model.hosts()) {
            int index = r / 2;
            TextField name = field(row.nameProperty(), "host", "host-name-" + index);
            TextField address = field(row.addressProperty(), "this computer", "host-address-" + index);
            address.setTooltip(new Tooltip("An SSH host name or ~/.ssh/config alias; empty for this computer"));
            TextField user = field(row.userProperty(), "from ~/.ssh/config", "host-user-" + index);
            user.disableProperty().bind(row.addressProperty().isEmpty());
            TextField dir = field(row.buildoutDirProperty(), "/usr/local/Plone/zeocluster", "host-dir-" + index);
            validation.registerValidator(dir, false, Validator.<String>createPredicateValidator(
                    ClusterViewModel::validDir, "An absolute path: the directory holding bin/ and parts/"));
            Button remove = new Button("✕");
            remove.getStyleClass().add("flat");
            remove.setTooltip(new Tooltip("Remove this host"));
            remove.disableProperty().bind(Bindings.size(model.hosts()).lessThan(2));
            remove.setOnAction(e -> model.removeHost(row));
            hostGrid.addRow(r, name, address, user, dir, remove);
            Label result = new Label();
            result.setId("host-result-" + index);
            result.getStyleClass().add("host-result");
            result.textProperty().bind(row.resultProperty());
            row.checkProperty().addListener((o, a, b) -> styleResult(result, b));
            styleResult(result, row.checkProperty().get());
            hostGrid.add(result, 0, r + 1, 5, 1);
            r += 2;
        }
    }

    private static void styleResult(Label result, HostRow.Check check) {
        result.getStyleClass().removeAll("ok", "failed", "testing");
        switch (check) {
            case OK -> result.getStyleClass().add("ok");
            case FAILED -> result.getStyleClass().add("failed");
            case TESTING -> result.getStyleClass().add("testing");
            default -> {
            }
        }
    }

    private static TextField field(javafx.beans.property.StringProperty property, String prompt, String id) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    private static ColumnConstraints column(double width) {
        ColumnConstraints c = new ColumnConstraints(width);
        c.setHgrow(Priority.NEVER);
        return c;
    }

    private static ColumnConstraints grow(double min) {
        ColumnConstraints c = new ColumnConstraints();
        c.setMinWidth(min);
        c.setHgrow(Priority.ALWAYS);
        return c;
    }

    static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }
}
