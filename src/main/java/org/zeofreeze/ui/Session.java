package org.zeofreeze.ui;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.zeofreeze.discover.Discovery;
import org.zeofreeze.host.Host;
import org.zeofreeze.plan.Mode;
import org.zeofreeze.plan.Plan;
import org.zeofreeze.profile.ClusterProfile;
import org.zeofreeze.profile.ProfileStore;
import org.zeofreeze.ui.run.RunLauncher;
import org.zeofreeze.ui.run.RunSummary;
import org.zeofreeze.ui.task.TaskExecutor;

/**
 * What the pages decide, passed from one to the next (profile → discovery → choice → plan → run
 * outcome), and the services they use. Each page reads what the earlier ones left here when it
 * becomes current.
 */
public final class Session {
    private final TaskExecutor executor;
    private final HostConnector connector;
    private final ProfileStore profiles;
    private final RunLauncher launcher;
    private final Clock clock;

    private final ObjectProperty<ClusterProfile> profile = new SimpleObjectProperty<>();
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.FREEZE);
    private final ObjectProperty<Discovery> discovery = new SimpleObjectProperty<>();
    private final ObjectProperty<Plan> plan = new SimpleObjectProperty<>();
    private final ObjectProperty<RunSummary> result = new SimpleObjectProperty<>();
    /** Hosts connected by the Cluster page, by the name the profile gives them. */
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    public Session(TaskExecutor executor, HostConnector connector, ProfileStore profiles, RunLauncher launcher,
                   Clock clock) {
        this.executor = executor;
        this.connector = connector;
        this.profiles = profiles;
        this.launcher = launcher;
        this.clock = clock;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public HostConnector connector() {
        return connector;
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

    public ObjectProperty<Discovery> discoveryProperty() {
        return discovery;
    }

    public ObjectProperty<Plan> planProperty() {
        return plan;
    }

    /** How the last run ended, for the Done page. */
    public ObjectProperty<RunSummary> resultProperty() {
        return result;
    }

    /** Hosts are connected off the FX thread and read by later pages' tasks: guarded by this map. */
    public Map<String, Host> hosts() {
        return hosts;
    }

    public synchronized void putHosts(Map<String, Host> connected) {
        hosts.clear();
        hosts.putAll(connected);
    }

    /** A connected host by the name its files carry in plans ({@link Host#name()}) or by its profile name. */
    public synchronized Host host(String name) {
        Host host = hosts.values().stream().filter(h -> h.name().equals(name)).findFirst().orElse(hosts.get(name));
        if (host == null) {
            throw new IllegalStateException("host " + name + " is not connected");
        }
        return host;
    }
}
