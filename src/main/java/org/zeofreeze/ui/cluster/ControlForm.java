package org.zeofreeze.ui.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.profile.ProcessControl;

/**
 * The profile's process control as the Cluster page edits it: the buildout's scripts,
 * supervisorctl or systemctl, each with what it needs. A custom control is written in the
 * profile's file only: the form shows it and keeps it as it was. Whether the values make a
 * control is the {@link ProcessControl} records' to say; this form only collects what was typed.
 * Each kind keeps what was typed in it, so switching back and forth loses nothing. The migration
 * target's own control is one of these too, which may also be the cluster's ({@link
 * Kind#SAME_AS_CLUSTER}: no control of its own).
 */
public final class ControlForm {
    public enum Kind {
        /** Only for a form that may inherit (the migration target's): no control of its own. */
        SAME_AS_CLUSTER,
        BUILDOUT,
        SUPERVISOR,
        SYSTEMD,
        /** Only for a profile that has a custom control: it is shown, not edited. */
        CUSTOM
    }

    /** The field a problem is shown under. */
    public enum Field {
        NONE,
        SUPERVISORCTL,
        CONFIG_FILE,
        PROGRAMS,
        SYSTEMCTL,
        UNITS
    }

    /** Why the form makes no control, and under which field to say it; {@link #NONE} when it makes one. */
    public record Problem(Field field, String message) {
        public static final Problem NONE = new Problem(Field.NONE, "");
    }

    private final boolean inherits;
    private final ObjectProperty<Kind> kind;
    private final StringProperty supervisorctl = new SimpleStringProperty("");
    private final StringProperty configFile = new SimpleStringProperty("");
    private final StringProperty programs = new SimpleStringProperty("");
    private final StringProperty systemctl = new SimpleStringProperty("");
    private final BooleanProperty user = new SimpleBooleanProperty();
    private final StringProperty units = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<ProcessControl.Custom> custom = new ReadOnlyObjectWrapper<>();

    /** The profile's own control: never inherited. */
    public ControlForm() {
        this(false);
    }

    /**
     * {@code inherits}: the form may name no control of its own ({@link Kind#SAME_AS_CLUSTER},
     * which it starts with), as the migration target does.
     */
    public ControlForm(boolean inherits) {
        this.inherits = inherits;
        this.kind = new SimpleObjectProperty<>(inherits ? Kind.SAME_AS_CLUSTER : Kind.BUILDOUT);
    }

    /** Whether the form may name no control of its own. */
    public boolean inherits() {
        return inherits;
    }

    /**
     * Shows {@code control} (null: the buildout's scripts, as a profile without one has; for a form
     * that inherits, the cluster's control).
     */
    public void load(ProcessControl control) {
        supervisorctl.set("");
        configFile.set("");
        programs.set("");
        systemctl.set("");
        user.set(false);
        units.set("");
        custom.set(null);
        if (control instanceof ProcessControl.Supervisor s) {
            supervisorctl.set(orDefault(s.supervisorctl(), "supervisorctl"));
            configFile.set(s.configFile() == null ? "" : s.configFile());
            programs.set(text(s.programs()));
            kind.set(Kind.SUPERVISOR);
        } else if (control instanceof ProcessControl.Systemd s) {
            systemctl.set(orDefault(s.systemctl(), "systemctl"));
            user.set(s.user());
            units.set(text(s.units()));
            kind.set(Kind.SYSTEMD);
        } else if (control instanceof ProcessControl.Custom c) {
            custom.set(c);
            kind.set(Kind.CUSTOM);
        } else if (control == null && inherits) {
            kind.set(Kind.SAME_AS_CLUSTER);
        } else {
            kind.set(Kind.BUILDOUT);
        }
    }

    /**
     * The control the form describes (null: the cluster's, for a form that inherits); refused with
     * the reason when it is none.
     */
    public ProcessControl toControl() {
        try {
            return control();
        } catch (Refused r) {
            throw new IllegalArgumentException(Sentences.capitalized(r.getMessage()));
        }
    }

    /** Why the form makes no control, with the field to show it under. */
    public Problem check() {
        try {
            control();
            return Problem.NONE;
        } catch (Refused r) {
            return new Problem(r.field, Sentences.capitalized(r.getMessage()));
        }
    }

    private ProcessControl control() {
        return switch (kind.get()) {
            case SAME_AS_CLUSTER -> inherits ? null : new ProcessControl.BuildoutScripts();
            case BUILDOUT -> new ProcessControl.BuildoutScripts();
            case CUSTOM -> custom.get() == null ? new ProcessControl.BuildoutScripts() : custom.get();
            case SUPERVISOR -> {
                String ctl = program(supervisorctl.get(), "supervisorctl", Field.SUPERVISORCTL);
                Map<String, String> names = names(programs.get(), "supervisor programs", "program", Field.PROGRAMS);
                String config = strip(configFile.get());
                // the record checks the file before the programs: asked without them first, its
                // refusal is the file's
                refusedAs(Field.CONFIG_FILE, () -> new ProcessControl.Supervisor(ctl, Map.of(), config));
                yield refusedAs(Field.PROGRAMS, () -> new ProcessControl.Supervisor(ctl, names, config));
            }
            case SYSTEMD -> {
                String ctl = program(systemctl.get(), "systemctl", Field.SYSTEMCTL);
                Map<String, String> names = names(units.get(), "systemd units", "unit", Field.UNITS);
                yield refusedAs(Field.UNITS, () -> new ProcessControl.Systemd(ctl, user.get(), names));
            }
        };
    }

    /**
     * The program's path as typed (empty: found on the PATH). One word: it is run as the command's
     * first argument, not through a shell.
     */
    private static String program(String typed, String program, Field field) {
        String p = strip(typed);
        if (p.startsWith("-") || p.chars().anyMatch(Character::isWhitespace)) {
            throw new Refused(
                    field,
                    "the path of " + program + " is '" + p + "': write one path (e.g. /usr/bin/" + program
                            + ") without spaces, or leave it empty for the " + program + " on the PATH");
        }
        return p;
    }

    /**
     * {@code part=name, part=name} as a map, in the order written; an empty text is the empty map
     * (each part goes by its own name). What a name may be is the record's to say.
     */
    static Map<String, String> names(String text, String list, String what, Field field) {
        Map<String, String> out = new LinkedHashMap<>();
        String all = strip(text);
        if (all.isEmpty()) {
            return out;
        }
        String[] entries = all.split(",", -1);
        String how = ": write each as part=" + what + " (e.g. client1=plone-client1), separated by commas";
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String which = "entry " + (i + 1) + " of the " + list;
            if (entry.isEmpty()) {
                throw new Refused(field, which + " is empty" + how);
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new Refused(field, which + ", '" + entry + "', has no '='" + how);
            }
            String part = entry.substring(0, eq).strip();
            String name = entry.substring(eq + 1).strip();
            if (part.isEmpty()) {
                throw new Refused(field, which + ", '" + entry + "', names no part before '='" + how);
            }
            if (part.chars().anyMatch(Character::isWhitespace) || name.chars().anyMatch(Character::isWhitespace)) {
                throw new Refused(field, which + ", '" + entry + "', has a space inside a name" + how);
            }
            if (out.put(part, name) != null) {
                throw new Refused(field, which + " names part '" + part + "' again: give each part once");
            }
        }
        return out;
    }

    /** The record {@code make} builds, or its refusal as the field's. */
    private static ProcessControl refusedAs(Field field, Supplier<ProcessControl> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new Refused(field, e.getMessage());
        }
    }

    /** A refusal and the field it is about. */
    private static final class Refused extends IllegalArgumentException {
        private final Field field;

        Refused(Field field, String message) {
            super(message);
            this.field = field;
        }
    }

    /** A map as the form writes it: sorted by part, so a saved profile reads the same each time. */
    private static String text(Map<String, String> names) {
        return new TreeMap<>(names)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** What the page's readiness depends on. */
    Observable[] fields() {
        return new Observable[] {kind, supervisorctl, configFile, programs, systemctl, user, units, custom};
    }

    private static String orDefault(String value, String standard) {
        // the record's own default is shown as the empty field it came from
        return value == null || value.equals(standard) ? "" : value;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    /** Empty: {@code supervisorctl} on the PATH. */
    public StringProperty supervisorctlProperty() {
        return supervisorctl;
    }

    /** supervisord's configuration ({@code supervisorctl -c FILE}); empty: the system's. */
    public StringProperty configFileProperty() {
        return configFile;
    }

    /** {@code part=program, ...}; empty: each part's own name. */
    public StringProperty programsProperty() {
        return programs;
    }

    /** Empty: {@code systemctl} on the PATH. */
    public StringProperty systemctlProperty() {
        return systemctl;
    }

    /** {@code systemctl --user}: units of the login's own systemd instance. */
    public BooleanProperty userProperty() {
        return user;
    }

    /** {@code part=unit, ...}; empty: each part's own name. */
    public StringProperty unitsProperty() {
        return units;
    }

    /** The opened profile's custom control, shown and kept; null when it has none. */
    public ReadOnlyObjectProperty<ProcessControl.Custom> customProperty() {
        return custom.getReadOnlyProperty();
    }
}
