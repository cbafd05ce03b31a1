package org.zeofreeze.ui.cluster;

import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.profile.ProcessControl;

/**
 * The view of the profile's process control ({@link ControlForm}): a choice between the
 * buildout's scripts, supervisorctl and systemctl, and the fields of the one chosen; a custom
 * control of the opened profile is shown as it is, with where to edit it. A refusal is shown
 * under the field it is about. No Alt letters: the page has enough of them.
 */
final class ControlPane {
    private static final double LABEL = 130;
    /** The hosts' remove column and its gap. */
    private static final double RIGHT = 34 + 8;

    private final ControlForm form;
    private final ObjectBinding<ControlForm.Problem> problem;
    private final StringBinding profileFile;
    /** What the ids of the pane's controls start with: two panes may be on the page. */
    private final String prefix;

    private final String introText;

    /** The profile's process control. */
    ControlPane(ControlForm form, ObjectBinding<ControlForm.Problem> problem, StringBinding profileFile) {
        this(
                form,
                problem,
                profileFile,
                "control",
                "How the ZEO server and the Zope clients are started, stopped and asked for their "
                        + "status. A host with named files has no bin/ scripts.");
    }

    /** A process control whose controls' ids start with {@code prefix}, under {@code intro}. */
    ControlPane(
            ControlForm form,
            ObjectBinding<ControlForm.Problem> problem,
            StringBinding profileFile,
            String prefix,
            String intro) {
        this.form = form;
        this.problem = problem;
        this.profileFile = profileFile;
        this.prefix = prefix;
        this.introText = intro;
    }

    Node build() {
        Label intro = new Label(introText);
        intro.setWrapText(true);
        intro.getStyleClass().add("node-detail");

        VBox pane = new VBox(6, intro, choice(), supervisor(), systemd(), custom());
        pane.setMinHeight(Region.USE_PREF_SIZE);
        return pane;
    }

    /** One radio button a kind; the custom one only while the opened profile has a custom control. */
    private HBox choice() {
        ToggleGroup group = new ToggleGroup();
        Map<ControlForm.Kind, RadioButton> buttons = Map.of(
                ControlForm.Kind.SAME_AS_CLUSTER,
                radio("Same as the cluster", prefix + "-same", group),
                ControlForm.Kind.BUILDOUT,
                radio("Buildout scripts (bin/PART start|stop|status)", prefix + "-buildout", group),
                ControlForm.Kind.SUPERVISOR,
                radio("supervisorctl", prefix + "-supervisor", group),
                ControlForm.Kind.SYSTEMD,
                radio("systemctl", prefix + "-systemd", group),
                ControlForm.Kind.CUSTOM,
                radio("Custom commands (from the profile file)", prefix + "-custom", group));
        buttons.get(ControlForm.Kind.BUILDOUT)
                .setTooltip(new Tooltip("bin/zeoserver, bin/client1…: the scripts a buildout makes"));
        buttons.get(ControlForm.Kind.SUPERVISOR)
                .setTooltip(new Tooltip("supervisord programs: supervisorctl start|stop|status PROGRAM"));
        buttons.get(ControlForm.Kind.SYSTEMD)
                .setTooltip(
                        new Tooltip("systemd units: systemctl start|stop UNIT, the state read with systemctl show"));
        RadioButton same = buttons.get(ControlForm.Kind.SAME_AS_CLUSTER);
        same.setTooltip(new Tooltip("Started and stopped as the cluster's processes are, by its process control"));
        // only where the form may inherit: the cluster's own control has no other to be the same as
        same.setVisible(form.inherits());
        same.setManaged(form.inherits());
        RadioButton custom = buttons.get(ControlForm.Kind.CUSTOM);
        custom.visibleProperty().bind(form.customProperty().isNotNull());
        custom.managedProperty().bind(custom.visibleProperty());

        group.selectToggle(buttons.get(form.kindProperty().get()));
        // both ways: opening a profile sets the kind while the page is shown
        form.kindProperty().addListener((o, a, b) -> group.selectToggle(buttons.get(b)));
        group.selectedToggleProperty().addListener((o, a, b) -> {
            buttons.forEach((kind, button) -> {
                if (button == b) {
                    form.kindProperty().set(kind);
                }
            });
        });
        HBox line = new HBox(16);
        for (ControlForm.Kind kind : ControlForm.Kind.values()) {
            line.getChildren().add(buttons.get(kind));
        }
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private RadioButton radio(String text, String id, ToggleGroup group) {
        RadioButton button = new RadioButton(text);
        button.setMnemonicParsing(false);
        button.setId(id);
        button.setToggleGroup(group);
        return button;
    }

    private VBox supervisor() {
        TextField ctl = field(
                form.supervisorctlProperty(),
                "as found on the PATH; or e.g. /srv/plone/venv/bin/supervisorctl",
                prefix + "-supervisorctl");
        TextField config = field(
                form.configFileProperty(),
                "the system's supervisord; or its configuration, e.g. /srv/plone/etc/supervisord.conf",
                prefix + "-config-file");
        config.setTooltip(new Tooltip("Passed as supervisorctl -c FILE: a supervisord of the site's own (absolute)"));
        TextField programs = field(
                form.programsProperty(),
                "each part's own name; or e.g. zeoserver=plone-zeo, client1=plone-client1",
                prefix + "-programs");
        programs.setTooltip(new Tooltip("part=program, separated by commas; a part not named goes by its own name"));
        VBox box = new VBox(
                6,
                line("supervisorctl", ctl),
                problem(ControlForm.Field.SUPERVISORCTL, prefix + "-problem-supervisorctl"),
                line("Config file (-c)", config),
                problem(ControlForm.Field.CONFIG_FILE, prefix + "-problem-config-file"),
                line("Programs", programs),
                problem(ControlForm.Field.PROGRAMS, prefix + "-problem-programs"));
        shownFor(box, ControlForm.Kind.SUPERVISOR);
        return box;
    }

    private VBox systemd() {
        TextField ctl = field(
                form.systemctlProperty(), "as found on the PATH; or e.g. /usr/bin/systemctl", prefix + "-systemctl");
        CheckBox user = new CheckBox("--user (the login's own systemd)");
        user.setMnemonicParsing(false);
        user.setId(prefix + "-user");
        user.setTooltip(
                new Tooltip("systemctl --user: units of the SSH login's own systemd instance, not the system's"));
        user.selectedProperty().bindBidirectional(form.userProperty());
        TextField units = field(
                form.unitsProperty(),
                "each part's own name; or e.g. zeoserver=plone-zeo.service, client1=plone-client@1",
                prefix + "-units");
        units.setTooltip(new Tooltip("part=unit, separated by commas; a part not named goes by its own name"));
        Label noLabel = fixed(new Label(), LABEL);
        HBox userLine = new HBox(8, noLabel, user);
        userLine.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(
                6,
                line("systemctl", ctl),
                problem(ControlForm.Field.SYSTEMCTL, prefix + "-problem-systemctl"),
                userLine,
                line("Units", units),
                problem(ControlForm.Field.UNITS, prefix + "-problem-units"));
        shownFor(box, ControlForm.Kind.SYSTEMD);
        return box;
    }

    /** The custom commands, read-only: they are edited in the profile's file. */
    private VBox custom() {
        VBox box = new VBox(6);
        for (String verb : List.of("start", "stop", "status")) {
            Label head = fixed(new Label(Sentences.capitalized(verb)), LABEL);
            Label command = new Label();
            command.setId(prefix + "-custom-" + verb);
            command.getStyleClass().add("command");
            command.setWrapText(true);
            command.textProperty().bind(Bindings.createStringBinding(() -> commandOf(verb), form.customProperty()));
            HBox line = new HBox(8, head, command);
            line.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().add(line);
        }
        Label where = new Label();
        where.setId(prefix + "-custom-where");
        where.setWrapText(true);
        where.getStyleClass().add("node-detail");
        where.setStyle("-fx-padding: 0 0 0 " + (LABEL + 8) + ";");
        where.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "Not edited here: change it in the profile's file, " + profileFile.get()
                                + ", and open the profile again.",
                        profileFile));
        box.getChildren().add(where);
        shownFor(box, ControlForm.Kind.CUSTOM);
        return box;
    }

    private String commandOf(String verb) {
        ProcessControl.Custom c = form.customProperty().get();
        if (c == null) {
            return "";
        }
        List<String> argv = switch (verb) {
            case "start" -> c.startCommand();
            case "stop" -> c.stopCommand();
            default -> c.statusCommand();
        };
        return String.join(" ", argv);
    }

    private void shownFor(Region node, ControlForm.Kind kind) {
        // the fields end where the hosts' and the target's do, left of the hosts' remove buttons
        node.setPadding(new Insets(0, RIGHT, 0, 0));
        BooleanBinding shown = form.kindProperty().isEqualTo(kind);
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
    }

    /** The refusal, shown while it is about {@code field}. */
    private Label problem(ControlForm.Field field, String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().addAll("host-result", "failed");
        // under the field, not its label; inline, as the stylesheet's padding would win over a setter
        label.setStyle("-fx-padding: 0 0 2 " + (LABEL + 8) + ";");
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> problem.get().field() == field ? problem.get().message() : "", problem));
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static HBox line(String text, TextField field) {
        Label label = fixed(new Label(text), LABEL);
        label.setLabelFor(field);
        field.setAccessibleText(text);
        field.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(field, Priority.ALWAYS);
        HBox line = new HBox(8, label, field);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private static TextField field(StringProperty property, String prompt, String id) {
        return ClusterPage.field(property, prompt, id);
    }

    private static <T extends Region> T fixed(T node, double width) {
        node.setMinWidth(width);
        node.setPrefWidth(width);
        node.setMaxWidth(width);
        return node;
    }
}
