package org.zeofreeze.ui.cluster;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.profile.HostEntry;

/** One host of the profile as the Cluster page edits it, with the result of its last connection test. */
public final class HostRow {
    public enum Check {
        UNTESTED,
        TESTING,
        OK,
        FAILED
    }

    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty buildoutDir = new SimpleStringProperty(Buildout.DEFAULT_DIR);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<Check> check = new SimpleObjectProperty<>(Check.UNTESTED);
    /** What the profile held beyond what the page edits (port, sudo user), kept as it was. */
    private HostEntry original;

    public HostRow(String name) {
        this.name.set(name);
    }

    public static HostRow of(HostEntry entry) {
        HostRow row = new HostRow(entry.name());
        row.address.set(entry.address());
        row.user.set(entry.user() == null ? "" : entry.user());
        row.buildoutDir.set(entry.buildoutDir());
        row.original = entry;
        return row;
    }

    public HostEntry toEntry() {
        Integer port = original == null ? null : original.port();
        String sudo = original == null ? null : original.sudoUser();
        String u =
                user.get() == null || user.get().isBlank() ? null : user.get().strip();
        if (original != null && original.isFiles()) {
            // the page edits the buildout directory only: a files layout keeps the configurations
            // its profile names, the directory shown being its home directory
            return HostEntry.files(
                    name.get().strip(),
                    address.get(),
                    u,
                    port,
                    sudo,
                    buildoutDir.get().strip(),
                    original.server(),
                    original.clients(),
                    original.python());
        }
        return new HostEntry(
                name.get().strip(), address.get(), u, port, buildoutDir.get().strip(), sudo);
    }

    public boolean isLocal() {
        return address.get() == null || address.get().isBlank();
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty buildoutDirProperty() {
        return buildoutDir;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<Check> checkProperty() {
        return check;
    }
}
