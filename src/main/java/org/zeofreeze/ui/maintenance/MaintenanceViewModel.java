package org.zeofreeze.ui.maintenance;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.ui.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Maintenance page: what to do before the cluster goes down, the profile's maintenance
 * commands if any, and the last confirmation: Apply is enabled only once the cluster's name is typed.
 */
public final class MaintenanceViewModel implements PageModel {
    private final Session session;
    private final ObservableList<String> checklist = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper expectedName = new ReadOnlyStringWrapper("");
    private final StringProperty typedName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper onCommand = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper offCommand = new ReadOnlyStringWrapper("");
    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> !expectedName.get().isEmpty() && typedName.get() != null
                    && typedName.get().strip().equals(expectedName.get()), typedName, expectedName);

    public MaintenanceViewModel(Session session) {
        this.session = session;
    }

    @Override
    public void entered() {
        ClusterProfile profile = session.profileProperty().get();
        Plan plan = session.planProperty().get();
        typedName.set("");
        expectedName.set(profile == null ? "" : profile.name());
        Maintenance maintenance = profile == null ? Maintenance.none() : profile.maintenance();
        onCommand.set(String.join(" ", maintenance.onCommand()));
        offCommand.set(String.join(" ", maintenance.offCommand()));
        session.maintenanceCommandsProperty().set(!maintenance.onCommand().isEmpty()
                || !maintenance.offCommand().isEmpty());
        checklist.setAll(items(plan == null ? Mode.FREEZE : plan.mode(), !maintenance.onCommand().isEmpty()));
        summary.set(plan == null ? "" : summary(plan));
    }

    static List<String> items(Mode mode, boolean haveCommands) {
        String serving = haveCommands ? "The front end will serve a maintenance page or its cache (the command below)"
                : "The front-end cache (Varnish) serves the site, or a maintenance page is up, while Zope restarts";
        if (mode == Mode.FREEZE) {
            return List.of(serving,
                    "Editors know: from now on the frozen parts of the site cannot be changed",
                    "The first rsync of the .fs files to the new servers is done (the copy after freezing is then quick)",
                    "All Zope clients and the ZEO server may be stopped together: a client left running keeps retrying");
        }
        return List.of(serving,
                "Editors know when they can edit the thawed parts again",
                "All Zope clients and the ZEO server may be stopped together");
    }

    /** What Apply will do, in one sentence: "Freeze plone, catalog: 3 files on local." */
    static String summary(Plan plan) {
        long hosts = plan.changes().stream().map(c -> c.host()).distinct().count();
        String hostNames = String.join(", ", plan.changes().stream().map(c -> c.host()).distinct().toList());
        String verb = plan.mode() == Mode.FREEZE ? "Freeze " : "Thaw ";
        return verb + String.join(", ", plan.selected().stream().map(id -> id.name()).toList()) + ": "
                + plan.changes().size() + (plan.changes().size() == 1 ? " file" : " files") + " on "
                + (hosts == 1 ? "" : hosts + " hosts, ") + hostNames + ".";
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<String> checklist() {
        return checklist;
    }

    public ReadOnlyStringProperty expectedNameProperty() {
        return expectedName.getReadOnlyProperty();
    }

    public StringProperty typedNameProperty() {
        return typedName;
    }

    public ReadOnlyStringProperty onCommandProperty() {
        return onCommand.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty offCommandProperty() {
        return offCommand.getReadOnlyProperty();
    }

    /** Shared with the run: unticked, the run leaves the front end alone. */
    public BooleanProperty runMaintenanceCommandsProperty() {
        return session.maintenanceCommandsProperty();
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }

    @Override
    public String nextText() {
        return "_Apply";
    }

    /** Enter never applies: the name must be typed and Apply pressed deliberately. */
    @Override
    public boolean enterMeansNext() {
        return false;
    }
}
