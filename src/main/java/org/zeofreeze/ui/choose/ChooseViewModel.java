package org.zeofreeze.ui.choose;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.apply.FreezeHistory;
import org.zeofreeze.cluster.Cluster;
import org.zeofreeze.cluster.Storage;
import org.zeofreeze.cluster.StorageId;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.plan.Choice;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Selection;
import org.zeofreeze.plan.StorageRef;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.runbook.RunPreparation;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Choose page: freeze, thaw or move to the profile's target, and which storages. Next makes
 * the plan; for a move the freeze's and the move's, through the engine's move preparation.
 */
public final class ChooseViewModel implements PageModel {
    private final Session session;
    private final ObservableList<StorageOption> options =
            FXCollections.observableArrayList(o -> new Observable[] {o.selectedProperty()});
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> options.stream().anyMatch(o -> o.selectedProperty().get()), options);

    private final StringBinding intro;
    private final StringBinding moveBlocker;

    public ChooseViewModel(Session session) {
        this.session = session;
        session.modeProperty().addListener((o, a, b) -> refresh());
        session.moveProperty().addListener((o, a, b) -> refresh());
        intro = Bindings.createStringBinding(
                () -> session.moves()
                        ? "Move the storages to the new server while the site keeps serving: each is frozen, copied to the "
                                + "target and served there read-only; then every Zope client that opens it is pointed at the "
                                + "target, and only after the last one the storages become writable there."
                        : session.modeProperty().get() == Mode.THAW
                                ? "Thaw the storages that were frozen: each becomes writable again on the ZEO server and in every Zope "
                                        + "client that opens it."
                                : "Freeze the storages you are about to copy; the site keeps serving them read-only. Each one is marked "
                                        + "read-only on the ZEO server and in every Zope client that opens it.",
                session.modeProperty(),
                session.moveProperty());
        moveBlocker = Bindings.createStringBinding(
                () -> moveBlocker(session.profileProperty().get()), session.profileProperty());
        // A profile without a target cannot move: the choice falls back to a freeze rather than fail at Next.
        moveBlocker.addListener((o, a, b) -> {
            if (!b.isEmpty()) {
                session.moveProperty().set(false);
            }
        });
    }

    /** Why the profile cannot move storages; empty when it can (it names a migration target). */
    public static String moveBlocker(ClusterProfile profile) {
        if (profile == null) {
            return "No profile yet";
        }
        return profile.target() == null
                ? "The profile has no migration target: set the new server on the Cluster page"
                : "";
    }

    /** Why Move is not offered, or empty. */
    public StringBinding moveBlockerProperty() {
        return moveBlocker;
    }

    /** Whether the storages are moved to the target (a freeze, then the move). */
    public BooleanProperty moveProperty() {
        return session.moveProperty();
    }

    /**
     * With a move: whether it ends by retiring the moved storages from the old server — their
     * sections taken out of its zeo.conf (the .fs files kept), once no client uses them there.
     */
    public BooleanProperty retireProperty() {
        return session.retireProperty();
    }

    /** What the page is for, in the words of the mode chosen. */
    public StringBinding introProperty() {
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
        if (session.moves() && !moveBlocker.get().isEmpty()) {
            session.moveProperty().set(false); // the profile changed under a chosen move; refresh runs again
            return;
        }
        options.setAll(optionsFor(discovery.cluster(), session.modeProperty().get(), session.moves()));
        if (session.modeProperty().get() == Mode.FREEZE
                && discovery.cluster().root().isEmpty()) {
            message.set("The root storage is not known (see the findings on the Layout page), so nothing is ticked: "
                    + "tick the storages to freeze yourself, never the one Zope mounts at '/'.");
        }
    }

    /** One option per storage, with the default selection: everything the mode can change. */
    public static List<StorageOption> optionsFor(Cluster cluster, Mode mode) {
        return optionsFor(cluster, mode, false);
    }

    /** The same for a move ({@code move}: the mode is FREEZE), whose locks differ. */
    public static List<StorageOption> optionsFor(Cluster cluster, Mode mode, boolean move) {
        return cluster.storages().stream()
                .map(s -> {
                    boolean root = cluster.isRoot(s.id());
                    boolean frozenEverywhere = cluster.frozenEverywhere(s);
                    boolean frozenAnywhere = cluster.frozenAnywhere(s);
                    String reason = move
                            ? moveLockReason(cluster, s, root)
                            : lockReason(s, mode, root, frozenEverywhere, frozenAnywhere);
                    StorageOption option = new StorageOption(
                            s.id(), cluster.displayName(s.id()), detail(cluster, s), root, frozenEverywhere, reason);
                    // An unknown root: nothing ticked by default, so that it is never frozen by mistake.
                    option.selectedProperty()
                            .set(reason == null
                                    && (mode != Mode.FREEZE || cluster.root().isPresent()));
                    return option;
                })
                .toList();
    }

    private static String lockReason(
            Storage s, Mode mode, boolean root, boolean frozenEverywhere, boolean frozenAnywhere) {
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

    /**
     * What keeps a storage from being moved: what keeps it from being frozen, except being frozen
     * already — a storage frozen by an earlier run is moved as it is, and its clients end
     * writable at the target as a thaw leaves them.
     */
    public static String moveLockReason(Cluster cluster, Storage s, boolean root) {
        if (!s.freezable()) {
            return s.notFreezable();
        }
        if (root) {
            return "the root database (mounted at /): Zope writes to it at start-up, so it is never frozen or moved";
        }
        return null;
    }

    private static String detail(Cluster cluster, Storage s) {
        String where = s.path() == null ? s.type() : s.path();
        long clients = cluster.usesOf(s.id()).size();
        return where + " · opened by " + clients + " client database" + (clients == 1 ? "" : "s");
    }

    /** The ticked storages, as the ids they are: no name is typed or parsed on the way to the plan. */
    public Set<StorageId> selectedIds() {
        return options.stream()
                .filter(o -> o.selectedProperty().get())
                .map(StorageOption::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Makes the plan, off the UI thread: the one place that decides between a freeze or thaw on
     * the cluster as read, and a move, which the engine prepares from the profile (it reads the
     * cluster and the target's buildout again, so both plans start from the files as they are).
     */
    @Override
    public void advance(Runnable proceed) {
        Discovery discovery = session.discoveryProperty().get();
        Choice choice = new Choice(session.modeProperty().get(), selectedIds());
        boolean move = session.moves();
        boolean retire = session.retireProperty().get();
        ClusterProfile profile = session.profileProperty().get();
        HostProvider hosts = session.hosts();
        busy.set(true);
        session.executor()
                .execute(
                        () -> {
                            if (move) {
                                RunSetup setup = RunPreparation.prepareMove(
                                        profile,
                                        new Selection(
                                                Mode.FREEZE,
                                                choice.storages().stream()
                                                        .map(id -> new StorageRef(id.host(), id.server(), id.name()))
                                                        .toList()),
                                        hosts,
                                        retire);
                                session.secretsOf(setup.plan(), setup.move().plan());
                                return new Planned(setup.plan(), setup.discovery(), setup.move());
                            }
                            Plan made = FreezeHistory.planner(
                                            choice.mode(),
                                            discovery,
                                            hosts.asFunction(),
                                            profile != null && profile.editGeneratedFiles())
                                    .plan(discovery, choice);
                            session.secretsOf(made); // found here, off the UI thread, for the pages that mask with them
                            return new Planned(made, discovery, null);
                        },
                        planned -> {
                            busy.set(false);
                            if (planned.plan().isEmpty() && planned.move() == null) {
                                message.set("Nothing to change: the chosen storages are already "
                                        + (choice.mode() == Mode.FREEZE ? "frozen" : "writable") + " everywhere.");
                                return;
                            }
                            // The move's plan was made from the cluster as read just now: the run works from that
                            // reading.
                            session.discoveryProperty().set(planned.discovery());
                            session.moveSetupProperty().set(planned.move());
                            session.planProperty().set(planned.plan());
                            proceed.run();
                        },
                        error -> {
                            busy.set(false);
                            message.set(error.getMessage());
                        });
    }

    /** What Next planned: the freeze or thaw, the cluster it was planned on, and the move (null unless moving). */
    private record Planned(Plan plan, Discovery discovery, MoveSetup move) {}

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
