package org.zeofreeze.ui.cluster;

import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The view of a host's named files ({@link FilesHostForm}): the cluster's Python, the ZEO
 * server's part and zeo.conf, one line per Zope client with add and remove. The profile's refusal
 * is shown under the line of the field it names.
 */
final class FilesHostPane {
    private static final double LABEL = 110;
    private static final double PART = 150;
    private static final double HTTP = 170;
    private static final double REMOVE = 34;

    private final HostRow row;
    private final FilesHostForm form;
    private final int host;
    private final VBox clientLines = new VBox(6);

    FilesHostPane(HostRow row, int host) {
        this.row = row;
        this.form = row.files();
        this.host = host;
    }

    Node build() {
        TextField python =
                field(form.pythonProperty(), "found from the running process", "files-python-" + host, "Python");
        python.setTooltip(new Tooltip("The cluster's interpreter (e.g. /srv/plone/venv/bin/python): checks each "
                + "edited file with the real schema and tells which ZEO the clients run"));
        HBox.setHgrow(python, Priority.ALWAYS);
        HBox pythonLine = line(label("P_ython", python), python, spacer(HTTP + REMOVE + 8));

        HBox heads = line(
                fixed(new Label(), LABEL),
                head("Part", PART),
                grow(head("Configuration file", 0)),
                head("HTTP (host:port)", HTTP),
                fixed(new Label(), REMOVE));

        TextField serverPart = fixed(
                field(form.serverPartProperty(), "zeoserver", "files-server-part-" + host, "ZEO server's part"), PART);
        serverPart.setTooltip(new Tooltip("The name the process control knows the ZEO server by (the supervisor "
                + "program, the systemd unit); empty, with its zeo.conf, on a host of clients only"));
        TextField serverConfig = grow(field(
                form.serverConfigProperty(), "/srv/plone/etc/zeo.conf", "files-server-config-" + host, "zeo.conf"));
        Label noHttp = fixed(new Label("serves no HTTP"), HTTP);
        noHttp.getStyleClass().add("node-detail");
        HBox serverLine =
                line(label("_ZEO server", serverPart), serverPart, serverConfig, noHttp, fixed(new Label(), REMOVE));

        RowsChanged.rebuild(form.clients(), this::fillClients);

        // not "Add _client": Alt+c would hide the Done page's Alt+C (see ClusterPage's layout choice)
        Button add = new Button("Add c_lient");
        add.setId("files-add-client-" + host);
        add.setOnAction(e -> {
            form.addClient();
            // the new line's part is where the admin types next; later, as a mnemonic's handling
            // may still move the focus to the button
            Node part = clientLines.lookup(
                    "#files-client-part-" + host + "-" + (form.clients().size() - 1));
            if (part != null) {
                Platform.runLater(part::requestFocus);
            }
        });
        HBox addLine = line(fixed(new Label(), LABEL), add);

        VBox pane = new VBox(
                6,
                pythonLine,
                problem(f -> f.equals("python"), "files-problem-python-" + host),
                heads,
                serverLine,
                problem(f -> f.startsWith("server"), "files-problem-server-" + host),
                clientLines,
                addLine);
        pane.getStyleClass().add("files-host");
        pane.setPadding(new Insets(4, 0, 8, 0));
        return pane;
    }

    private void fillClients() {
        clientLines.getChildren().clear();
        int i = 0;
        for (FilesHostForm.Client client : form.clients()) {
            String id = host + "-" + i;
            TextField part = fixed(
                    ClusterPage.field(client.partProperty(), "client" + (i + 1), "files-client-part-" + id), PART);
            part.setTooltip(new Tooltip("The name the process control knows this Zope client by"));
            TextField config = grow(ClusterPage.field(
                    client.configProperty(),
                    "/srv/plone/etc/client" + (i + 1) + "/zope.conf",
                    "files-client-config-" + id));
            TextField http = fixed(
                    ClusterPage.field(client.httpProperty(), "127.0.0.1:" + (8081 + i), "files-client-http-" + id),
                    HTTP);
            http.setTooltip(new Tooltip("Where the client serves HTTP, as the balancer reaches it"));
            Button remove = new Button("✕");
            remove.setId("files-remove-client-" + id);
            remove.getStyleClass().add("flat");
            remove.setTooltip(new Tooltip("Remove this client"));
            remove.setOnAction(e -> form.removeClient(client));
            // its own width, as the host's ✕ has it: narrower, the theme's padding leaves no room for the glyph
            remove.setMinWidth(Region.USE_PREF_SIZE);
            StackPane removeCell = fixed(new StackPane(remove), REMOVE);
            Label head = fixed(new Label(i == 0 ? "Zope clients" : ""), LABEL);
            String field = "clients[" + i + "]";
            clientLines.getChildren().add(line(head, part, config, http, removeCell));
            clientLines.getChildren().add(problem(f -> f.startsWith(field), "files-problem-client-" + id));
            i++;
        }
    }

    /** The profile's refusal, shown while it names a field {@code names} accepts. */
    private Label problem(Predicate<String> names, String id) {
        Label problem = new Label();
        problem.setId(id);
        problem.setWrapText(true);
        problem.getStyleClass().addAll("host-result", "failed");
        // under the fields, not the line's label; inline, as the stylesheet's padding would win over a setter
        problem.setStyle("-fx-padding: 0 0 2 " + (LABEL + 8) + ";");
        problem.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> names.test(row.problemFieldProperty().get())
                                ? row.problemProperty().get()
                                : "",
                        row.problemProperty(),
                        row.problemFieldProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        return problem;
    }

    private static HBox line(Node... nodes) {
        HBox line = new HBox(8, nodes);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private static Label label(String text, Node field) {
        Label label = fixed(new Label(text), LABEL);
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        return label;
    }

    private static Label head(String text, double width) {
        Label head = new Label(text);
        head.getStyleClass().add("column-head");
        return width > 0 ? fixed(head, width) : head;
    }

    private static Region spacer(double width) {
        return fixed(new Region(), width);
    }

    private static <T extends Region> T fixed(T node, double width) {
        node.setMinWidth(width);
        node.setPrefWidth(width);
        node.setMaxWidth(width);
        return node;
    }

    private static <T extends Region> T grow(T node) {
        node.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(node, Priority.ALWAYS);
        return node;
    }

    /** A field whose label is elsewhere, named for screen readers. */
    private static TextField field(StringProperty property, String prompt, String id, String accessibleText) {
        TextField field = ClusterPage.field(property, prompt, id);
        field.setAccessibleText(accessibleText);
        return field;
    }
}
