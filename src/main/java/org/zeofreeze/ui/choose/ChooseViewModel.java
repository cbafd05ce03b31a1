package org.zeofreeze.ui.choose;

import java.util.List;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/** The Choose page: freeze or thaw, and which storages. Next makes the plan. */
public final class ChooseViewModel implements PageModel {
    private final Session session;
    private final ObservableList<StorageOption> options =
            FXCollections.observableArrayList(o -> new Observable[] {o.selectedProperty()});
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> options.stream().anyMatch(o -> o.selectedProperty().get()), options);

    private final javafx.beans.binding.StringBinding intro;

    public ChooseViewModel(Session session) {
        this.session = session;
        session.modeProperty().addListener((o, a, b) -> refresh());
        intro = Bindings.createStringBinding(() -> session.modeProperty().get() == Mode.THAW
                ? "Thaw the storages that were frozen: each becomes writable again on the ZEO server and in every Zope "
                        + "client that opens it."
                : "Freeze the storages you are about to copy; the site keeps serving them read-only. Each one is marked "
                        + "read-only on the ZEO server and in every Zope client that opens it.", session.modeProperty());
    }

    /** What the page is for, in the words of the mode chosen. */
    public javafx.beans.binding.StringBinding introProperty() {
        return intro;
    }

    @Override
    public void entered() {
        refresh();
    }

    private void refresh() {
        message.set("");
        Discovery discovery = session.discoveryProperty().get();
        if (discovery == null) {
            options.clear();
            return;
        }
        options.setAll(optionsFor(discovery.cluster(), session.modeProperty().get()));
        if (session.modeProperty().get() == Mode.FREEZE && discovery.cluster().root().isEmpty()) {
            message.set("The root storage is not known (see the findings on the Layout page), so nothing is ticked: "
                    + "tick the storages to freeze yourself, never the one Zope mounts at '/'.");
        }
    }

    /** One option per storage, with the default selection: everything the mode can change. */
    public static List<StorageOption> optionsFor(Cluster cluster, Mode mode) {
        return cluster.storages().stream().map(s -> {
            boolean root = cluster.isRoot(s.id());
            boolean frozenEverywhere = cluster.frozenEverywhere(s);
            boolean frozenAnywhere = cluster.frozenAnywhere(s);
            String reason = lockReason(s, mode, root, frozenEverywhere, frozenAnywhere);
            StorageOption option = new StorageOption(s.id(), cluster.displayName(s.id()), detail(cluster, s),
                    root, frozenEverywhere, reason);
            // An unknown root: nothing ticked by default, so that it is never frozen by mistake.
            option.selectedProperty().set(reason == null && (mode != Mode.FREEZE || cluster.root().isPresent()));
            return option;
        }).toList();
    }

    private static String lockReason(Storage s, Mode mode, boolean root, boolean frozenEverywhere, boolean frozenAnywhere) {
        if (!s.freezable()) {
            return s.notFreezable();
        }
        if (mode == Mode.FREEZE) {
            if (root) {
                return "the root database (mounted at /): Zope writes to it at start-up, so it is never frozen";
            }
            if (frozenEverywhere) {
                return "already frozen on the server and in every client";
            }
            return null;
        }
        return frozenAnywhere ? null : "not frozen anywhere: nothing to thaw";
    }

    private static String detail(Cluster cluster, Storage s) {
        String where = s.path() == null ? s.type() : s.path();
        long clients = cluster.usesOf(s.id()).size();
        return where + " · opened by " + clients + " client database" + (clients == 1 ? "" : "s");
    }

    /** The ticked storages, as the ids they are: no name is typed or parsed on the way to the plan. */
    public java.util.Set<org.zeofreeze.cluster.StorageId> selectedIds() {
        return options.stream().filter(o -> o.selectedProperty().get()).map(StorageOption::id)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    @Override
    public void advance(Runnable proceed) {
        Discovery discovery = session.discoveryProperty().get();
        Choice choice = new Choice(session.modeProperty().get(), selectedIds());
        busy.set(true);
        session.executor().execute(() -> {
            org.zeofreeze.plan.Plan made = FreezeHistory.planner(choice.mode(), discovery, session.hosts().asFunction())
                    .plan(discovery, choice);
            session.secretsOf(made); // found here, off the UI thread, for the pages that mask with them
            return made;
        }, plan -> {
            busy.set(false);
            if (plan.isEmpty()) {
                message.set("Nothing to change: the chosen storages are already "
                        + (choice.mode() == Mode.FREEZE ? "frozen" : "writable") + " everywhere.");
                return;
            }
            session.planProperty().set(plan);
            proceed.run();
        }, error -> {
            busy.set(false);
            message.set(error.getMessage());
        });
    }

    public ObjectProperty<Mode> modeProperty() {
        return session.modeProperty();
    }

    public ObservableList<StorageOption> options() {
        return options;
    }

    public StringProperty messageProperty() {
        return message;
    }

    @Override
    public ObservableBooleanValue readyProperty() {
        return ready;
    }

    @Override
    public ObservableBooleanValue busyProperty() {
        return busy;
    }

    /** The plan made on the last Next, for tests and the next page. */
    public Plan plan() {
        return session.planProperty().get();
    }
}
