package org.zeofreeze.ui.cluster;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.zeofreeze.ui.wizard.PageIntro;

/**
 * The Cluster page's view: profile, hosts with their buildout directories, process control,
 * connection results.
 */
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
        Label nameLabel = new Label("Cluster na_me");
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
        RowsChanged.rebuild(model.hosts(), this::fillHosts);

        Button add = new Button("_Add host");
        add.setId("add-host");
        add.setOnAction(e -> model.addHost());
        Button test = new Button("_Test connections");
        test.setId("test-connections");
        test.getStyleClass().add("accent");
        test.disableProperty().bind(Bindings.isEmpty(model.hosts()));
        test.setOnAction(e -> model.testConnections());
        Label testNote = new Label("Tests each host, and the target from each of them");
        testNote.getStyleClass().add("node-detail");
        HBox actions = new HBox(8, test, testNote);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("cluster-message");
        message.getStyleClass().add("page-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());

        Label intro = PageIntro.of("Which machines run the cluster? Give the ZEO server's host and the hosts of the "
                + "Zope clients (or just this computer), each with its buildout directory, or with the zeo.conf and "
                + "zope.conf files it runs from when it is no buildout.");
        // Hosts that are each valid and still make no profile: said under them, as the profile says it.
        Label profileProblem = new Label();
        profileProblem.setId("profile-problem");
        profileProblem.setWrapText(true);
        profileProblem.getStyleClass().add("page-message");
        profileProblem.setMinHeight(Region.USE_PREF_SIZE);
        profileProblem.textProperty().bind(model.profileProblemProperty());
        profileProblem.visibleProperty().bind(profileProblem.textProperty().isNotEmpty());
        profileProblem.managedProperty().bind(profileProblem.visibleProperty());
        // The buttons sit right under what they act on, not at the bottom of the page.
        VBox hostsAndActions = new VBox(
                12,
                hostGrid,
                add,
                profileProblem,
                sectionTitle("Process control"),
                new ControlPane(model.control(), model.controlProblemProperty(), model.profileFileProperty()).build(),
                sectionTitle("Migration target"),
                target(),
                actions,
                sectionTitle("The site as users reach it"),
                site());
        ScrollPane scroll = new ScrollPane(hostsAndActions);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("plain-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox root = new VBox(14, intro, profileRow, sectionTitle("Hosts"), scroll, message);
        root.setPadding(new Insets(4, 0, 0, 0));
        return root;
    }

    /** Where the frozen storages are copied; left empty, the profile has no target. */
    private Node target() {
        TargetForm t = model.target();
        BooleanBinding files = t.layoutProperty().isEqualTo(HostRow.Layout.FILES);
        Label intro = new Label("Where the frozen storages are copied, each to its path under the target's buildout "
                + "or home directory. Leave it all empty to freeze without a copy.");
        intro.setWrapText(true);
        intro.getStyleClass().add("node-detail");
        TextField address = field(t.addressProperty(), "this computer", "target-address");
        address.setTooltip(
                new Tooltip("The new server as the source hosts reach it over SSH; empty for this computer"));
        TextField user = field(t.userProperty(), "from ~/.ssh/config", "target-user");
        user.disableProperty().bind(t.addressProperty().isEmpty());
        TextField dir = field(t.buildoutDirProperty(), "e.g. /usr/local/Plone/zeocluster", "target-dir");
        dir.promptTextProperty()
                .bind(Bindings.when(files).then("e.g. /srv/plone").otherwise("e.g. /usr/local/Plone/zeocluster"));
        dir.setTooltip(new Tooltip("Absolute. No buildout: the home directory the copies land under, at their "
                + "paths relative to the source's"));
        TextField zeo = field(t.zeoAddressProperty(), "host:port", "target-zeo-address");
        zeo.setTooltip(new Tooltip("Where the clients will reach the new ZEO server; empty: the target's host and the "
                + "port its buildout's ZEO server listens on"));
        TextField bandwidth = field(t.bandwidthProperty(), "no limit", "target-bandwidth");
        bandwidth.setTooltip(new Tooltip("KB/s: keeps the copy from filling the link the live site uses"));
        CheckBox preSync = new CheckBox("_Pre-sync while the site is live");
        preSync.setTooltip(new Tooltip(
                "Copy the storages once before freezing, so the frozen window holds only what " + "was written since"));
        preSync.setId("target-pre-sync");
        preSync.selectedProperty().bindBidirectional(t.preSyncProperty());

        // The same columns as the hosts above, so address, user and directory line up with theirs.
        GridPane grid = new GridPane();
        grid.setHgap(8);
        // the rows' gap is each row's top margin instead (below): a row hidden takes no gap either
        grid.setVgap(0);
        grid.getColumnConstraints().addAll(column(130), column(210), column(160), grow(260), column(34));
        String[] heads = {"", "SSH address", "SSH user"};
        for (int c = 0; c < heads.length; c++) {
            Label head = new Label(heads[c]);
            head.getStyleClass().add("column-head");
            grid.add(head, c, 0);
        }
        Label dirHead = new Label();
        dirHead.getStyleClass().add("column-head");
        dirHead.textProperty().bind(Bindings.when(files).then("Home directory").otherwise("Buildout directory"));
        grid.add(dirHead, 3, 0);
        Label newServer = new Label("New server");
        grid.addRow(1, newServer, address, user, dir);
        HBox layoutChoice = targetLayoutChoice(t);
        grid.add(layoutChoice, 3, 2);
        grid.add(targetServer(t, files), 1, 3, 4, 1);
        Label zeoHead = new Label("New ZEO address");
        Label bandwidthHead = new Label("Bandwidth limit (KB/s)");
        zeoHead.getStyleClass().add("column-head");
        bandwidthHead.getStyleClass().add("column-head");
        grid.add(zeoHead, 1, 4);
        grid.add(bandwidthHead, 2, 4);
        grid.addRow(5, new Label(), zeo, bandwidth, preSync);
        for (Node n : grid.getChildren()) {
            Integer row = GridPane.getRowIndex(n);
            if (row != null && row > 0) {
                GridPane.setMargin(n, new Insets(6, 0, 0, 0));
            }
        }
        BooleanBinding empty = Bindings.createBooleanBinding(
                t::isEmpty,
                t.addressProperty(),
                t.userProperty(),
                t.buildoutDirProperty(),
                t.zeoAddressProperty(),
                t.bandwidthProperty(),
                t.serverPartProperty(),
                t.serverConfigProperty());
        preSync.disableProperty().bind(empty);
        // no target, nothing to say of its layout: the section stays as short as it was
        layoutChoice.visibleProperty().bind(empty.not());
        layoutChoice.managedProperty().bind(layoutChoice.visibleProperty());

        // the refusal of the named zeo.conf is shown under it, every other one here
        Label problem = new Label();
        problem.setId("target-problem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll("host-result", "failed");
        problem.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> files.get()
                                        && model.targetProblemFieldProperty()
                                                .get()
                                                .startsWith("server")
                                ? ""
                                : model.targetProblemProperty().get(),
                        files,
                        model.targetProblemProperty(),
                        model.targetProblemFieldProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Label controlTitle = new Label("The target's process control");
        controlTitle.getStyleClass().add("column-head");
        controlTitle.setPadding(new Insets(8, 0, 0, 0));
        Node control = new ControlPane(
                        t.control(),
                        model.targetControlProblemProperty(),
                        model.profileFileProperty(),
                        "target-control",
                        "How the target's ZEO server is started and stopped: as the cluster's processes are, or its "
                                + "own way (a named zeo.conf has no bin/zeoserver).")
                .build();
        // ClusterProfile's refusal of a target its control cannot start, under the choice
        Label refusal = new Label();
        refusal.setId("target-control-refusal");
        refusal.setWrapText(true);
        refusal.getStyleClass().addAll("host-result", "failed");
        refusal.setMinHeight(Region.USE_PREF_SIZE);
        refusal.textProperty().bind(model.targetControlRefusalProperty());
        refusal.visibleProperty().bind(refusal.textProperty().isNotEmpty());
        refusal.managedProperty().bind(refusal.visibleProperty());

        Label result = new Label();
        result.setId("target-result");
        result.setWrapText(true);
        result.getStyleClass().add("host-result");
        result.textProperty().bind(t.resultProperty());
        t.checkProperty().addListener((o, a, b) -> styleResult(result, b));
        styleResult(result, t.checkProperty().get());
        result.visibleProperty().bind(result.textProperty().isNotEmpty());
        result.managedProperty().bind(result.visibleProperty());
        // no target, no control of its own to choose: the section stays as short as it was
        VBox controlBox = new VBox(6, controlTitle, control, refusal);
        controlBox.visibleProperty().bind(empty.not());
        controlBox.managedProperty().bind(controlBox.visibleProperty());
        return new VBox(6, intro, grid, problem, controlBox, result);
    }

    /** The target's choice between a buildout directory and a named zeo.conf; no Alt letters. */
    private static HBox targetLayoutChoice(TargetForm t) {
        ToggleGroup layout = new ToggleGroup();
        RadioButton buildout = new RadioButton("Buildout directory");
        buildout.setMnemonicParsing(false);
        buildout.setId("target-layout-buildout");
        buildout.setTooltip(new Tooltip("A buildout: its bin/zeoserver and parts/ are under the directory"));
        RadioButton named = new RadioButton("Named zeo.conf");
        named.setMnemonicParsing(false);
        named.setId("target-layout-files");
        named.setTooltip(new Tooltip("No buildout (a pip-installed Zope under supervisord or systemd): name its "
                + "ZEO server's part and zeo.conf"));
        buildout.setToggleGroup(layout);
        named.setToggleGroup(layout);
        layout.selectToggle(t.layoutProperty().get() == HostRow.Layout.FILES ? named : buildout);
        // both ways: opening a profile sets the layout while the page is shown
        t.layoutProperty().addListener((o, a, b) -> layout.selectToggle(b == HostRow.Layout.FILES ? named : buildout));
        layout.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                t.layoutProperty().set(b == named ? HostRow.Layout.FILES : HostRow.Layout.BUILDOUT);
            }
        });
        HBox line = new HBox(16, buildout, named);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    /** The ZEO server's part and zeo.conf of a target that is no buildout, its refusal under them. */
    private Node targetServer(TargetForm t, BooleanBinding files) {
        TextField part = field(t.serverPartProperty(), TargetForm.SERVER_PART, "target-server-part");
        part.setAccessibleText("ZEO server's part");
        part.setTooltip(new Tooltip("The name the process control knows the target's ZEO server by (the "
                + "supervisor program, the systemd unit); empty: " + TargetForm.SERVER_PART));
        part.setMinWidth(210);
        part.setPrefWidth(210);
        part.setMaxWidth(210);
        TextField config = field(t.serverConfigProperty(), "/srv/plone/etc/zeo.conf", "target-server-config");
        config.setAccessibleText("zeo.conf");
        config.setTooltip(new Tooltip("The target's zeo.conf (absolute), as its ZEO server will run from it"));
        config.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(config, Priority.ALWAYS);
        Label partHead = new Label("ZEO server's part");
        partHead.getStyleClass().add("column-head");
        partHead.setMinWidth(210);
        partHead.setPrefWidth(210);
        Label configHead = new Label("zeo.conf");
        configHead.getStyleClass().add("column-head");
        HBox heads = new HBox(8, partHead, configHead);
        HBox fields = new HBox(8, part, config);
        fields.setAlignment(Pos.CENTER_LEFT);
        // the fields end where the directory does, left of the hosts' remove column
        fields.setPadding(new Insets(0, 34 + 8, 0, 0));
        Label problem = new Label();
        problem.setId("target-server-problem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll("host-result", "failed");
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> model.targetProblemFieldProperty().get().startsWith("server")
                                ? model.targetProblemProperty().get()
                                : "",
                        model.targetProblemProperty(),
                        model.targetProblemFieldProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox box = new VBox(6, heads, fields, problem);
        box.visibleProperty().bind(files);
        box.managedProperty().bind(files);
        return box;
    }

    private void fillHosts() {
        hostGrid.getChildren().clear();
        String[] heads = {"Name", "SSH address", "SSH user", "Buildout or home directory", ""};
        for (int c = 0; c < heads.length; c++) {
            Label head = new Label(heads[c]);
            head.getStyleClass().add("column-head");
            hostGrid.add(head, c, 0);
        }
        int r = 1;
        int index = 0;
        for (HostRow row : model.hosts()) {
            BooleanBinding files = row.layoutProperty().isEqualTo(HostRow.Layout.FILES);
            TextField name = field(row.nameProperty(), "host", "host-name-" + index);
            TextField address = field(row.addressProperty(), "this computer", "host-address-" + index);
            address.setTooltip(new Tooltip("An SSH host name or ~/.ssh/config alias; empty for this computer"));
            TextField user = field(row.userProperty(), "from ~/.ssh/config", "host-user-" + index);
            user.disableProperty().bind(row.addressProperty().isEmpty());
            TextField dir = field(row.buildoutDirProperty(), "/usr/local/Plone/zeocluster", "host-dir-" + index);
            validation.registerValidator(
                    dir,
                    false,
                    Validator.<String>createPredicateValidator(
                            ClusterViewModel::validDir, "An absolute path: the directory holding bin/ and parts/"));
            dir.visibleProperty().bind(files.not());
            // Where a host without buildout keeps ZeoFreeze's records and lock; it defaults to the
            // zeo.conf's directory, so it may stay empty.
            TextField home = field(
                    row.files().homeDirProperty(), "home: default, the zeo.conf's directory", "host-home-" + index);
            home.setTooltip(new Tooltip("The home directory (absolute): ZeoFreeze's records and lock go to its "
                    + "var/zeofreeze/, patches name files relative to it"));
            home.visibleProperty().bind(files);
            StackPane directory = new StackPane(dir, home);
            hostGrid.addRow(r, name, address, user, directory);

            hostGrid.add(layoutChoice(row, index), 3, r + 1);

            Label problem = hostProblem(row, index, files);
            // the files under the refusal that names the home directory, which is in the line above
            Node filesPane = new FilesHostPane(row, index).build();
            filesPane.visibleProperty().bind(files);
            filesPane.managedProperty().bind(files);
            // one cell for both, taking no room while neither is shown
            VBox below = new VBox(6, problem, filesPane);
            below.managedProperty().bind(problem.visibleProperty().or(files));
            hostGrid.add(below, 1, r + 2, 4, 1);

            Button remove = new Button("✕");
            remove.getStyleClass().add("flat");
            remove.setTooltip(new Tooltip("Remove this host"));
            remove.disableProperty().bind(Bindings.size(model.hosts()).lessThan(2));
            remove.setOnAction(e -> model.removeHost(row));
            hostGrid.add(remove, 4, r);

            Label result = new Label();
            result.setId("host-result-" + index);
            result.getStyleClass().add("host-result");
            result.textProperty().bind(row.resultProperty());
            row.checkProperty().addListener((o, a, b) -> styleResult(result, b));
            styleResult(result, row.checkProperty().get());
            // no empty line under a host not tested yet
            result.managedProperty().bind(result.textProperty().isNotEmpty());
            result.visibleProperty().bind(result.managedProperty());
            hostGrid.add(result, 0, r + 3, 5, 1);
            r += 4;
            index++;
        }
    }

    /** A host's choice between a buildout directory and named files. */
    private static HBox layoutChoice(HostRow row, int index) {
        ToggleGroup layout = new ToggleGroup();
        RadioButton buildout = new RadioButton("Buil_dout directory");
        buildout.setId("host-layout-buildout-" + index);
        buildout.setTooltip(new Tooltip("A buildout: its parts are found under the directory"));
        // Not "Named _files": a letter no other page writes in upper case. JavaFX keeps this page's
        // Alt+f entry, emptied, once the page is left, and it then hides the Run page's Alt+F (Finish).
        RadioButton named = new RadioButton("Named f_iles");
        named.setId("host-layout-files-" + index);
        named.setTooltip(new Tooltip("No buildout (a pip-installed Zope under supervisord or systemd): name "
                + "its zeo.conf and each client's zope.conf"));
        buildout.setToggleGroup(layout);
        named.setToggleGroup(layout);
        layout.selectToggle(row.layoutProperty().get() == HostRow.Layout.FILES ? named : buildout);
        layout.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                row.layoutProperty().set(b == named ? HostRow.Layout.FILES : HostRow.Layout.BUILDOUT);
            }
        });
        HBox layoutLine = new HBox(16, buildout, named);
        layoutLine.setAlignment(Pos.CENTER_LEFT);
        return layoutLine;
    }

    /** The profile's refusal of a host, where the files form does not show it beside a field of its own. */
    private static Label hostProblem(HostRow row, int index, BooleanBinding files) {
        Label problem = new Label();
        problem.setId("host-problem-" + index);
        problem.setWrapText(true);
        problem.getStyleClass().addAll("host-result", "failed");
        problem.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            String field = row.problemFieldProperty().get();
                            boolean shownInForm = files.get()
                                    && (field.equals("python")
                                            || field.startsWith("server")
                                            || field.startsWith("clients["));
                            return shownInForm ? "" : row.problemProperty().get();
                        },
                        row.problemProperty(),
                        row.problemFieldProperty(),
                        files));
        // a buildout directory keeps its field's own mark
        problem.visibleProperty()
                .bind(problem.textProperty()
                        .isNotEmpty()
                        .and(files.or(Bindings.createBooleanBinding(
                                () -> ClusterViewModel.validDir(
                                        row.buildoutDirProperty().get()),
                                row.buildoutDirProperty()))));
        problem.managedProperty().bind(problem.visibleProperty());
        return problem;
    }

    private static void styleResult(Label result, HostRow.Check check) {
        result.getStyleClass().removeAll("ok", "failed", "testing");
        switch (check) {
            case OK -> result.getStyleClass().add("ok");
            case FAILED -> result.getStyleClass().add("failed");
            case TESTING -> result.getStyleClass().add("testing");
            default -> {}
        }
    }

    /** The balancer's address, watched during a run to tell what users saw (optional). */
    private VBox site() {
        TextField url = field(model.siteUrlProperty(), "https://www.example.org/ (optional)", "site-url");
        Label label = new Label("_Site address");
        label.setMnemonicParsing(true);
        label.setLabelFor(url);
        HBox.setHgrow(url, Priority.ALWAYS);
        HBox row = new HBox(8, label, url);
        row.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Requested every quarter second during a run: the Done page then says whether users' "
                + "requests were answered and how long they waited, beside when each process was down");
        note.setWrapText(true);
        note.getStyleClass().add("node-detail");
        Label problem = new Label();
        problem.setId("site-problem");
        problem.setWrapText(true);
        problem.getStyleClass().addAll("host-result", "failed");
        problem.textProperty().bind(model.siteProblemProperty());
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        return new VBox(6, row, note, problem);
    }

    /** A text field bound both ways to the view-model's property (the host rows' and a files host's form). */
    static TextField field(StringProperty property, String prompt, String id) {
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
