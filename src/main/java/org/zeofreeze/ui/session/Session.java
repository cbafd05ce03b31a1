package org.zeofreeze.ui.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.HostProvider;
import org.zeofreeze.host.ProfileHosts;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.MovePlan;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.plan.Secrets;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.runbook.setup.MoveSetup;
import org.zeofreeze.runbook.setup.Strategy;
import org.zeofreeze.ui.task.TaskExecutor;

/**
 * What the pages decide, passed from one to the next (profile → discovery → choice → plan → run
 * outcome), and the services they use. Each page reads what the earlier ones left here when it
 * becomes current.
 */
public final class Session {
    private final TaskExecutor executor;
    private final Function<ClusterProfile, ProfileHosts> hostsFor;
    private final ProfileStore profiles;
    private final RunLauncher launcher;
    private final Clock clock;

    private final ObjectProperty<ClusterProfile> profile = new SimpleObjectProperty<>();
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.FREEZE);
    /**
     * Whether the run moves the chosen storages to the profile's target: a freeze (the mode stays
     * FREEZE), the copy, then their putting into service there. Kept apart from the mode because
     * the plan, the journal and the engine know only freeze and thaw.
     */
    private final BooleanProperty move = new SimpleBooleanProperty();
    /** With a move: whether it ends by retiring the moved storages from the old server ({@code --retire}). */
    private final BooleanProperty retire = new SimpleBooleanProperty();
    /** The reviewed move (its two phases and the target as read), with the freeze plan; null unless moving. */
    private final ObjectProperty<MoveSetup> moveSetup = new SimpleObjectProperty<>();

    private final ObjectProperty<Discovery> discovery = new SimpleObjectProperty<>();
    private final ObjectProperty<Plan> plan = new SimpleObjectProperty<>();
    private final ObjectProperty<RunSummary> result = new SimpleObjectProperty<>();
    /** Whether the run switches the front end with the profile's maintenance commands. */
    private final BooleanProperty maintenanceCommands = new SimpleBooleanProperty(true);
    /** The strategy the admin chose on the Maintenance page; rolling unless the full stop is chosen. */
    private final ObjectProperty<Strategy> strategy = new SimpleObjectProperty<>(Strategy.ROLLING);
    /** The hosts of the current profile, connected by the Cluster page. */
    private ProfileHosts hosts;

    /** {@code hostsFor} opens the hosts of a profile: this computer, SSH hosts in the application. */
    private Plan secretsOf;

    private MovePlan secretsOfMove;
    private Secrets secrets;

    public Session(
            TaskExecutor executor,
            Function<ClusterProfile, ProfileHosts> hostsFor,
            ProfileStore profiles,
            RunLauncher launcher,
            Clock clock) {
        this.executor = executor;
        this.hostsFor = hostsFor;
        this.profiles = profiles;
        this.launcher = launcher;
        this.clock = clock;
        // A move is a freeze: a thaw is never one, and choosing a move makes the mode a freeze.
        mode.addListener((o, a, b) -> {
            if (b == Mode.THAW) {
                move.set(false);
            }
        });
        move.addListener((o, a, b) -> {
            if (b) {
                mode.set(Mode.FREEZE);
            }
        });
    }

    public TaskExecutor executor() {
        return executor;
    }

    /** Hosts for a profile, not connected yet (each connects on first use). */
    public ProfileHosts openHosts(ClusterProfile profile) {
        return hostsFor.apply(profile);
    }

    public ProfileStore profiles() {
        return profiles;
    }

    public RunLauncher launcher() {
        return launcher;
    }

    public Clock clock() {
        return clock;
    }

    public ObjectProperty<ClusterProfile> profileProperty() {
        return profile;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** Whether the run moves the storages to the target (then the mode is FREEZE). */
    public BooleanProperty moveProperty() {
        return move;
    }

    /** With a move: whether it ends by taking the moved storages' sections out of the old server's zeo.conf. */
    public BooleanProperty retireProperty() {
        return retire;
    }

    /** Whether this session moves storages: the one place the pages ask. */
    public boolean moves() {
        return move.get();
    }

    /** The move planned with the current plan, or null (a freeze or thaw on its own). */
    public ObjectProperty<MoveSetup> moveSetupProperty() {
        return moveSetup;
    }

    public ObjectProperty<Discovery> discoveryProperty() {
        return discovery;
    }

    public ObjectProperty<Plan> planProperty() {
        return plan;
    }

    /**
     * The secret values of the current plan, found once per plan: the Review page, its copy and
     * export, and the Run page all mask with them.
     */
    public Secrets secrets() {
        MoveSetup m = moveSetup.get();
        return secretsOf(planProperty().get(), m == null ? null : m.plan());
    }

    /**
     * The secret values of {@code plan}, found the first time and kept for it; called in the
     * background where the plan is made, so the pages that show it find them ready.
     */
    public Secrets secretsOf(Plan plan) {
        return secretsOf(plan, null);
    }

    /**
     * The secret values of {@code plan} and of the files {@code move} writes (the target's
     * zeo.conf may define its own), found the first time and kept for the pair.
     */
    public synchronized Secrets secretsOf(Plan plan, MovePlan move) {
        if (plan == null) {
            return Secrets.NONE;
        }
        if (plan != secretsOf || move != secretsOfMove) {
            if (move == null) {
                secrets = Secrets.of(plan);
            } else {
                List<String> texts = new ArrayList<>();
                Stream.of(plan.changes(), move.serve(), move.writable(), move.retire())
                        .flatMap(List::stream)
                        .forEach(c -> {
                            texts.add(new String(c.before(), StandardCharsets.UTF_8));
                            texts.add(new String(c.after(), StandardCharsets.UTF_8));
                        });
                secrets = Secrets.in(texts);
            }
            secretsOf = plan;
            secretsOfMove = move;
        }
        return secrets;
    }

    public ObjectProperty<Strategy> strategyProperty() {
        return strategy;
    }

    public BooleanProperty maintenanceCommandsProperty() {
        return maintenanceCommands;
    }

    /** The profile as the run uses it: without maintenance commands when the person chose to switch by hand. */
    public ClusterProfile profileForRun() {
        ClusterProfile p = profile.get();
        if (p == null || maintenanceCommands.get()) {
            return p;
        }
        return new ClusterProfile(
                p.name(), p.hosts(), p.control(), p.target(), null, p.chmodFrozenFiles(), p.editGeneratedFiles());
    }

    /** How the last run ended, for the Done page. */
    public ObjectProperty<RunSummary> resultProperty() {
        return result;
    }

    /** Replaces the hosts of the previous profile (closing their connections). */
    public synchronized void useHosts(ProfileHosts connected) {
        if (hosts != null && hosts != connected) {
            hosts.close();
        }
        hosts = connected;
    }

    /** The connected hosts, for runs and look-ups off the FX thread. */
    public synchronized HostProvider hosts() {
        ProfileHosts current = hosts;
        return name -> {
            if (current == null) {
                throw new IOException("no hosts connected yet");
            }
            return current.get(name);
        };
    }

    public synchronized void close() {
        useHosts(null);
    }
}
