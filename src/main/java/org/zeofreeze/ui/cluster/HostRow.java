package org.zeofreeze.ui.cluster;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.zeofreeze.cluster.Buildout;
import org.zeofreeze.format.Sentences;
import org.zeofreeze.profile.HostEntry;

/** One host of the profile as the Cluster page edits it, with the result of its last connection test. */
public final class HostRow {
    public enum Check {
        UNTESTED,
        TESTING,
        OK,
        FAILED
    }

    /** How the host is described: a buildout directory that is searched, or the files it names. */
    public enum Layout {
        BUILDOUT,
        FILES
    }

    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final ObjectProperty<Layout> layout = new SimpleObjectProperty<>(Layout.BUILDOUT);
    private final StringProperty buildoutDir = new SimpleStringProperty(Buildout.DEFAULT_DIR);
    // Both layouts keep what was typed in them, so switching back and forth loses nothing.
    private final FilesHostForm files = new FilesHostForm();
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<Check> check = new SimpleObjectProperty<>(Check.UNTESTED);
    private final StringBinding problem;
    private final StringBinding problemField;
    /** What the profile held beyond what the page edits (port, sudo user), kept as it was. */
    private HostEntry original;

    public HostRow(String name) {
        this.name.set(name);
        problem = Bindings.createStringBinding(this::problem, fields());
        problemField = Bindings.createStringBinding(() -> FilesHostForm.fieldNamedIn(problem.get()), problem);
    }

    public static HostRow of(HostEntry entry) {
        HostRow row = new HostRow(entry.name());
        row.address.set(entry.address());
        row.user.set(entry.user() == null ? "" : entry.user());
        if (entry.isFiles()) {
            row.layout.set(Layout.FILES);
            row.files.load(entry);
        } else {
            row.buildoutDir.set(entry.buildoutDir());
        }
        row.original = entry;
        return row;
    }

    /** The host as the profile keeps it; refused with the profile's own reason when it is none. */
    public HostEntry toEntry() {
        Integer port = original == null ? null : original.port();
        String sudo = original == null ? null : original.sudoUser();
        String u =
                user.get() == null || user.get().isBlank() ? null : user.get().strip();
        String n = name.get() == null ? null : name.get().strip();
        if (layout.get() == Layout.FILES) {
            return files.toEntry(n, address.get(), u, port, sudo);
        }
        String dir = buildoutDir.get() == null ? null : buildoutDir.get().strip();
        return new HostEntry(n, address.get(), u, port, dir, sudo);
    }

    /** Why the row is no host the profile can keep, in the profile's words; empty when it is one. */
    public String problem() {
        try {
            toEntry();
            return "";
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            return Sentences.capitalized(m);
        }
    }

    /** What the row's validity depends on. */
    Observable[] fields() {
        Observable[] own = {name, address, user, layout, buildoutDir};
        Observable[] form = files.fields();
        Observable[] all = new Observable[own.length + form.length];
        System.arraycopy(own, 0, all, 0, own.length);
        System.arraycopy(form, 0, all, own.length, form.length);
        return all;
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

    public ObjectProperty<Layout> layoutProperty() {
        return layout;
    }

    public StringProperty buildoutDirProperty() {
        return buildoutDir;
    }

    /** The named files, edited while the layout is {@link Layout#FILES} and kept while it is not. */
    public FilesHostForm files() {
        return files;
    }

    /** {@link #problem()}, for the page to show. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** The field {@link #problem()} names, as the profile names it ({@code "clients[0].http"}); empty if none. */
    public StringBinding problemFieldProperty() {
        return problemField;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<Check> checkProperty() {
        return check;
    }
}
