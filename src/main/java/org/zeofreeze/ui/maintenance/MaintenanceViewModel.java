package org.zeofreeze.ui.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.Maintenance;
import org.zeofreeze.profile.MigrationTarget;
import org.zeofreeze.runbook.StrategyDecision;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.RunSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.ui.run.RunbookLauncher;
import org.zeofreeze.ui.session.RunRequest;
import org.zeofreeze.ui.session.Session;
import org.zeofreeze.ui.wizard.PageModel;

/**
 * The Maintenance page: the strategy (rolling: the site keeps serving; full stop: the guide's
 * order) with its reasons, what to do before the run, the profile's maintenance commands if any,
 * and the last confirmation: Apply is enabled only once the cluster's name is typed.
 */
public final class MaintenanceViewModel implements PageModel {
    private final Session session;
    private final ObservableList<String> checklist = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper expectedName = new ReadOnlyStringWrapper("");
    private final StringProperty typedName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper onCommand = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper offCommand = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper strategyReason = new ReadOnlyStringWrapper("");
    private final ObservableList<String> strategyNotes = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper rollingSafe = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper rollingText =
            new ReadOnlyStringWrapper("Ro_lling: one client at a time, then ZEO alone; the site keeps serving");
    private final ReadOnlyStringWrapper drainCommandsAt = new ReadOnlyStringWrapper("");
    /** What a move does after the copy, in order, and how long the storages stay read-only; empty unless moving. */
    private final ObservableList<String> moveSteps = FXCollections.observableArrayList();

    private Runnable showClusterPage = () -> {};
    private final BooleanBinding ready = Bindings.createBooleanBinding(
            () -> !expectedName.get().isEmpty()
                    && typedName.get() != null
                    && typedName.get().strip().equals(expectedName.get()),
            typedName,
            expectedName);

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
        session.maintenanceCommandsProperty()
                .set(!maintenance.onCommand().isEmpty()
                        || !maintenance.offCommand().isEmpty());
        MoveSetup move = session.moveSetupProperty().get();
        summary.set(plan == null ? "" : move == null ? summary(plan) : summary(plan, move.plan()));
        if (move != null) {
            session.strategyProperty()
                    .set(Strategy.ROLLING); // a move's own way, where it is safe: the site keeps serving
        }
        if (plan != null && profile != null && session.discoveryProperty().get() != null) {
            StrategyDecision rolling = RunbookLauncher.decision(request(Strategy.ROLLING));
            rollingSafe.set(!rolling.refused());
            if (rolling.refused()) {
                session.strategyProperty().set(Strategy.FULL_STOP);
            }
        }
        session.strategyProperty().removeListener(strategyChanged);
        session.strategyProperty().addListener(strategyChanged);
        describeStrategy();
    }

    private final ChangeListener<Strategy> strategyChanged = (o, a, b) -> describeStrategy();

    private RunRequest request(Strategy strategy) {
        return new RunRequest(
                session.profileForRun(),
                session.discoveryProperty().get(),
                session.planProperty().get(),
                session.hosts(),
                strategy,
                session.moveSetupProperty().get());
    }

    /** The chosen strategy's reason and notes, and the checklist that goes with it. */
    private void describeStrategy() {
        ClusterProfile profile = session.profileProperty().get();
        Plan plan = session.planProperty().get();
        Maintenance maintenance = profile == null ? Maintenance.none() : profile.maintenance();
        Strategy chosen = session.strategyProperty().get();
        Mode mode = plan == null ? Mode.FREEZE : plan.mode();
        rollingText.set(
                session.moveSetupProperty().get() != null
                        ? "Ro_lling: the freeze one client at a time, then ZEO alone; then the move's two rolls; the site keeps serving"
                        : mode == Mode.THAW
                                ? "Ro_lling: ZEO alone first, then one client at a time; the site keeps serving"
                                : "Ro_lling: one client at a time, then ZEO alone; the site keeps serving");
        List<String> items =
                new ArrayList<>(items(mode, !maintenance.onCommand().isEmpty(), chosen));
        if (mode == Mode.FREEZE) {
            // What the run does about the copy, from the profile's target rather than a guess.
            MigrationTarget target = profile == null ? null : profile.target();
            int at = items.indexOf(FIRST_RSYNC);
            String copy = target == null
                    ? "No migration target is set, so nothing is copied: set one on the Cluster page"
                    : target.preSyncs()
                            ? "The run copies the .fs files to " + target.destination(target.buildoutDir())
                                    + " once while the site is live (pre-sync), so the copy after freezing is quick"
                            : FIRST_RSYNC + " (pre-sync is off for " + target.destination(target.buildoutDir()) + ")";
            if (at >= 0) {
                items.set(at, copy);
            }
        }
        if (chosen == Strategy.ROLLING && !maintenance.drainCommand().isEmpty()) {
            items.replaceAll(i -> i.startsWith(BALANCER)
                    ? "The profile's drain commands take each client out of the "
                            + "balancer before its restart and back after it"
                    : i);
        }
        checklist.setAll(items);
        MoveSetup move = session.moveSetupProperty().get();
        moveSteps.setAll(
                move == null || profile == null
                        ? List.of()
                        : chosen == Strategy.FULL_STOP
                                ? fullStopMoveSteps(move.plan(), clientNames(move), profile.target())
                                : moveSteps(move.plan(), clientNames(move), profile.target()));
        String file =
                profile == null ? "" : session.profiles().pathOf(profile.name()).toString();
        drainCommandsAt.set(file.isEmpty() ? "" : "Drain commands: \"maintenance\" in " + file);
        if (plan == null || profile == null || session.discoveryProperty().get() == null) {
            strategyReason.set("");
            strategyNotes.clear();
            return;
        }
        StrategyDecision d = RunbookLauncher.decision(request(chosen));
        strategyReason.set(d.refused() ? d.refusal() : d.reason());
        strategyNotes.setAll(d.notes());
    }

    /** The clients the move switches, in the order the rolls take them. */
    private List<String> clientNames(MoveSetup move) {
        RunSetup setup = RunbookLauncher.setup(request(Strategy.ROLLING));
        return move.clients(setup).stream().map(c -> c.part() + "@" + c.host()).toList();
    }

    /**
     * What the move does after the freeze and the copy, the invariant between its two rolls, when
     * rollback stops being possible, and how long the storages stay read-only: of what it is made;
     * no number is guessed before the run has timed a client's turn of its own.
     */
    static List<String> moveSteps(MovePlan move, List<String> clients, MigrationTarget target) {
        String names = String.join(
                ", ", move.storages().stream().map(MovePlan.MovedStorage::name).toList());
        String order = clients.isEmpty() ? "no client opens them" : String.join(", then ", clients);
        List<String> out = new ArrayList<>();
        boolean one = move.storages().size() == 1;
        out.add("Freeze and copy: " + names + (one ? " becomes" : " become") + " read-only at the old server, "
                + (one ? "is" : "are") + " copied to "
                + (target == null ? move.targetHost() : target.destination(target.buildoutDir()))
                + " and the copy is verified.");
        out.add("First roll: the target (" + move.targetHost() + ", " + move.address()
                + ") serves the copies read-only "
                + "and proves them identical to the frozen source; then each client in turn (" + order + ") is pointed "
                + "at it, still read-only, the rest of the site serving.");
        out.add(
                "Second roll: only after the last client of the first roll, the storages become writable at the target, "
                        + "then each client in turn (" + order
                        + ") writable there. No client reads them from the old server once "
                        + "any client can write them at the new one.");
        out.add("Roll back is possible step by step until the second roll gives the first client write access at the "
                + "target; from then on it is refused (clients may have written there): going back is a new move.");
        out.add(
                "How long each storage stays read-only: from the freeze until its last client is writable at the target. "
                        + "That is the target's two restarts and " + 2 * clients.size() + " client turns (each client "
                        + "drained, restarted and back, twice), after the copy: the Run page gives the time still to go "
                        + "once the freeze has restarted a client (from this run's own turns), the Done page the time "
                        + "it took"
                        + (target != null && target.preSyncs()
                                ? "; the pre-sync copies the files while the site is live, so "
                                        + "only what changed since is copied while they are read-only."
                                : "; the pre-sync is off, so the whole "
                                        + "files are copied while they are read-only."));
        retireStep(move).ifPresent(out::add);
        return out;
    }

    /** With --retire, the move's last step; none otherwise. */
    private static Optional<String> retireStep(MovePlan move) {
        if (!move.retires()) {
            return Optional.empty();
        }
        String names = String.join(
                ", ", move.storages().stream().map(MovePlan.MovedStorage::name).toList());
        return Optional.of("Retire, last: once the old server's connections show that no client uses " + names
                + " there any more, their sections are taken out of its zeo.conf and it restarts alone; the .fs files "
                + "stay. Anything still connected for them stops the retire before a file is written.");
    }

    /**
     * The full stop's move, in the guide's order: one outage for the freeze and the copy, a second
     * with every switched client down at once, the maintenance page up from the first stop to the end.
     */
    static List<String> fullStopMoveSteps(MovePlan move, List<String> clients, MigrationTarget target) {
        String names = String.join(
                ", ", move.storages().stream().map(MovePlan.MovedStorage::name).toList());
        String order = clients.isEmpty() ? "no client opens them" : String.join(", ", clients);
        boolean one = move.storages().size() == 1;
        List<String> out = new ArrayList<>();
        out.add("Freeze and copy, everything stopped at once: " + names + (one ? " becomes" : " become")
                + " read-only at the old server, the site starts again read-only there, and the copy to "
                + (target == null ? move.targetHost() : target.destination(target.buildoutDir())) + " is verified.");
        out.add("The target (" + move.targetHost() + ", " + move.address() + ") serves the copies read-only and proves "
                + "them identical to the frozen source before any client is pointed at it.");
        out.add("Switch, everything that uses them stopped at once (" + order + ", and the target's server): each "
                + "client's files point at the target, writable, the target's storages become writable, the target "
                + "starts, then the clients. No client runs while another is being switched.");
        out.add("The maintenance page, where the profile has one, stays up from the first stop until the storages are "
                + "verified writable at the target. Roll back is possible until the clients are switched; from then on "
                + "it is refused (clients may have written there): going back is a new move.");
        retireStep(move).ifPresent(out::add);
        return out;
    }

    /** What Apply will do for a move: the freeze's files, then each phase's. */
    static String summary(Plan plan, MovePlan move) {
        String names = String.join(
                ", ", move.storages().stream().map(MovePlan.MovedStorage::name).toList());
        return "Move " + names + " to " + move.targetHost() + " (" + move.address() + "): freeze "
                + files(plan.changes().size()) + ", then " + files(move.serve().size()) + " "
                + MovePlan.Phase.SERVE.text() + ", then "
                + files(move.writable().size()) + " "
                + MovePlan.Phase.WRITABLE.text()
                + (move.retires() ? ", then " + files(move.retire().size()) + " " + MovePlan.Phase.RETIRE.text() : "")
                + ".";
    }

    private static String files(int n) {
        return n + (n == 1 ? " file" : " files");
    }

    static final String BALANCER = "The balancer takes a client out before its restart";
    static final String FIRST_RSYNC =
            "The first rsync of the .fs files to the new servers is done (the copy after " + "freezing is then quick)";

    static List<String> items(Mode mode, boolean haveCommands, Strategy strategy) {
        if (strategy == Strategy.ROLLING) {
            String balancer = BALANCER + " and back after it (drain commands, in the profile file) or retries on "
                    + "another client";
            if (mode == Mode.FREEZE) {
                return List.of(
                        balancer,
                        "Editors know: from now on the frozen parts of the site cannot be changed",
                        FIRST_RSYNC,
                        "No zeopack, backup or script of your own is connected to ZEO: it would hang on the frozen storages");
            }
            return List.of(balancer, "Editors know when they can edit the thawed parts again");
        }
        return items(mode, haveCommands);
    }

    static List<String> items(Mode mode, boolean haveCommands) {
        String serving = haveCommands
                ? "The front end will serve a maintenance page or its cache (the command below)"
                : "The front-end cache (Varnish) serves the site, or a maintenance page is up, while Zope restarts";
        if (mode == Mode.FREEZE) {
            return List.of(
                    serving,
                    "Editors know: from now on the frozen parts of the site cannot be changed",
                    FIRST_RSYNC,
                    "All Zope clients and the ZEO server may be stopped together: a client left running keeps retrying");
        }
        return List.of(
                serving,
                "Editors know when they can edit the thawed parts again",
                "All Zope clients and the ZEO server may be stopped together");
    }

    /** What Apply will do, in one sentence: "Freeze plone, catalog: 3 files on local." */
    static String summary(Plan plan) {
        long hosts = plan.changes().stream().map(c -> c.host()).distinct().count();
        String hostNames = String.join(
                ", ", plan.changes().stream().map(c -> c.host()).distinct().toList());
        String verb = plan.mode() == Mode.FREEZE ? "Freeze " : "Thaw ";
        return verb
                + String.join(
                        ", ", plan.selected().stream().map(id -> id.name()).toList()) + ": "
                + plan.changes().size() + (plan.changes().size() == 1 ? " file" : " files") + " on "
                + (hosts == 1 ? "" : hosts + " hosts, ") + hostNames + ".";
    }

    /** The Rolling option in the order of this mode: a thaw restarts ZEO first. */
    public ReadOnlyStringProperty rollingTextProperty() {
        return rollingText.getReadOnlyProperty();
    }

    /** What the move does, step by step; empty unless moving. */
    public ObservableList<String> moveSteps() {
        return moveSteps;
    }

    /** Where the commands the wizard does not edit are set: the profile's file. */
    public ReadOnlyStringProperty drainCommandsAtProperty() {
        return drainCommandsAt.getReadOnlyProperty();
    }

    /** How the page's "Cluster page" link goes back there (the target and its pre-sync are set there). */
    public void setShowClusterPage(Runnable show) {
        showClusterPage = show;
    }

    public void showClusterPage() {
        showClusterPage.run();
    }

    /** Why the chosen strategy runs as it does (or why it cannot run here). */
    public ReadOnlyStringProperty strategyReasonProperty() {
        return strategyReason.getReadOnlyProperty();
    }

    public ObservableList<String> strategyNotes() {
        return strategyNotes;
    }

    /** False when the rolling strategy cannot be proven safe on this cluster: only the full stop is offered. */
    public ReadOnlyBooleanProperty rollingSafeProperty() {
        return rollingSafe.getReadOnlyProperty();
    }

    /** The strategy of the run, shared with the Run page. */
    public ObjectProperty<Strategy> strategyProperty() {
        return session.strategyProperty();
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
